import { DateTime } from "luxon";
import type { TaskView } from "../tasks/task-model.ts";

/** RFC 5545 weekday codes (BYDAY) → English names; the page's repeat editor labels its day buttons with them. */
export const WEEKDAY_NAMES: Readonly<Record<string, string>> = {
  MO: "Monday",
  TU: "Tuesday",
  WE: "Wednesday",
  TH: "Thursday",
  FR: "Friday",
  SA: "Saturday",
  SU: "Sunday",
};
const ORDINAL_NAMES: Record<string, string> = { "1": "first", "2": "second", "3": "third", "4": "fourth", "-1": "last", "-2": "second to last" };
const UNIT_OF_FREQ: Record<string, string> = { DAILY: "day", WEEKLY: "week", MONTHLY: "month", YEARLY: "year" };
const EVERY_ONE: Record<string, string> = { day: "daily", week: "weekly", month: "monthly", year: "yearly" };

/**
 * Plain words for dates, repeats and reminders, shared by the chat, the web page, MCP answers and notifications.
 * Pure: every function takes the user's IANA zone and "now" explicitly; nothing reads the process zone.
 */

/** "today", "tomorrow", "Sunday" (within a week), else "Mon 7 Dec" (with the year when not this year). */
export function dayInWords(date: DateTime, now: DateTime): string {
  const days = Math.round(date.startOf("day").diff(now.startOf("day"), "days").days);
  if (days === 0) return "today";
  if (days === 1) return "tomorrow";
  if (days === -1) return "yesterday";
  if (days > 1 && days < 7) return date.toFormat("cccc");
  return date.toFormat(date.year === now.year ? "ccc d LLL" : "ccc d LLL yyyy");
}

/** The last "now" asked about, in its zone: a list of tasks shares one (luxon zone work is the cost). */
let lastHere: { zone: string; ms: number; here: DateTime; day: string } | undefined;
/** Words already worked out, keyed by zone, the user's date and the due value; cleared when full. */
const dueWordsCache = new Map<string, string>();
const DUE_WORDS_CACHE_SIZE = 2_000;

/**
 * When a task is due, in words, in the user's zone: "Sunday 6:00 PM", "tomorrow", or null.
 * The words depend only on the zone, the user's current date and the due value, so they are
 * remembered under those (the same tasks are described turn after turn).
 */
export function dueInWords(task: Pick<TaskView, "dueAt" | "dueDate">, timeZone: string, now: Date): string | null {
  const due = task.dueAt || task.dueDate;
  if (!due) return null;
  const ms = now.getTime();
  if (!lastHere || lastHere.zone !== timeZone || lastHere.ms !== ms) {
    const here = DateTime.fromJSDate(now, { zone: timeZone });
    lastHere = { zone: timeZone, ms, here, day: here.toISODate() ?? "" };
  }
  const key = `${timeZone}|${lastHere.day}|${task.dueAt ? "t" : "d"}|${due}`;
  const known = dueWordsCache.get(key);
  if (known !== undefined) return known;
  const here = lastHere.here;
  let words: string;
  if (task.dueAt) {
    const at = DateTime.fromISO(task.dueAt, { zone: timeZone });
    words = `${dayInWords(at, here)} ${at.toFormat("h:mm a")}`;
  } else words = dayInWords(DateTime.fromISO(due, { zone: timeZone }), here);
  if (dueWordsCache.size >= DUE_WORDS_CACHE_SIZE) dueWordsCache.clear();
  dueWordsCache.set(key, words);
  return words;
}

const numberList = (value: string | undefined): number[] =>
  value === undefined ? [] : [...new Set(value.split(",").map(Number))].filter((n) => Number.isInteger(n) && n >= 0 && n <= 59).sort((a, b) => a - b);

/**
 * A rule's times of day (BYHOUR × BYMINUTE) in words: "8:00 AM and 8:00 PM"; null without BYHOUR.
 * A rule with BYHOUR but no BYMINUTE takes its minute from the series' start, which the rule does
 * not say: it is shown as on the hour. (BYMINUTE alone is left to the due time to show.)
 */
function timesInWords(byHour: string | undefined, byMinute: string | undefined): string | null {
  const hours = numberList(byHour).filter((h) => h <= 23);
  if (hours.length === 0) return null;
  const minutes = byMinute === undefined ? [0] : numberList(byMinute);
  const names = hours.flatMap((hour) =>
    (minutes.length ? minutes : [0]).map(
      (minute) => `${hour % 12 === 0 ? 12 : hour % 12}:${String(minute).padStart(2, "0")} ${hour < 12 ? "AM" : "PM"}`,
    ),
  );
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : (names[0] ?? null);
}

/**
 * An RRULE in words: "daily", "weekly", "every 2 weeks on Monday and Friday", "monthly on the last
 * Friday", "every day at 8:00 AM and 8:00 PM", "weekly on Tuesday and Thursday at 6:00 PM".
 */
export function repeatInWords(rule: string | null): string | null {
  if (!rule) return null;
  const parts: Record<string, string> = Object.fromEntries(
    rule.split(";").map((p): [string, string] => [p.split("=", 2)[0] ?? "", p.split("=", 2)[1] ?? ""]),
  );
  const interval = Number(parts.INTERVAL ?? 1);
  const unit = UNIT_OF_FREQ[parts.FREQ ?? ""] ?? "time";
  let words = interval === 1 ? (EVERY_ONE[unit] ?? "repeatedly") : `every ${interval} ${unit}s`;
  if (parts.BYDAY) {
    const days = parts.BYDAY.split(",");
    if (parts.BYDAY === "MO,TU,WE,TH,FR") words = interval === 1 ? "every weekday" : `${words} on weekdays`;
    else if (parts.BYDAY === "SA,SU") words = "every weekend";
    else {
      const names = days.map((d) => {
        const m = /^([+-]?\d+)?([A-Z]{2})$/.exec(d);
        const name = WEEKDAY_NAMES[m?.[2] ?? ""] ?? d;
        return m?.[1] ? `the ${ORDINAL_NAMES[m[1].replace("+", "")] ?? m[1]} ${name}` : name;
      });
      const list = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : names[0];
      words = `${words} on ${list}`;
    }
  }
  if (parts.BYMONTHDAY) words = `${words} on ${parts.BYMONTHDAY === "-1" ? "the last day" : `day ${parts.BYMONTHDAY}`}`;
  const times = timesInWords(parts.BYHOUR, parts.BYMINUTE);
  if (times) words = `${words === "daily" ? "every day" : words} at ${times}`;
  if (parts.COUNT) words += `, ${parts.COUNT} times`;
  if (parts.UNTIL) words += `, until ${parts.UNTIL.slice(0, 4)}-${parts.UNTIL.slice(4, 6)}-${parts.UNTIL.slice(6, 8)}`;
  return words;
}

/** "'call mom' (Sunday 6:00 PM, repeating weekly, high)" */
export function taskInWords(task: TaskView, timeZone: string, now: Date): string {
  const details = [
    dueInWords(task, timeZone, now),
    task.recurrence ? `repeating ${repeatInWords(task.recurrence)}` : null,
    task.priority !== "medium" ? task.priority : null,
    task.overdue ? "overdue" : null,
  ];
  const extra = details.filter(Boolean).join(", ");
  return `'${task.title}'${extra ? ` (${extra})` : ""}`;
}

const MINUTES_PER_UNIT: ReadonlyArray<readonly [number, string]> = [
  [7 * 24 * 60, "week"],
  [24 * 60, "day"],
  [60, "hour"],
  [1, "minute"],
];

/**
 * A reminder in words. Relative: 0 → "at due time", 1440 → "1 day before", 90 → "1 hour 30 minutes
 * before". Absolute: "Thu 3 Dec, 8:00 AM" (with the year when it is not `now`'s), in `timeZone` or,
 * without one, at the offset the instant is written with (TaskView writes it in the owner's zone).
 * @param reminder minutes before the due moment (≥ 0), `{ minutesBefore }`, `{ at }` (ISO 8601), or null (→ null).
 */
export function reminderInWords(reminder: number | null | { minutesBefore: number } | { at: string }, timeZone?: string, now?: Date): string | null {
  if (reminder === null) return null;
  if (typeof reminder === "object" && "at" in reminder) {
    const at = timeZone ? DateTime.fromISO(reminder.at, { zone: timeZone }) : DateTime.fromISO(reminder.at, { zone: "UTC", setZone: true });
    if (!at.isValid) return null;
    const thisYear = now ? DateTime.fromJSDate(now, { zone: at.zone }).year : at.year;
    return at.toFormat(at.year === thisYear ? "ccc d LLL, h:mm a" : "ccc d LLL yyyy, h:mm a");
  }
  const minutesBefore = typeof reminder === "number" ? reminder : reminder.minutesBefore;
  if (minutesBefore === 0) return "at due time";
  let rest = minutesBefore;
  const parts: string[] = [];
  for (const [size, unit] of MINUTES_PER_UNIT) {
    const count = Math.floor(rest / size);
    if (count === 0) continue;
    parts.push(`${count} ${unit}${count === 1 ? "" : "s"}`);
    rest -= count * size;
  }
  return `${parts.join(" ")} before`;
}

/** A task's reminders in words, joined: "1 day before, at due time, Thu 3 Dec, 8:00 AM"; null for none. */
export function remindersInWords(reminders: ReadonlyArray<{ minutesBefore: number } | { at: string }>, timeZone?: string, now?: Date): string | null {
  const words = reminders.map((reminder) => reminderInWords(reminder, timeZone, now)).filter((w): w is string => w !== null);
  return words.length ? words.join(", ") : null;
}

/** Titles as a list in words: "'a'", "'a' and 'b'", "'a', 'b' and 'c'". */
export function tasksInWords(titles: readonly string[]): string {
  const quoted = titles.map((title) => `'${title}'`);
  if (quoted.length <= 1) return quoted[0] ?? "no tasks";
  return `${quoted.slice(0, -1).join(", ")} and ${quoted.at(-1)}`;
}

/** A task's subtasks in words: "2 subtasks (1 done)", "1 subtask"; null when it has none. */
export function subtasksInWords(count: { total: number; done: number } | undefined): string | null {
  if (!count?.total) return null;
  return `${countInWords(count.total, "subtask")}${count.done ? ` (${count.done} done)` : ""}`;
}

/** A count with its noun: (1, "task") → "1 task", (3, "task") → "3 tasks". */
export function countInWords(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

const ATTEMPTS: Record<string, string> = {
  add_task: "add the task",
  add_tasks: "add the tasks",
  update_task: "change the task",
  update_tasks: "change the tasks",
  complete_task: "complete the task",
  complete_tasks: "complete the tasks",
  delete_task: "delete the task",
  restore_task: "bring the task back",
  get_task: "find the task",
  list_tasks: "look up your tasks",
  list_lists: "look up your lists",
  add_list: "make the list",
  update_list: "change the list",
  delete_list: "delete the list",
};

const ACTION_VERBS: Record<string, string> = {
  add_task: "Added",
  add_tasks: "Added",
  update_task: "Updated",
  update_tasks: "Updated",
  complete_task: "Completed",
  complete_tasks: "Completed",
  delete_task: "Deleted",
  restore_task: "Restored",
  get_task: "Looked up",
  list_lists: "Looked up your lists",
  add_list: "Made a list",
  update_list: "Changed a list",
  delete_list: "Deleted a list",
};

/**
 * One step the chat took, in words for the page's action lines (never the tool's name):
 * "Added 'buy milk'", "Reopened 'water the ferns'", "Looked through 12 tasks", "Couldn't change the task".
 * @param action the tool called, its input, and its result (`{task}` or `{tasks}`) or error message.
 */
export function actionInWords(action: { tool: string; input?: unknown; result?: unknown; error?: string }): string {
  const input = (action.input ?? {}) as { reopen?: unknown };
  const result = (action.result ?? {}) as { task?: { title?: unknown }; tasks?: unknown; count?: unknown };
  const verb = action.tool === "complete_task" && input.reopen === true ? "Reopened" : (ACTION_VERBS[action.tool] ?? "Changed");
  // A tool's error message is written for a model (ids, tool names): the page says only what failed.
  if (action.error !== undefined) return `Couldn't ${ATTEMPTS[action.tool] ?? "do that"}`;
  if (action.tool === "list_tasks") {
    const count = typeof result.count === "number" ? result.count : Array.isArray(result.tasks) ? result.tasks.length : 0;
    return `Looked through ${count} task${count === 1 ? "" : "s"}`;
  }
  if (typeof result.task?.title === "string") return `${verb} '${result.task.title}'`;
  const list = (result as { list?: { name?: unknown } }).list;
  if (typeof list?.name === "string") return `${action.tool === "add_list" ? "Made" : "Changed"} the list '${list.name}'`;
  if (Array.isArray(result.tasks)) return `${verb} ${result.tasks.length} task${result.tasks.length === 1 ? "" : "s"}`;
  return verb;
}
/**
 * A due moment as a compact label for lists, in the user's zone: "Today 5:00 PM", "Tomorrow",
 * "Yesterday", "Fri" (within the coming week), "Fri 11 Dec", "Fri 11 Dec 2027" (another year).
 * Null when the task has no due date.
 */
export function dueLabel(task: Pick<TaskView, "dueAt" | "dueDate">, timeZone: string, now: Date): string | null {
  const here = DateTime.fromJSDate(now, { zone: timeZone });
  const day = (date: DateTime): string => {
    const days = Math.round(date.startOf("day").diff(here.startOf("day"), "days").days);
    if (days === 0) return "Today";
    if (days === 1) return "Tomorrow";
    if (days === -1) return "Yesterday";
    if (days > 1 && days < 7) return date.toFormat("ccc");
    return date.toFormat(date.year === here.year ? "ccc d LLL" : "ccc d LLL yyyy");
  };
  if (task.dueAt) {
    const due = DateTime.fromISO(task.dueAt, { zone: timeZone });
    return `${day(due)} ${due.toFormat("h:mm a")}`;
  }
  if (task.dueDate) return day(DateTime.fromISO(task.dueDate, { zone: timeZone }));
  return null;
}

export type { TaskView };

import { randomUUID } from "node:crypto";
import { AppError } from "../errors.ts";
import { resolveDue } from "../time/resolve-due.ts";
import { formatInstant } from "../time/zone.ts";

/** A task carries at most this many reminders. */
export const MAX_REMINDERS = 5;

/**
 * A reminder as stored in Task.reminders (JSON): `minutesBefore` the due moment (0 = at due time),
 * or at an absolute instant `at` (ISO 8601 in UTC, "2026-12-03T13:00:00.000Z"). `id` is a UUID that
 * stays with the reminder while it is unchanged, so its scheduled job and its deliveries keep their names.
 */
export type TaskReminder = { id: string; minutesBefore: number } | { id: string; at: string };

/** A reminder as the API, the tools and the events show it: `at` with the owner's UTC offset. */
export type ReminderView = { id: string; minutesBefore: number } | { id: string; at: string };

/** A reminder as given on input (REST, MCP, chat): one of the two fields; an `id` sent back is ignored. */
export interface ReminderInputItem {
  minutesBefore?: number | undefined;
  at?: string | undefined;
}

export const isRelative = (reminder: TaskReminder | ReminderView): reminder is { id: string; minutesBefore: number } => "minutesBefore" in reminder;

/** The stored reminders read back from JSON, in the key order the code writes (jsonb reorders keys); unreadable entries left out. */
export function readReminders(json: unknown): TaskReminder[] {
  if (!Array.isArray(json)) return [];
  const reminders: TaskReminder[] = [];
  for (const item of json as Array<Record<string, unknown>>) {
    if (!item || typeof item.id !== "string") continue;
    if (typeof item.minutesBefore === "number") reminders.push({ id: item.id, minutesBefore: item.minutesBefore });
    else if (typeof item.at === "string") reminders.push({ id: item.id, at: item.at });
  }
  return reminders;
}

/** The reminders as shown: absolute ones written in the owner's zone. */
export function remindersToView(reminders: readonly TaskReminder[], timeZone: string): ReminderView[] {
  return reminders.map((reminder) =>
    isRelative(reminder)
      ? { id: reminder.id, minutesBefore: reminder.minutesBefore }
      : { id: reminder.id, at: formatInstant(new Date(reminder.at), timeZone) },
  );
}

/** The first relative reminder's offset, or null: what `reminderMinutesBefore` (the one-reminder field) still shows. */
export function firstMinutesBefore(reminders: readonly (TaskReminder | ReminderView)[]): number | null {
  const first = reminders.find(isRelative);
  return first ? first.minutesBefore : null;
}

interface ReminderContext {
  now: Date;
  timeZone: string;
}

/** An absolute reminder's instant: an ISO date-time, or a phrase with a time of day ("Dec 3 at 8am"), in the user's zone. */
function resolveAt(value: string, context: ReminderContext, field: string): Date {
  const resolved = resolveDue(value, context, field);
  if (!resolved.dueAt) {
    throw new AppError("invalid_input", `${field} needs a time of day, like '2026-12-03T08:00' or 'Dec 3 at 8am'; got '${value.slice(0, 80)}'`);
  }
  return resolved.dueAt;
}

/**
 * The stored reminders for validated input items, in the order given, duplicates left out. A
 * reminder equal to one the task already has keeps its id; a new absolute one must be in the future.
 * Throws AppError `invalid_input` naming `field` (e.g. `reminders[1].at`) for an unreadable or past
 * time, or for more than MAX_REMINDERS.
 */
export function resolveReminders(
  items: readonly ReminderInputItem[],
  context: ReminderContext,
  current: readonly TaskReminder[] = [],
  field = "reminders",
): TaskReminder[] {
  const result: TaskReminder[] = [];
  items.forEach((item, index) => {
    if (item.minutesBefore !== undefined) {
      const minutesBefore = item.minutesBefore;
      if (result.some((r) => isRelative(r) && r.minutesBefore === minutesBefore)) return;
      const kept = current.find((r) => isRelative(r) && r.minutesBefore === minutesBefore);
      result.push({ id: kept?.id ?? randomUUID(), minutesBefore });
    } else if (item.at !== undefined) {
      const at = resolveAt(item.at, context, `${field}[${index}].at`).toISOString();
      if (result.some((r) => !isRelative(r) && r.at === at)) return;
      const kept = current.find((r) => !isRelative(r) && r.at === at);
      if (!kept && new Date(at).getTime() <= context.now.getTime()) {
        throw new AppError(
          "invalid_input",
          `${field}[${index}].at is in the past (${formatInstant(new Date(at), context.timeZone)}); give a later time, or a reminder relative to the due moment ({minutesBefore})`,
        );
      }
      result.push({ id: kept?.id ?? randomUUID(), at });
    }
  });
  if (result.length > MAX_REMINDERS) {
    throw new AppError("invalid_input", `${field}: at most ${MAX_REMINDERS} reminders per task; got ${result.length}`);
  }
  return result;
}

/** Relative reminders need a due moment to count back from. Throws AppError `invalid_input`. */
export function assertRemindersHaveDue(task: { dueAt: Date | null; dueDate: string | null; reminders: readonly TaskReminder[] }): void {
  if (!task.dueAt && !task.dueDate && task.reminders.some(isRelative)) {
    throw new AppError(
      "invalid_input",
      "a reminder before the due moment (reminders[].minutesBefore or reminderMinutesBefore) needs a due date or time: give due as well, use an absolute reminder {at}, or leave the reminder out",
    );
  }
}

/**
 * The reminders a task gets from an input carrying `reminders` and/or `reminderMinutesBefore`
 * (undefined: not mentioned). `reminders` replaces the whole set (null clears it);
 * `reminderMinutesBefore` (the one-reminder field) replaces the relative ones and keeps absolute ones.
 * Returns undefined when neither was given. Throws AppError `invalid_input` when both are.
 */
export function remindersFromInput(
  input: { reminders?: readonly ReminderInputItem[] | null | undefined; reminderMinutesBefore?: number | null | undefined },
  context: ReminderContext,
  current: readonly TaskReminder[] = [],
): TaskReminder[] | undefined {
  if (input.reminders !== undefined && input.reminderMinutesBefore !== undefined) {
    throw new AppError(
      "invalid_input",
      "give reminders or reminderMinutesBefore, not both: reminders is the whole list, e.g. [{minutesBefore: 60}, {minutesBefore: 0}]",
    );
  }
  if (input.reminders !== undefined) return resolveReminders(input.reminders ?? [], context, current);
  if (input.reminderMinutesBefore === undefined) return undefined;
  const absolute = current.filter((r) => !isRelative(r));
  const relative =
    input.reminderMinutesBefore === null
      ? []
      : resolveReminders([{ minutesBefore: input.reminderMinutesBefore }], context, current, "reminderMinutesBefore");
  const all = [...relative, ...absolute];
  if (all.length > MAX_REMINDERS) throw new AppError("invalid_input", `reminderMinutesBefore: at most ${MAX_REMINDERS} reminders per task`);
  return all;
}

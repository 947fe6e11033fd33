import { stringify } from "csv-stringify/sync";
import { formatInstant } from "../time/zone.ts";
import type { TaskRecord } from "../tasks/task-model.ts";
import type { TaskContext } from "../tasks/task-context.ts";
import { firstMinutesBefore, isRelative, remindersToView } from "../reminders/task-reminders.ts";

/** The `format` field of our JSON export; an import refuses documents without it. */
export const EXPORT_FORMAT = "todo-chatbot-export";
/**
 * The JSON export's version. 1: tasks (with series and recurrence, reminder offset, trash).
 * 2: adds `lists` and, per task, `list` (its list's name), `parentId`, `position` and `reminders`.
 * An importer reads every version up to its own and ignores fields it does not know.
 */
export const EXPORT_VERSION = 2;

/** One list in the export (version 2+). The Inbox (isInbox) maps to the importing user's Inbox. */
export interface ExportedList {
  name: string;
  /** "#rrggbb" or null */
  color: string | null;
  position: number;
  isInbox: boolean;
}

/** A reminder in the export: minutes before the due moment, or an instant with the owner's offset. */
export type ExportedReminder = { minutesBefore: number } | { at: string };

/** One task in the export: stored fields, instants written with the owner's offset (ISO 8601). */
export interface ExportedTask {
  id: string;
  title: string;
  description: string | null;
  status: "open" | "done";
  priority: TaskRecord["priority"];
  tags: string[];
  /** A timed task's due instant, e.g. 2026-12-03T08:00:00-05:00. */
  dueAt: string | null;
  /** An all-day task's date YYYY-MM-DD. */
  dueDate: string | null;
  /** RFC 5545 RRULE body, e.g. FREQ=WEEKLY;BYDAY=MO. */
  recurrence: string | null;
  recurrenceMode: TaskRecord["recurrenceMode"];
  /** The first relative reminder (what version 1 had); `reminders` has them all. */
  reminderMinutesBefore: number | null;
  /** Version 2: every reminder, in order; absolute ones e.g. 2026-12-03T08:00:00-05:00. */
  reminders: ExportedReminder[];
  /** Version 2: the name of the task's list (a subtask is in its parent's). */
  list: string;
  /** Version 2: the exported id of the task this one is a subtask of, or null. */
  parentId: string | null;
  /** Version 2: 0-based order among its parent's subtasks (0 for a task that is not a subtask). */
  position: number;
  /** Tasks of one repeating series share it; `occurrenceIndex` is the 1-based position in the series. */
  seriesId: string | null;
  occurrenceIndex: number;
  /** The intended local time of day "HH:MM:SS" of a timed task (see TaskRecord.seriesWallTime). */
  seriesWallTime: string | null;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Set for a task in the trash: when it was deleted. */
  deletedAt: string | null;
}

/** The whole JSON export of one user. */
export interface ExportDocument {
  format: typeof EXPORT_FORMAT;
  version: number;
  exportedAt: string;
  /** The zone the instants were written in (the user's). */
  timeZone: string;
  /** Version 2: the user's lists, the Inbox first, then by position. */
  lists: ExportedList[];
  /** Every task, the trash's too (with deletedAt), oldest first. */
  tasks: ExportedTask[];
}

const PAGE = 1000;

/** Every task of the user outside the trash, oldest first, read page by page. */
export async function allLiveTasks(ctx: TaskContext): Promise<TaskRecord[]> {
  const tasks: TaskRecord[] = [];
  let after: { value: string | null; id: string } | undefined;
  for (;;) {
    const page = await ctx.store.list({ userId: ctx.user.id, sort: "createdAt", order: "asc", after, limit: PAGE });
    tasks.push(...page);
    const last = page[page.length - 1];
    if (page.length < PAGE || !last) return tasks;
    after = { value: last.createdAt.toISOString(), id: last.id };
  }
}

/** Every task in the user's trash, most recently deleted first. */
async function allTrashedTasks(ctx: TaskContext): Promise<TaskRecord[]> {
  const tasks: TaskRecord[] = [];
  let after: { deletedAt: Date; id: string } | undefined;
  for (;;) {
    const page = await ctx.store.listTrash({ userId: ctx.user.id, after, limit: PAGE });
    tasks.push(...page);
    const last = page[page.length - 1];
    if (page.length < PAGE || !last?.deletedAt) return tasks;
    after = { deletedAt: last.deletedAt, id: last.id };
  }
}

function exportedTask(task: TaskRecord, zone: string): ExportedTask {
  const at = (instant: Date | null) => (instant ? formatInstant(instant, zone) : null);
  return {
    id: task.id,
    title: task.title,
    description: task.description,
    status: task.status,
    priority: task.priority,
    tags: task.tags,
    dueAt: at(task.dueAt),
    dueDate: task.dueDate,
    recurrence: task.recurrence,
    recurrenceMode: task.recurrenceMode,
    reminderMinutesBefore: firstMinutesBefore(task.reminders),
    reminders: remindersToView(task.reminders, zone).map((reminder) =>
      isRelative(reminder) ? { minutesBefore: reminder.minutesBefore } : { at: reminder.at },
    ),
    list: task.list.name,
    parentId: task.parentId,
    position: task.position,
    seriesId: task.seriesId,
    occurrenceIndex: task.occurrenceIndex,
    seriesWallTime: task.seriesWallTime,
    completedAt: at(task.completedAt),
    createdAt: formatInstant(task.createdAt, zone),
    updatedAt: formatInstant(task.updatedAt, zone),
    deletedAt: at(task.deletedAt),
  };
}

/** All of the user's data as a versioned JSON document (EXPORT_FORMAT, EXPORT_VERSION), the trash included. */
export async function exportUserData(ctx: TaskContext): Promise<ExportDocument> {
  const [live, trashed, lists] = await Promise.all([
    allLiveTasks(ctx),
    allTrashedTasks(ctx),
    ctx.store.transaction(async (tx) => {
      await tx.ensureInbox(ctx.user.id);
      return tx.lists(ctx.user.id);
    }),
  ]);
  const tasks = [...live, ...trashed.reverse()];
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: ctx.clock.now().toISOString(),
    timeZone: ctx.user.timeZone,
    lists: lists.map(({ name, color, position, isInbox }) => ({ name, color, position, isInbox })),
    tasks: tasks.map((task) => exportedTask(task, ctx.user.timeZone)),
  };
}

/** The CSV export's columns, in order (RFC 4180, header row first). */
export const CSV_COLUMNS = [
  "id",
  "title",
  "description",
  "status",
  "priority",
  "tags",
  "dueAt",
  "dueDate",
  "recurrence",
  "recurrenceMode",
  "reminderMinutesBefore",
  "completedAt",
  "createdAt",
  "list",
  "parentId",
  "reminders",
] as const;

/**
 * The user's tasks outside the trash as CSV (RFC 4180, UTF-8, CRLF, header row; columns
 * CSV_COLUMNS): tags separated by spaces, instants with the user's offset, empty cells for nothing;
 * `list` is the list's name, `parentId` the parent task's id (a row of the same file), `reminders`
 * the reminders separated by "; ": minutes before the due moment (e.g. "1440; 0") or an instant
 * with the user's offset (e.g. "2026-12-03T08:00:00-05:00").
 * Cells that a spreadsheet would run as a formula (starting with = + - @) are prefixed with '.
 */
export async function exportTasksCsv(ctx: TaskContext): Promise<string> {
  const zone = ctx.user.timeZone;
  const tasks = await allLiveTasks(ctx);
  const cell = (value: string | number | null) => {
    const text = value === null ? "" : String(value);
    return /^[=+\-@\t\r]/.test(text) && typeof value === "string" ? `'${text}` : text;
  };
  const rows = tasks.map((task) => {
    const row = exportedTask(task, zone);
    return [
      row.id,
      row.title,
      row.description,
      row.status,
      row.priority,
      row.tags.join(" "),
      row.dueAt,
      row.dueDate,
      row.recurrence,
      row.recurrenceMode,
      row.reminderMinutesBefore,
      row.completedAt,
      row.createdAt,
      row.list,
      row.parentId,
      row.reminders.map((reminder) => ("minutesBefore" in reminder ? String(reminder.minutesBefore) : reminder.at)).join("; "),
    ].map(cell);
  });
  return stringify([[...CSV_COLUMNS], ...rows], { record_delimiter: "windows" });
}

import { randomUUID } from "node:crypto";
import { z } from "zod";
import { AppError, describeZodError, parseInput } from "../errors.ts";
import { parseIsoDateTime } from "../time/resolve-due.ts";
import { AddTaskInput } from "../tasks/task-inputs.ts";
import { PRIORITIES, RECURRENCE_MODES, toTaskView, type TaskFields } from "../tasks/task-model.ts";
import { taskEvent } from "../tasks/task-events.ts";
import { newTaskFields } from "../tasks/add-task.ts";
import { assertSubtaskDoesNotRepeat } from "../tasks/subtasks.ts";
import type { TaskContext } from "../tasks/task-context.ts";
import type { TaskStore } from "../tasks/task-store.ts";
import { INBOX_NAME, MAX_LISTS, nameKey } from "../lists/list-model.ts";
import { listEvent } from "../lists/list-events.ts";
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportedList } from "./export-data.ts";

/** At most this many tasks per import (JSON or CSV). */
export const MAX_IMPORT_TASKS = 10_000;
/** Largest import body, in bytes (5 MiB). */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** What an import did: how many tasks it created, and each row or task it could not take, with why. */
export interface ImportResult {
  imported: number;
  /** `row`: the task's 1-based position in the JSON `tasks`, or the CSV line number (the header is line 1). */
  skipped: Array<{ row: number; reason: string }>;
  /**
   * Rows imported with something left out or changed, with why (e.g. a past absolute reminder left
   * out, a subtask whose parent was not imported made a top-level task). Absent when there are none.
   */
  warnings?: Array<{ row: number; reason: string }>;
}

/** The envelope of a JSON export; its tasks are checked one by one, so one bad task does not stop the others. */
const ImportDocument = z.object({
  format: z.literal(EXPORT_FORMAT, { error: `format must be '${EXPORT_FORMAT}' (a file made by Settings → Export JSON)` }),
  version: z
    .number()
    .int()
    .min(1)
    .max(EXPORT_VERSION, { error: `version must be 1-${EXPORT_VERSION}; this file is from a newer version of todo-chatbot` }),
  lists: z
    .array(z.unknown())
    .max(MAX_LISTS, { error: `lists: at most ${MAX_LISTS}` })
    .optional(),
  tasks: z.array(z.unknown()).max(MAX_IMPORT_TASKS, { error: `tasks: at most ${MAX_IMPORT_TASKS} per import; split the file` }),
});

const Instant = z.string().max(64);
/** One exported task as an import reads it (fields added by later versions are ignored). */
const ImportedTask = z.object({
  title: z.string(),
  description: z.string().nullable().optional(),
  status: z.enum(["open", "done"]).default("open"),
  priority: z.enum(PRIORITIES).optional(),
  tags: z.array(z.string()).optional(),
  dueAt: Instant.nullable().optional(),
  dueDate: z.string().max(32).nullable().optional(),
  recurrence: z.string().nullable().optional(),
  recurrenceMode: z.enum(RECURRENCE_MODES).nullable().optional(),
  reminderMinutesBefore: z.number().nullable().optional(),
  reminders: z
    .array(z.union([z.object({ minutesBefore: z.number() }), z.object({ at: Instant })]))
    .max(20)
    .optional(),
  list: z.string().max(100).nullable().optional(),
  parentId: z.string().max(64).nullable().optional(),
  position: z.number().int().min(0).max(1_000_000).default(0),
  seriesId: z.string().max(64).nullable().optional(),
  occurrenceIndex: z.number().int().min(1).max(1_000_000).default(1),
  seriesWallTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/, { error: "must be a time of day HH:MM:SS" })
    .nullable()
    .optional(),
  completedAt: Instant.nullable().optional(),
  deletedAt: Instant.nullable().optional(),
});

/** One list of a JSON export as an import reads it. */
const ImportedList = z.object({
  name: z.string().trim().min(1).max(100),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .transform((color) => color.toLowerCase())
    .nullable()
    .default(null),
  position: z.number().int().min(0).max(1_000_000).default(0),
  isInbox: z.boolean().default(false),
});

/**
 * A task ready to insert, whether (and since when) it is in the trash, the name of its list
 * (undefined: the Inbox; a list of that name is made when the user has none) and the prepared
 * task it is a subtask of (inserted first; the subtask joins its list).
 */
export interface PreparedTask {
  fields: TaskFields;
  deletedAt: Date | null;
  list?: string | undefined;
  parent?: PreparedTask | undefined;
  row: number;
}

type Tx = Parameters<Parameters<TaskStore["transaction"]>[0]>[0];

/**
 * The ids of the user's lists by name key (see nameKey), made on demand: `resolve(name)` answers
 * the user's list of that name, inserting it (with `list.created`) when missing; the Inbox's name
 * and undefined give the Inbox. Past MAX_LISTS, tasks go to the Inbox (null answered).
 */
function listResolver(ctx: TaskContext) {
  const ids = new Map<string, string>();
  return async (tx: Tx, name: string | undefined, spec?: Partial<ExportedList>): Promise<string | null> => {
    const inbox = await tx.ensureInbox(ctx.user.id);
    if (name === undefined || spec?.isInbox || nameKey(name) === nameKey(INBOX_NAME)) {
      if (spec?.color && !inbox.color) await tx.updateList(ctx.user.id, inbox.id, { color: spec.color });
      return inbox.id;
    }
    const key = nameKey(name);
    const known = ids.get(key) ?? (await tx.findListByKey(ctx.user.id, key))?.id;
    if (known) {
      ids.set(key, known);
      return known;
    }
    if ((await tx.lists(ctx.user.id)).length >= MAX_LISTS) return null;
    const list = await tx.insertList(ctx.user.id, { name, color: spec?.color ?? null });
    if (!list) return (await tx.findListByKey(ctx.user.id, key))?.id ?? inbox.id;
    const placed = spec?.position !== undefined ? await tx.updateList(ctx.user.id, list.id, { position: spec.position }) : list;
    await tx.appendEvent(listEvent("list.created", ctx.user.id, placed && placed !== "name_taken" ? placed : list));
    ids.set(key, list.id);
    return list.id;
  };
}

/**
 * Inserts prepared tasks in the given order (a subtask listed before its parent waits for it) in transactions of 100, one `task.created` event each (consumers arm their
 * reminders); a task going to the trash is inserted there without an event (it never was live
 * here). `lists` are made first, in order (those the user has by name are kept as they are).
 * Returns how many were inserted and the rows changed on the way (subtask without its parent,
 * list limit reached).
 */
export async function insertPrepared(
  ctx: TaskContext,
  prepared: readonly PreparedTask[],
  lists: ReadonlyArray<Partial<ExportedList> & { name: string }> = [],
): Promise<{ inserted: number; warnings: Array<{ row: number; reason: string }> }> {
  const warnings: Array<{ row: number; reason: string }> = [];
  const resolve = listResolver(ctx);
  if (lists.length) {
    await ctx.store.transaction(async (tx) => {
      for (const list of lists) await resolve(tx, list.name, list);
    });
  }
  const members = new Set(prepared);
  // File order, except that a subtask waits for its parent (then follows it directly).
  const ordered: PreparedTask[] = [];
  const placed = new Set<PreparedTask>();
  const waiting = new Map<PreparedTask, PreparedTask[]>();
  const place = (task: PreparedTask) => {
    ordered.push(task);
    placed.add(task);
    for (const child of waiting.get(task) ?? []) place(child);
    waiting.delete(task);
  };
  for (const task of prepared) {
    const parent = task.parent;
    if (parent && members.has(parent) && !placed.has(parent)) waiting.set(parent, [...(waiting.get(parent) ?? []), task]);
    else place(task);
  }
  const newIds = new Map<PreparedTask, { id: string; listId: string }>();
  for (let start = 0; start < ordered.length; start += 100) {
    const batch = ordered.slice(start, start + 100);
    await ctx.store.transaction(async (tx) => {
      for (const task of batch) {
        const { fields, deletedAt, parent } = task;
        let parentId: string | null = null;
        let listId: string | null;
        const inserted = parent && members.has(parent) ? newIds.get(parent) : undefined;
        if (inserted) {
          parentId = inserted.id;
          listId = inserted.listId;
        } else {
          if (parent) warnings.push({ row: task.row, reason: "its parent task was not imported; imported as a task of its own" });
          listId = await resolve(tx, task.list);
          if (!listId) {
            warnings.push({ row: task.row, reason: `you have ${MAX_LISTS} lists, the most one account may have; put in the Inbox` });
            listId = (await tx.ensureInbox(ctx.user.id)).id;
          }
        }
        const record = await tx.insert(ctx.user.id, { ...fields, listId, parentId, position: parentId ? fields.position : 0 });
        newIds.set(task, { id: record.id, listId });
        if (deletedAt) await tx.moveToTrash(ctx.user.id, record.id, deletedAt);
        else await tx.appendEvent(taskEvent("task.created", ctx.user, toTaskView(record, ctx.clock.now(), ctx.user.timeZone)));
      }
    });
  }
  return { inserted: ordered.length, warnings };
}

/** The reason of a failed row: an AppError's message, or zod's naming the fields. */
export function reasonOf(error: unknown): string {
  if (error instanceof AppError) return error.message;
  if (error instanceof z.ZodError) return describeZodError(error, "task");
  throw error;
}

/**
 * Imports a JSON export (EXPORT_FORMAT, versions 1-EXPORT_VERSION) into the user's account: the
 * lists (version 2; made when the user has no list of that name, the Inbox mapped to the user's
 * Inbox), every task with its fields, list, status, completion time, reminders, series (new series
 * ids, the same grouping and positions) and trash state; subtasks under their imported parents in
 * their order (a subtask whose parent is not in the file becomes a task of its own, warned). An
 * absolute reminder already past is left out (a warning names the row); the task is imported.
 * Tasks get new ids (ids are unique across accounts); createdAt and updatedAt are the import's.
 * Each task is validated like add_task's input; one that fails is skipped with its reason and the
 * others are imported. Throws AppError `invalid_input` when the document itself is not an export
 * (nothing imported).
 */
export async function importUserData(ctx: TaskContext, raw: unknown): Promise<ImportResult> {
  const document = parseInput(ImportDocument, raw, "file");
  const skipped: ImportResult["skipped"] = [];
  const warnings: NonNullable<ImportResult["warnings"]> = [];
  const lists: ExportedList[] = [];
  (document.lists ?? []).forEach((item, index) => {
    const parsed = ImportedList.safeParse(item);
    if (parsed.success) lists.push(parsed.data);
    else warnings.push({ row: 0, reason: `lists[${index}] left out: ${describeZodError(parsed.error, "list")}` });
  });
  const prepared: PreparedTask[] = [];
  const byOldId = new Map<string, PreparedTask>();
  const parentOf = new Map<PreparedTask, string>();
  const seriesIds = new Map<string, string>();
  const now = ctx.clock.now();
  document.tasks.forEach((item, index) => {
    const row = index + 1;
    try {
      const task = ImportedTask.parse(item);
      let reminders: Array<{ minutesBefore: number } | { at: string }> | undefined;
      if (task.reminders) {
        reminders = task.reminders.filter((reminder, at) => {
          if (!("at" in reminder)) return true;
          const instant = parseIsoDateTime(reminder.at, ctx.user.timeZone, `reminders[${at}].at`);
          if (instant.getTime() > now.getTime()) return true;
          warnings.push({ row, reason: `reminder at ${reminder.at} is in the past; left out` });
          return false;
        });
      }
      const input = parseInput(
        AddTaskInput,
        {
          title: task.title,
          description: task.description ?? undefined,
          priority: task.priority,
          tags: task.tags,
          dueAt: task.dueAt ?? undefined,
          dueDate: task.dueAt ? undefined : (task.dueDate ?? undefined),
          recurrence: task.recurrence ?? undefined,
          recurrenceMode: task.recurrence ? (task.recurrenceMode ?? undefined) : undefined,
          ...(reminders ? { reminders } : { reminderMinutesBefore: task.reminderMinutesBefore ?? undefined }),
        },
        "task",
      );
      const fields = newTaskFields(ctx, input, "");
      const oldSeries = task.seriesId;
      let seriesId = fields.seriesId;
      if (oldSeries && fields.recurrence) {
        seriesId = seriesIds.get(oldSeries) ?? randomUUID();
        seriesIds.set(oldSeries, seriesId);
      }
      const done = task.status === "done";
      const entry: PreparedTask = {
        fields: {
          ...fields,
          status: task.status,
          seriesId,
          occurrenceIndex: seriesId ? task.occurrenceIndex : 1,
          seriesWallTime: fields.dueAt ? (task.seriesWallTime ?? fields.seriesWallTime) : null,
          completedAt: done ? (task.completedAt ? parseIsoDateTime(task.completedAt, ctx.user.timeZone, "completedAt") : now) : null,
          position: task.position,
        },
        deletedAt: task.deletedAt ? parseIsoDateTime(task.deletedAt, ctx.user.timeZone, "deletedAt") : null,
        list: task.list ?? undefined,
        row,
      };
      if (task.parentId) {
        if (fields.recurrence) assertSubtaskDoesNotRepeat(fields.recurrence);
        parentOf.set(entry, task.parentId);
      }
      const oldId = (item as { id?: unknown }).id;
      if (typeof oldId === "string") byOldId.set(oldId, entry);
      prepared.push(entry);
    } catch (error) {
      skipped.push({ row, reason: reasonOf(error) });
    }
  });
  // Subtasks go one level deep: a parent that is itself a subtask in the file does not take children.
  for (const [entry, oldParent] of parentOf) {
    const parent = byOldId.get(oldParent);
    entry.parent = parent && !parentOf.has(parent) ? parent : { fields: entry.fields, deletedAt: null, row: 0 };
  }
  const duplicate = findDuplicateOccurrences(prepared);
  const kept = prepared.filter((_, index) => !duplicate.has(index));
  for (const index of duplicate)
    skipped.push({ row: prepared[index]?.row ?? 0, reason: "another task of the file has the same series and occurrenceIndex" });
  const result = await insertPrepared(ctx, kept, lists);
  warnings.push(...result.warnings);
  return {
    imported: result.inserted,
    skipped: skipped.sort((a, b) => a.row - b.row),
    ...(warnings.length ? { warnings: warnings.sort((a, b) => a.row - b.row) } : {}),
  };
}

/** Positions of tasks whose (series, occurrence) an earlier task already has: the database keeps them unique. */
function findDuplicateOccurrences(prepared: readonly PreparedTask[]): Set<number> {
  const seen = new Set<string>();
  const duplicates = new Set<number>();
  prepared.forEach(({ fields }, index) => {
    if (!fields.seriesId) return;
    const key = `${fields.seriesId}#${fields.occurrenceIndex}`;
    if (seen.has(key)) duplicates.add(index);
    seen.add(key);
  });
  return duplicates;
}

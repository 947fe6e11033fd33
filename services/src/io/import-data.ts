import { randomUUID } from "node:crypto";
import { z } from "zod";
import { AppError, describeZodError, parseInput } from "../errors.ts";
import { parseIsoDateTime } from "../time/resolve-due.ts";
import { AddTaskInput } from "../tasks/task-inputs.ts";
import { PRIORITIES, RECURRENCE_MODES, toTaskView, type TaskFields } from "../tasks/task-model.ts";
import { taskEvent } from "../tasks/task-events.ts";
import { newTaskFields } from "../tasks/add-task.ts";
import type { TaskContext } from "../tasks/task-context.ts";
import { EXPORT_FORMAT, EXPORT_VERSION } from "./export-data.ts";

/** At most this many tasks per import (JSON or CSV). */
export const MAX_IMPORT_TASKS = 10_000;
/** Largest import body, in bytes (5 MiB). */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** What an import did: how many tasks it created, and each row or task it could not take, with why. */
export interface ImportResult {
  imported: number;
  /** `row`: the task's 1-based position in the JSON `tasks`, or the CSV line number (the header is line 1). */
  skipped: Array<{ row: number; reason: string }>;
}

/** The envelope of a JSON export; its tasks are checked one by one, so one bad task does not stop the others. */
const ImportDocument = z.object({
  format: z.literal(EXPORT_FORMAT, { error: `format must be '${EXPORT_FORMAT}' (a file made by Settings → Export JSON)` }),
  version: z
    .number()
    .int()
    .min(1)
    .max(EXPORT_VERSION, { error: `version must be 1-${EXPORT_VERSION}; this file is from a newer version of todo-chatbot` }),
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

/** A task ready to insert, and whether (and since when) it is in the trash. */
export interface PreparedTask {
  fields: TaskFields;
  deletedAt: Date | null;
}

/**
 * Inserts prepared tasks in transactions of 100, one `task.created` event each (consumers arm their
 * reminders); a task going to the trash is inserted there without an event (it never was live here).
 */
export async function insertPrepared(ctx: TaskContext, prepared: readonly PreparedTask[]): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < prepared.length; start += 100) {
    const batch = prepared.slice(start, start + 100);
    await ctx.store.transaction(async (tx) => {
      // Imported tasks go to the Inbox (an export of version 1 has no lists).
      const inbox = await tx.ensureInbox(ctx.user.id);
      for (const { fields, deletedAt } of batch) {
        const task = await tx.insert(ctx.user.id, { ...fields, listId: inbox.id });
        if (deletedAt) await tx.moveToTrash(ctx.user.id, task.id, deletedAt);
        else await tx.appendEvent(taskEvent("task.created", ctx.user, toTaskView(task, ctx.clock.now(), ctx.user.timeZone)));
      }
    });
    inserted += batch.length;
  }
  return inserted;
}

/** The reason of a failed row: an AppError's message, or zod's naming the fields. */
export function reasonOf(error: unknown): string {
  if (error instanceof AppError) return error.message;
  if (error instanceof z.ZodError) return describeZodError(error, "task");
  throw error;
}

/**
 * Imports a JSON export (EXPORT_FORMAT, versions 1-EXPORT_VERSION) into the user's account: every
 * task with its fields, status, completion time, series (new series ids, the same grouping and
 * positions) and trash state. Tasks get new ids (ids are unique across accounts); createdAt and
 * updatedAt are the import's. Each task is validated like add_task's input; one that fails is
 * skipped with its reason and the others are imported. Throws AppError `invalid_input` when the
 * document itself is not an export (nothing imported).
 */
export async function importUserData(ctx: TaskContext, raw: unknown): Promise<ImportResult> {
  const document = parseInput(ImportDocument, raw, "file");
  const skipped: ImportResult["skipped"] = [];
  const prepared: Array<PreparedTask & { row: number }> = [];
  const seriesIds = new Map<string, string>();
  document.tasks.forEach((item, index) => {
    try {
      const task = ImportedTask.parse(item);
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
          reminderMinutesBefore: task.reminderMinutesBefore ?? undefined,
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
      prepared.push({
        fields: {
          ...fields,
          status: task.status,
          seriesId,
          occurrenceIndex: seriesId ? task.occurrenceIndex : 1,
          seriesWallTime: fields.dueAt ? (task.seriesWallTime ?? fields.seriesWallTime) : null,
          completedAt: done ? (task.completedAt ? parseIsoDateTime(task.completedAt, ctx.user.timeZone, "completedAt") : ctx.clock.now()) : null,
        },
        deletedAt: task.deletedAt ? parseIsoDateTime(task.deletedAt, ctx.user.timeZone, "deletedAt") : null,
        row: index + 1,
      });
    } catch (error) {
      skipped.push({ row: index + 1, reason: reasonOf(error) });
    }
  });
  const duplicate = findDuplicateOccurrences(prepared);
  const kept = prepared.filter((_, index) => !duplicate.has(index));
  for (const index of duplicate)
    skipped.push({ row: prepared[index]?.row ?? 0, reason: "another task of the file has the same series and occurrenceIndex" });
  return { imported: await insertPrepared(ctx, kept), skipped: skipped.sort((a, b) => a.row - b.row) };
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

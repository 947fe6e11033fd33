import { z } from "zod";
import { AppError, parseInput } from "../errors.ts";
import type { Clock } from "../clock.ts";
import { isInDateRange } from "../time/date-range.ts";
import { TaskId } from "./task-inputs.ts";
import { toTaskView, type TaskRecord, type TaskView } from "./task-model.ts";
import { taskEvent } from "./task-events.ts";
import type { TaskContext } from "./task-context.ts";
import type { TaskStore } from "./task-store.ts";
import { notFound } from "./task-rules.ts";
import { reviveListOf } from "../lists/lists.ts";

/** How long a deleted task stays in the trash before the scheduled purge deletes it for good, by default. */
export const DEFAULT_TRASH_RETENTION_DAYS = 30;

/** One page of the trash, most recently deleted first; each task carries `deletedAt`. */
export interface TrashPage {
  tasks: TaskView[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** A page of the trash. Strings are accepted for query-string use. */
export const ListTrashInput = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1, { error: "must be 1-100" })
    .max(100, { error: "must be 1-100" })
    .default(50)
    .describe("Page size, 1-100 (default 50)"),
  cursor: z.string().max(200).optional().describe("nextCursor from the previous page"),
});
export type ListTrashInput = z.infer<typeof ListTrashInput>;

const TrashCursor = z.object({ d: z.iso.datetime(), i: z.uuid() });

function notInTrash(id: string): AppError {
  return new AppError("not_found", `No task with id ${id} in the trash; it was deleted for good, or never existed (GET /api/trash lists the trash)`);
}

function decodeTrashCursor(cursor: string): { deletedAt: Date; id: string } {
  try {
    const parsed = TrashCursor.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    const deletedAt = new Date(parsed.d);
    if (isInDateRange(deletedAt)) return { deletedAt, id: parsed.i };
  } catch {
    // answered below
  }
  throw new AppError("invalid_input", "cursor is not one returned as nextCursor by the trash listing; omit it to start from the first page");
}

/**
 * Moves a task to the trash and emits `task.deleted` carrying the task as it was (consumers cancel
 * its reminder). The task keeps its id, series and history and can be restored (restoreTask) until
 * it is deleted for good: explicitly (purgeTask, emptyTrash) or by the scheduled purge after the
 * retention period. A deleted occurrence of a repeating task ends its series as before (no one
 * completes it); restoring it brings the series back. A task's subtasks go to the trash with it,
 * at the same instant (one `task.deleted` each, after the parent's). Throws AppError `not_found`.
 */
export async function deleteTask(ctx: TaskContext, rawId: unknown): Promise<TaskView> {
  const id = parseInput(TaskId, rawId, "id");
  const now = ctx.clock.now();
  const zone = ctx.user.timeZone;
  return ctx.store.transaction(async (tx) => {
    const current = await tx.getForUpdate(ctx.user.id, id);
    const subtasks = current?.subtaskCount.total ? await tx.subtasks(ctx.user.id, id, { forUpdate: true }) : [];
    if (!current || !(await tx.moveToTrash(ctx.user.id, id, now))) throw notFound(id);
    const view = toTaskView(current, now, zone);
    await tx.appendEvent(taskEvent("task.deleted", ctx.user, view));
    for (const subtask of subtasks) {
      if (await tx.moveToTrash(ctx.user.id, subtask.id, now))
        await tx.appendEvent(taskEvent("task.deleted", ctx.user, toTaskView(subtask, now, zone)));
    }
    return view;
  });
}

/**
 * Brings a task back from the trash with its id, series position, reminder offset and history,
 * and emits `task.restored` with the task as it is now (the notification consumer re-arms its
 * reminder; the recurrence consumer ignores it). The subtasks that went to the trash with it come
 * back with it (one `task.restored` each); a subtask whose parent is in the trash brings its parent
 * back (with the parent's other subtasks), since a subtask lives under its parent. Restoring a
 * task that is not in the trash changes nothing and emits nothing (an Undo pressed twice). Throws
 * AppError `not_found` when the task is in neither place (deleted for good, purged, or someone else's).
 */
export async function restoreTask(ctx: TaskContext, rawId: unknown): Promise<TaskView> {
  const id = parseInput(TaskId, rawId, "id");
  const zone = ctx.user.timeZone;
  const userId = ctx.user.id;
  return ctx.store.transaction(async (tx) => {
    const trashed = await tx.getTrashedForUpdate(userId, id);
    if (!trashed) {
      const live = await tx.get(userId, id);
      if (live) return toTaskView(live, ctx.clock.now(), zone);
      throw notInTrash(id);
    }
    const back = async (task: TaskRecord): Promise<TaskRecord> => {
      const restored = await tx.restoreFromTrash(userId, task.id);
      if (!restored) throw notInTrash(task.id);
      return restored;
    };
    // Children first, so the parent is read back with its subtasks counted; the parent's event first.
    const restoreFamily = async (parent: TaskRecord, alsoChild?: TaskRecord): Promise<TaskRecord[]> => {
      const children = parent.deletedAt ? await tx.trashedSubtasks(userId, parent.id, parent.deletedAt) : [];
      if (alsoChild && !children.some((child) => child.id === alsoChild.id)) children.push(alsoChild);
      const restoredChildren = [];
      for (const child of children) restoredChildren.push(await back(child));
      return [await back(parent), ...restoredChildren];
    };
    const trashedParent = trashed.parentId ? await tx.getTrashedForUpdate(userId, trashed.parentId) : null;
    let restored = trashedParent ? await restoreFamily(trashedParent, trashed) : await restoreFamily(trashed);
    // Their list was deleted with them: the list comes back too (or its namesake made since takes them).
    const listId = restored[0]?.listId;
    const list = listId ? await reviveListOf(tx, userId, listId) : { unchanged: true as const };
    if ("movedTo" in list) {
      const moved: TaskRecord[] = [];
      for (const task of restored) moved.push((await tx.update(userId, task.id, task.version, { listId: list.movedTo })) ?? task);
      restored = moved;
    } else if ("revived" in list) {
      const reread: TaskRecord[] = [];
      for (const task of restored) reread.push((await tx.get(userId, task.id)) ?? task);
      restored = reread;
    }
    const now = ctx.clock.now();
    let asked: TaskView | undefined;
    for (const task of restored) {
      const view = toTaskView(task, now, zone);
      await tx.appendEvent(taskEvent("task.restored", ctx.user, view));
      if (task.id === id) asked = view;
    }
    if (!asked) throw notInTrash(id);
    return asked;
  });
}

/** The user's trash, most recently deleted first, with keyset pagination (`{limit?, cursor?}`). */
export async function listTrash(ctx: TaskContext, rawInput?: unknown): Promise<TrashPage> {
  const input = parseInput(ListTrashInput, rawInput ?? {});
  const after = input.cursor ? decodeTrashCursor(input.cursor) : undefined;
  const rows = await ctx.store.listTrash({ userId: ctx.user.id, after, limit: input.limit + 1 });
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > input.limit && last?.deletedAt
      ? Buffer.from(JSON.stringify({ d: last.deletedAt.toISOString(), i: last.id })).toString("base64url")
      : null;
  const now = ctx.clock.now();
  return { tasks: page.map((task) => toTaskView(task, now, ctx.user.timeZone)), nextCursor };
}

/**
 * Deletes a task in the trash for good ("delete forever"); emits nothing (its `task.deleted` went
 * out when it was trashed). Throws AppError `conflict` for a task that is not in the trash (delete
 * it first) and `not_found` for one that does not exist.
 */
export async function purgeTask(ctx: TaskContext, rawId: unknown): Promise<void> {
  const id = parseInput(TaskId, rawId, "id");
  await ctx.store.transaction(async (tx) => {
    const trashed = await tx.getTrashedForUpdate(ctx.user.id, id);
    if (!trashed) {
      if (await tx.get(ctx.user.id, id)) {
        throw new AppError("conflict", `Task ${id} is not in the trash; delete it first (it can then be deleted forever)`);
      }
      throw notInTrash(id);
    }
    await tx.purge(ctx.user.id, id);
  });
}

/** Deletes every task in the user's trash for good ("empty trash"); returns how many. Emits nothing. */
export async function emptyTrash(ctx: TaskContext): Promise<number> {
  return ctx.store.transaction((tx) => tx.purgeTrash(ctx.user.id));
}

/**
 * The scheduled purge: deletes for good, for every user, the tasks that went to the trash more than
 * `retentionDays` days (of 24 h) ago, in batches of `batchSize` (each its own statement, so a large
 * purge never holds many row locks at once). Returns how many were deleted.
 */
export async function purgeExpiredTrash(store: TaskStore, clock: Clock, retentionDays: number, batchSize = 500): Promise<number> {
  const cutoff = new Date(clock.now().getTime() - retentionDays * 86_400_000);
  let total = 0;
  for (;;) {
    const purged = await store.purgeTrashedBefore(cutoff, batchSize);
    total += purged;
    if (purged < batchSize) return total;
  }
}

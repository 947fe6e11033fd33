import { parseInput } from "../errors.ts";
import { CompleteTaskOptions, TaskId } from "./task-inputs.ts";
import { toTaskView, type TaskRecord, type TaskView } from "./task-model.ts";
import { taskEvent } from "./task-events.ts";
import { notFound } from "./task-rules.ts";
import type { TaskContext } from "./task-context.ts";
import type { TaskTransaction } from "./task-store.ts";
import { openSubtasksError } from "./subtasks.ts";

/** A completed task, and the open subtasks completed with it (`subtasks: "complete"`), in their order. */
export type CompletedTask = { task: TaskView; completedSubtasks: TaskView[] };

/**
 * Marks a task done and stamps completedAt; emits task.completed. A task with open subtasks is
 * completed only with `options.subtasks: "complete"`, which completes them first (one
 * task.completed each, same transaction); otherwise (the default, "refuse") it throws AppError
 * `open_subtasks` naming how many are open, and changes nothing. Completing a done task changes
 * nothing and emits nothing. Throws AppError `not_found`, `invalid_input`.
 */
export async function completeTaskAndSubtasks(ctx: TaskContext, rawId: unknown, rawOptions?: unknown): Promise<CompletedTask> {
  const id = parseInput(TaskId, rawId, "id");
  const options = parseInput(CompleteTaskOptions, rawOptions ?? {});
  return ctx.store.transaction((tx) => completeIn(ctx, tx, id, options.subtasks ?? "refuse"));
}

/** Marks a task done (see completeTaskAndSubtasks) and returns it. */
export async function completeTask(ctx: TaskContext, rawId: unknown, rawOptions?: unknown): Promise<TaskView> {
  return (await completeTaskAndSubtasks(ctx, rawId, rawOptions)).task;
}

async function completeIn(ctx: TaskContext, tx: TaskTransaction, id: string, subtasks: "complete" | "refuse"): Promise<CompletedTask> {
  const userId = ctx.user.id;
  const now = ctx.clock.now();
  const zone = ctx.user.timeZone;
  const current = await tx.getForUpdate(userId, id);
  if (!current) throw notFound(id);
  if (current.status === "done") return { task: toTaskView(current, now, zone), completedSubtasks: [] };
  const open =
    current.subtaskCount.total > current.subtaskCount.done
      ? (await tx.subtasks(userId, id, { forUpdate: true })).filter((s) => s.status === "open")
      : [];
  if (open.length && subtasks !== "complete") throw openSubtasksError(current, open.length);
  const completedSubtasks: TaskView[] = [];
  for (const subtask of open) {
    const done = await tx.update(userId, subtask.id, subtask.version, { status: "done", completedAt: now });
    if (!done) throw notFound(subtask.id);
    const view = toTaskView(done, now, zone);
    await tx.appendEvent(taskEvent("task.completed", ctx.user, view, ["status", "completedAt"]));
    completedSubtasks.push(view);
  }
  // Locked since it was read: the version cannot have moved.
  const updated = await tx.update(userId, id, current.version, { status: "done", completedAt: now });
  if (!updated) throw notFound(id);
  const task = toTaskView(updated, now, zone);
  await tx.appendEvent(taskEvent("task.completed", ctx.user, task, ["status", "completedAt"]));
  return { task, completedSubtasks };
}

/**
 * What reopening did to the occurrence the completion had created: `removed` when it was still as
 * created (version 1, open), `kept` with the reason when it had been changed since.
 */
export type NextOccurrenceOutcome = { removed: true; task: TaskView } | { kept: true; reason: string; task: TaskView };

/**
 * A reopened task; `reopenedSubtasks`, the subtasks its completion had completed with it (present
 * when there were any), open again, in their order; and what happened to the next occurrence of its
 * series, if it had one.
 */
export type ReopenResult = { task: TaskView; reopenedSubtasks?: TaskView[]; nextOccurrence?: NextOccurrenceOutcome };

/**
 * Opens a done task again and clears completedAt (emits task.updated). Reopening undoes the
 * completion: the subtasks that completion completed with it (`subtasks: "complete"`) are opened
 * again too (one task.updated each), while those done before it stay done. The completion stamps
 * the parent and the subtasks it completes with the same completedAt instant, and that shared
 * instant is its record of which it completed; a subtask completed or reopened on its own since
 * has another and is left as it is. The next occurrence of a repeating task that the completion created is deleted
 * (emits task.deleted), unless it was changed since (its version is past 1, or it is done), in
 * which case it stays and the result says so. Completing again creates exactly one again.
 * Reopening an open task changes nothing. Throws AppError `not_found`.
 */
export async function reopenTask(ctx: TaskContext, rawId: unknown): Promise<ReopenResult> {
  const id = parseInput(TaskId, rawId, "id");
  const now = () => ctx.clock.now();
  const zone = ctx.user.timeZone;
  return ctx.store.transaction(async (tx) => {
    // Locked, so a next occurrence being created for this completion right now is either
    // committed before we look for it, or sees the task open and is not created.
    const current = await tx.getForUpdate(ctx.user.id, id);
    if (!current) throw notFound(id);
    if (current.status === "open") return { task: toTaskView(current, now(), zone) };
    // Its subtasks first, so the parent's subtaskCount counts them open.
    const reopenedSubtasks = await reopenSubtasksCompletedWith(ctx, tx, current);
    const updated = await tx.update(ctx.user.id, id, current.version, { status: "open", completedAt: null });
    if (!updated) throw notFound(id);
    const task = toTaskView(updated, now(), zone);
    await tx.appendEvent(taskEvent("task.updated", ctx.user, task, ["status", "completedAt"]));
    const withSubtasks = reopenedSubtasks.length ? { reopenedSubtasks } : {};
    const next = current.seriesId ? await tx.nextInSeries(ctx.user.id, current.seriesId, current.occurrenceIndex) : null;
    if (!next) return { task, ...withSubtasks };
    const nextView = toTaskView(next, now(), zone);
    // The subtasks it carried count as part of it: one ticked off or changed is the user's work.
    const carried = next.subtaskCount.total ? await tx.subtasks(ctx.user.id, next.id, { forUpdate: true }) : [];
    const untouched = carried.every((subtask) => subtask.status === "open" && subtask.version === 1);
    if (next.status === "open" && next.version === 1 && untouched) {
      // Deleted for good, not trashed: it was made by the completion being undone, not by the user,
      // and completing again must be able to create it anew. Its subtasks go with it.
      await tx.purge(ctx.user.id, next.id);
      await tx.appendEvent(taskEvent("task.deleted", ctx.user, nextView));
      for (const subtask of carried) await tx.appendEvent(taskEvent("task.deleted", ctx.user, toTaskView(subtask, now(), zone)));
      return { task, ...withSubtasks, nextOccurrence: { removed: true, task: nextView } };
    }
    const reason =
      next.status === "done"
        ? `the next occurrence (${next.id}) is already done, so it stays`
        : `the next occurrence (${next.id}) was changed after it was created${untouched ? "" : " (or one of its subtasks was)"}, so it stays; delete it if you no longer want it`;
    return { task, ...withSubtasks, nextOccurrence: { kept: true, reason, task: nextView } };
  });
}

/** Opens again the done subtasks of `parent` stamped with its completedAt (completed with it); emits task.updated each. */
async function reopenSubtasksCompletedWith(ctx: TaskContext, tx: TaskTransaction, parent: TaskRecord): Promise<TaskView[]> {
  const completedAt = parent.completedAt?.getTime();
  if (completedAt === undefined || !parent.subtaskCount.done) return [];
  const subtasks = await tx.subtasks(ctx.user.id, parent.id, { forUpdate: true });
  const reopened: TaskView[] = [];
  for (const subtask of subtasks) {
    if (subtask.status !== "done" || subtask.completedAt?.getTime() !== completedAt) continue;
    const open = await tx.update(ctx.user.id, subtask.id, subtask.version, { status: "open", completedAt: null });
    if (!open) throw notFound(subtask.id);
    const view = toTaskView(open, ctx.clock.now(), ctx.user.timeZone);
    await tx.appendEvent(taskEvent("task.updated", ctx.user, view, ["status", "completedAt"]));
    reopened.push(view);
  }
  return reopened;
}

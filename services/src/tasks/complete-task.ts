import { parseInput } from "../errors.ts";
import { TaskId } from "./task-inputs.ts";
import { toTaskView, type TaskView } from "./task-model.ts";
import { taskEvent } from "./task-events.ts";
import { notFound } from "./task-rules.ts";
import type { TaskContext } from "./task-context.ts";
import { mutateTask } from "./mutate-task.ts";

/** Marks a task done and stamps completedAt. Completing a done task changes nothing and emits nothing. */
export async function completeTask(ctx: TaskContext, rawId: unknown): Promise<TaskView> {
  const id = parseInput(TaskId, rawId, "id");
  return mutateTask(ctx, id, undefined, (current) =>
    current.status === "done"
      ? { fields: {}, changedFields: [], eventType: "task.completed" }
      : { fields: { status: "done", completedAt: ctx.clock.now() }, changedFields: ["status", "completedAt"], eventType: "task.completed" },
  );
}

/**
 * What reopening did to the occurrence the completion had created: `removed` when it was still as
 * created (version 1, open), `kept` with the reason when it had been changed since.
 */
export type NextOccurrenceOutcome = { removed: true; task: TaskView } | { kept: true; reason: string; task: TaskView };

/** A reopened task, and what happened to the next occurrence of its series, if it had one. */
export type ReopenResult = { task: TaskView; nextOccurrence?: NextOccurrenceOutcome };

/**
 * Opens a done task again and clears completedAt (emits task.updated). Reopening undoes the
 * completion: the next occurrence of a repeating task that the completion created is deleted
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
    const updated = await tx.update(ctx.user.id, id, current.version, { status: "open", completedAt: null });
    if (!updated) throw notFound(id);
    const task = toTaskView(updated, now(), zone);
    await tx.appendEvent(taskEvent("task.updated", ctx.user, task, ["status", "completedAt"]));
    const next = current.seriesId ? await tx.nextInSeries(ctx.user.id, current.seriesId, current.occurrenceIndex) : null;
    if (!next) return { task };
    const nextView = toTaskView(next, now(), zone);
    if (next.status === "open" && next.version === 1) {
      // Deleted for good, not trashed: it was made by the completion being undone, not by the user,
      // and completing again must be able to create it anew.
      await tx.purge(ctx.user.id, next.id);
      await tx.appendEvent(taskEvent("task.deleted", ctx.user, nextView));
      return { task, nextOccurrence: { removed: true, task: nextView } };
    }
    const reason =
      next.status === "done"
        ? `the next occurrence (${next.id}) is already done, so it stays`
        : `the next occurrence (${next.id}) was changed after it was created, so it stays; delete it if you no longer want it`;
    return { task, nextOccurrence: { kept: true, reason, task: nextView } };
  });
}

import { completeTaskAndSubtasks } from "../tasks/complete-task.ts";
import type { TaskContext } from "../tasks/task-context.ts";
import { toTaskView, type TaskView } from "../tasks/task-model.ts";
import { continueSeries } from "./continue-series.ts";

/**
 * What completing a repeating task led to: `created` — the next occurrence (a new task, its id and
 * due moment), made now or by an earlier completion of the same occurrence; `ended` — the repeat
 * rule has no occurrence after this one (UNTIL or COUNT reached).
 */
export type CompletionNext = { created: true; task: TaskView } | { ended: true; reason: string };

/**
 * A completed task and, when it repeats, what became of its series; `completedSubtasks`: the open
 * subtasks completed with it (present only when there were some).
 */
export type CompletionResult = { task: TaskView; nextOccurrence?: CompletionNext; completedSubtasks?: TaskView[] };

/**
 * Completes a task (see completeTask) and, when it repeats, creates its next occurrence at once
 * (see continueSeries) so the caller learns its id and due moment. The event-driven worker that
 * also continues series on `task.completed` then finds it already created: the store allows one
 * task per series and occurrence index, so there is still exactly one per completion. Completing a
 * done task again returns the same next occurrence. `rawOptions.subtasks` says what to do with
 * open subtasks (see completeTaskAndSubtasks); the next occurrence carries the subtasks, reopened.
 * Throws AppError `not_found`, `invalid_input`, `open_subtasks`.
 */
export async function completeAndContinue(ctx: TaskContext, rawId: unknown, rawOptions?: unknown): Promise<CompletionResult> {
  const completed = await completeTaskAndSubtasks(ctx, rawId, rawOptions);
  const result = await continueAfter(ctx, completed.task);
  return completed.completedSubtasks.length ? { ...result, completedSubtasks: completed.completedSubtasks } : result;
}

async function continueAfter(ctx: TaskContext, task: TaskView): Promise<CompletionResult> {
  if (!task.recurrence || !task.seriesId) return { task };
  const outcome = await continueSeries(ctx, task);
  if (outcome.kind === "created") return { task, nextOccurrence: { created: true, task: outcome.task } };
  if (outcome.kind === "ended") return { task, nextOccurrence: { ended: true, reason: "the repeat rule has no occurrence after this one" } };
  if (outcome.kind !== "already-created") return { task };
  const seriesId = task.seriesId;
  const next = await ctx.store.transaction((tx) => tx.nextInSeries(ctx.user.id, seriesId, task.occurrenceIndex));
  return next ? { task, nextOccurrence: { created: true, task: toTaskView(next, ctx.clock.now(), ctx.user.timeZone) } } : { task };
}

import { toTaskView, type TaskFields, type TaskView } from "../tasks/task-model.ts";
import { taskEvent } from "../tasks/task-events.ts";
import type { TaskContext } from "../tasks/task-context.ts";
import { dueSortInstant } from "../tasks/task-model.ts";
import { nextOccurrence } from "../time/occurrences.ts";

export type SeriesOutcome = { kind: "created"; task: TaskView } | { kind: "already-created" } | { kind: "ended" } | { kind: "not-recurring" };

/**
 * Creates the task that follows a completed occurrence of a repeating task, in the same series,
 * carrying its title, description, priority, tags, repeat rule and reminder. Exactly one per
 * completion: the store refuses a second task with the same series and occurrence index, so a
 * redelivered, concurrent or crashed-and-retried call finds it already created.
 */
export async function continueSeries(ctx: TaskContext, completed: TaskView): Promise<SeriesOutcome> {
  if (!completed.recurrence || !completed.seriesId || completed.status !== "done") return { kind: "not-recurring" };
  const next = nextOccurrence(
    {
      recurrence: completed.recurrence,
      recurrenceMode: completed.recurrenceMode,
      dueAt: completed.dueAt ? new Date(completed.dueAt) : null,
      dueDate: completed.dueDate,
      occurrenceIndex: completed.occurrenceIndex,
    },
    { timeZone: ctx.user.timeZone, completedAt: completed.completedAt ? new Date(completed.completedAt) : ctx.clock.now(), now: ctx.clock.now() },
  );
  if (!next) return { kind: "ended" };
  const due = { dueAt: next.dueAt ?? null, dueDate: next.dueDate ?? null };
  const fields: TaskFields = {
    title: completed.title,
    description: completed.description,
    status: "open",
    priority: completed.priority,
    tags: completed.tags,
    ...due,
    dueSortAt: dueSortInstant(due, ctx.user.timeZone),
    recurrence: completed.recurrence,
    recurrenceMode: completed.recurrenceMode,
    reminderMinutesBefore: completed.reminderMinutesBefore,
    seriesId: completed.seriesId,
    occurrenceIndex: next.occurrenceIndex,
    completedAt: null,
  };
  return ctx.store.transaction(async (tx) => {
    const task = await tx.insertOccurrence(ctx.user.id, fields);
    if (!task) return { kind: "already-created" } as const;
    const view = toTaskView(task, ctx.clock.now(), ctx.user.timeZone);
    await tx.appendEvent(taskEvent("task.created", ctx.user, view));
    return { kind: "created", task: view } as const;
  });
}

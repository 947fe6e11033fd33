import type { TaskView } from "../tasks/task-model.ts";
import { nextOccurrence } from "../time/occurrences.ts";
import { formatInstant } from "../time/zone.ts";

/**
 * When the occurrence after a just-completed repeating task is due, as the task view writes dues
 * (`dueAt` ISO 8601 in the owner's zone, or `dueDate` YYYY-MM-DD): the same rule continueSeries
 * uses to create it, so a page can say "Next one: Mon 14 Jan" before the worker has made it.
 * Null when the task does not repeat, is not done, or its series has ended (UNTIL, COUNT).
 */
export function nextDueOf(task: TaskView, timeZone: string, now: Date): { dueAt: string | null; dueDate: string | null } | null {
  if (!task.recurrence || task.status !== "done") return null;
  const next = nextOccurrence(
    {
      recurrence: task.recurrence,
      recurrenceMode: task.recurrenceMode,
      dueAt: task.dueAt ? new Date(task.dueAt) : null,
      dueDate: task.dueDate,
      occurrenceIndex: task.occurrenceIndex,
      seriesWallTime: task.seriesWallTime ?? null,
    },
    { timeZone, completedAt: task.completedAt ? new Date(task.completedAt) : now, now },
  );
  if (!next) return null;
  return { dueAt: next.dueAt ? formatInstant(next.dueAt, timeZone) : null, dueDate: next.dueDate ?? null };
}

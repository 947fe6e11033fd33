import type { TaskContext, TaskView } from "@todo/services";
import { dueInWords, remindersInWords, repeatInWords } from "@todo/services/format";

/**
 * One compact line for a model (or a person) to read, the dates in words in the user's zone:
 * "'call mom' (due Sunday 6:00 PM, repeats weekly, reminders: 1 hour before, high, #family) id 0b6c…". No tags and an
 * open status are left out; the full task is in the result's structuredContent.
 * Without `context` (the user's zone and clock) the due moment is printed as stored (ISO 8601).
 */
export function describeTask(task: TaskView, context?: Pick<TaskContext, "clock" | "user">): string {
  const parts: string[] = [];
  const due = context ? dueInWords(task, context.user.timeZone, context.clock.now()) : (task.dueAt ?? task.dueDate);
  if (due) parts.push(`due ${due}`);
  if (task.overdue) parts.push("overdue");
  if (task.recurrence) parts.push(`repeats ${repeatInWords(task.recurrence) ?? task.recurrence}`);
  const reminders = task.status === "open" ? remindersInWords(task.reminders ?? [], context?.user.timeZone, context?.clock.now()) : null;
  if (reminders) parts.push(`reminders: ${reminders}`);
  parts.push(task.priority);
  if (task.tags.length) parts.push(task.tags.map((t) => `#${t}`).join(" "));
  if (task.status === "done") parts.push("done");
  return `'${task.title}' (${parts.join(", ")}) id ${task.id}`;
}

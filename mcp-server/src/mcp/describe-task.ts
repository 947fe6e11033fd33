import type { TaskContext, TaskView } from "@todo/services";
import { dueInWords, repeatInWords } from "@todo/services/format";

/**
 * One compact line for a model (or a person) to read, the dates in words in the user's zone:
 * "'call mom' (due Sunday 6:00 PM, repeats weekly, high, #family) id 0b6c…". No tags and an
 * open status are left out; the full task is in the result's structuredContent.
 * Without `context` (the user's zone and clock) the due moment is printed as stored (ISO 8601).
 */
export function describeTask(task: TaskView, context?: Pick<TaskContext, "clock" | "user">): string {
  const parts: string[] = [];
  const due = context ? dueInWords(task, context.user.timeZone, context.clock.now()) : (task.dueAt ?? task.dueDate);
  if (due) parts.push(`due ${due}`);
  if (task.overdue) parts.push("overdue");
  if (task.recurrence) parts.push(`repeats ${repeatInWords(task.recurrence) ?? task.recurrence}`);
  parts.push(task.priority);
  if (task.tags.length) parts.push(task.tags.map((t) => `#${t}`).join(" "));
  if (task.status === "done") parts.push("done");
  if (task.list && task.list.name !== "Inbox") parts.push(`in ${task.list.name}`);
  return `'${task.title}' (${parts.join(", ")}) id ${task.id}`;
}

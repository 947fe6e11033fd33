import type { TaskContext, TaskView } from "@todo/services";
import { dueInWords, remindersInWords, repeatInWords, subtasksInWords } from "@todo/services/format";

/**
 * One compact line for a model (or a person) to read, the dates in words in the user's zone:
 * "'call mom' (due Sunday 6:00 PM, repeats weekly, high, #family) id 0b6c…". No tags and an
 * open status are left out; the full task is in the result's structuredContent. A task with
 * subtasks says "2 subtasks (1 done)"; a subtask says whose it is ("subtask of <id>") unless
 * `underParent` (a list prints it under its parent).
 * Without `context` (the user's zone and clock) the due moment is printed as stored (ISO 8601).
 */
export function describeTask(task: TaskView, context?: Pick<TaskContext, "clock" | "user">, underParent = false): string {
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
  if (task.list && task.list.name !== "Inbox") parts.push(`in ${task.list.name}`);
  const subtasks = subtasksInWords(task.subtaskCount);
  if (subtasks) parts.push(subtasks);
  if (task.parentId && !underParent) parts.push(`subtask of ${task.parentId}`);
  return `'${task.title}' (${parts.join(", ")}) id ${task.id}`;
}

/**
 * A list of tasks as lines ("- 'trip planning' (…) id …"), a subtask whose parent is in the list
 * printed right under it ("  - 'book flights' (…) id …", in their order) instead of in its own place.
 */
export function describeTaskLines(tasks: readonly TaskView[], context?: Pick<TaskContext, "clock" | "user">): string[] {
  const ids = new Set(tasks.map((task) => task.id));
  const under = new Map<string, TaskView[]>();
  for (const task of tasks) {
    if (task.parentId && ids.has(task.parentId)) under.set(task.parentId, [...(under.get(task.parentId) ?? []), task]);
  }
  const lines: string[] = [];
  for (const task of tasks) {
    if (task.parentId && ids.has(task.parentId)) continue;
    lines.push(`- ${describeTask(task, context)}`);
    const subtasks = [...(under.get(task.id) ?? [])].sort((a, b) => a.position - b.position);
    for (const subtask of subtasks) lines.push(`  - ${describeTask(subtask, context, true)}`);
  }
  return lines;
}

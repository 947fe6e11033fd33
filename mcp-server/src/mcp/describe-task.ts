import type { TaskView } from "@todo/services";

/** One line a person (or a model) can read: "'call mom' (high, due 2026-11-27T18:00:00-05:00, #family)". */
export function describeTask(task: TaskView): string {
  const parts: string[] = [task.priority];
  if (task.dueAt) parts.push(`due ${task.dueAt}`);
  else if (task.dueDate) parts.push(`due ${task.dueDate}`);
  if (task.overdue) parts.push("overdue");
  if (task.recurrence) parts.push(`repeats ${task.recurrence}`);
  if (task.tags.length) parts.push(task.tags.map((t) => `#${t}`).join(" "));
  if (task.status === "done") parts.push("done");
  return `'${task.title}' (${parts.join(", ")}) id ${task.id}`;
}

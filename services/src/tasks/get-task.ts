import { parseInput } from "../errors.ts";
import { TaskId } from "./task-inputs.ts";
import { toTaskView, type TaskView } from "./task-model.ts";
import type { TaskContext } from "./task-context.ts";
import { notFound } from "./task-rules.ts";

/** One of the user's tasks; another user's task is reported as not found. */
export async function getTask(ctx: TaskContext, rawId: unknown): Promise<TaskView> {
  const id = parseInput(TaskId, rawId, "id");
  const task = await ctx.store.get(ctx.user.id, id);
  if (!task) throw notFound(id);
  return toTaskView(task, ctx.clock.now(), ctx.user.timeZone);
}

/** A task with its subtasks (open and done, outside the trash, in their order; [] for a subtask). */
export type TaskWithSubtasks = { task: TaskView; subtasks: TaskView[] };

/** One of the user's tasks and its subtasks, as get_task and GET /api/tasks/:id show it. Throws AppError `not_found`. */
export async function getTaskWithSubtasks(ctx: TaskContext, rawId: unknown): Promise<TaskWithSubtasks> {
  const task = await getTask(ctx, rawId);
  if (!task.subtaskCount.total) return { task, subtasks: [] };
  const now = ctx.clock.now();
  const subtasks = await ctx.store.subtasks(ctx.user.id, task.id);
  return { task, subtasks: subtasks.map((subtask) => toTaskView(subtask, now, ctx.user.timeZone)) };
}

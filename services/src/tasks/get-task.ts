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

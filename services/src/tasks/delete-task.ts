import { parseInput } from "../errors.ts";
import { TaskId } from "./task-inputs.ts";
import { toTaskView, type TaskView } from "./task-model.ts";
import { taskEvent } from "./task-events.ts";
import type { TaskContext } from "./task-context.ts";
import { notFound } from "./task-rules.ts";

/** Deletes a task and emits task.deleted carrying the task as it was. */
export async function deleteTask(ctx: TaskContext, rawId: unknown): Promise<TaskView> {
  const id = parseInput(TaskId, rawId, "id");
  return ctx.store.transaction(async (tx) => {
    const current = await tx.get(ctx.user.id, id);
    if (!current || !(await tx.delete(ctx.user.id, id))) throw notFound(id);
    const view = toTaskView(current, ctx.clock.now(), ctx.user.timeZone);
    await tx.appendEvent(taskEvent("task.deleted", ctx.user, view));
    return view;
  });
}

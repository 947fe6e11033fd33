import { parseInput } from "../errors.ts";
import { TaskId } from "./task-inputs.ts";
import type { TaskView } from "./task-model.ts";
import type { TaskContext } from "./task-context.ts";
import { mutateTask } from "./mutate-task.ts";

/** Marks a task done and stamps completedAt. Completing a done task changes nothing and emits nothing. */
export async function completeTask(ctx: TaskContext, rawId: unknown): Promise<TaskView> {
  const id = parseInput(TaskId, rawId, "id");
  return mutateTask(ctx, id, undefined, (current) =>
    current.status === "done"
      ? { fields: {}, changedFields: [], eventType: "task.completed" }
      : { fields: { status: "done", completedAt: ctx.clock.now() }, changedFields: ["status", "completedAt"], eventType: "task.completed" },
  );
}

/** Opens a done task again and clears completedAt (emits task.updated). */
export async function reopenTask(ctx: TaskContext, rawId: unknown): Promise<TaskView> {
  const id = parseInput(TaskId, rawId, "id");
  return mutateTask(ctx, id, undefined, (current) =>
    current.status === "open"
      ? { fields: {}, changedFields: [], eventType: "task.updated" }
      : { fields: { status: "open", completedAt: null }, changedFields: ["status", "completedAt"], eventType: "task.updated" },
  );
}

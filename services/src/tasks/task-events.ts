import { z } from "zod";
import type { TaskView } from "./task-model.ts";

export const TASK_EVENT_TYPES = ["task.created", "task.updated", "task.completed", "task.deleted"] as const;
export type TaskEventType = (typeof TASK_EVENT_TYPES)[number];
export const TASK_EVENT_SCHEMA_VERSION = 1;

/** The payload every task event carries: the task after the change and what changed. */
export const TaskEventPayload = z.object({
  version: z.literal(TASK_EVENT_SCHEMA_VERSION),
  userId: z.uuid(),
  task: z.looseObject({ id: z.uuid(), title: z.string(), status: z.enum(["open", "done"]) }),
  changedFields: z.array(z.string()).optional(),
});
export type TaskEventPayload = Omit<z.infer<typeof TaskEventPayload>, "task"> & { task: TaskView };

/** An event to be written to the outbox in the same transaction as the change it describes. */
export interface TaskEventDraft {
  type: TaskEventType;
  aggregateId: string;
  userId: string;
  payload: TaskEventPayload;
}

export function taskEvent(type: TaskEventType, userId: string, task: TaskView, changedFields?: string[]): TaskEventDraft {
  return {
    type,
    aggregateId: task.id,
    userId,
    payload: { version: TASK_EVENT_SCHEMA_VERSION, userId, task, ...(changedFields ? { changedFields } : {}) },
  };
}

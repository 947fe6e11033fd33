import { z } from "zod";
import { TASK_EVENT_TYPES, TaskEventPayload } from "../tasks/task-events.ts";
import { LIST_EVENT_TYPES, ListEventPayload } from "../lists/list-events.ts";

/**
 * A task event on the wire: CloudEvents 1.0 in JSON. `id` is the outbox row id (consumers
 * de-duplicate on it), `subject` the task id (the partition key, so one task's events stay in order).
 */
export const TaskCloudEvent = z.object({
  specversion: z.literal("1.0"),
  id: z.uuid(),
  source: z.string().min(1),
  type: z.enum(TASK_EVENT_TYPES),
  time: z.iso.datetime({ offset: true }),
  subject: z.uuid(),
  datacontenttype: z.literal("application/json").optional(),
  data: TaskEventPayload,
});
export type TaskCloudEvent = z.infer<typeof TaskCloudEvent>;

/** A consumer's answer, in Dapr's words: done, try again later, or give up on a bad message. */
export type HandlerResult = "SUCCESS" | "RETRY" | "DROP";

export interface OutboxRow {
  id: string;
  type: string;
  aggregateId: string;
  payload: unknown;
  createdAt: Date;
}

/** A list event on the wire (list.created/updated/deleted); `subject` is the list id. No consumer acts on them yet. */
export const ListCloudEvent = TaskCloudEvent.extend({ type: z.enum(LIST_EVENT_TYPES), data: ListEventPayload });
export type ListCloudEvent = z.infer<typeof ListCloudEvent>;

/** Any event the outbox publishes on the task-events topic. */
export type DomainCloudEvent = TaskCloudEvent | ListCloudEvent;

/** True for a task event (what the task consumers handle), false for a list event. */
export function isTaskCloudEvent(event: DomainCloudEvent): event is TaskCloudEvent {
  return (TASK_EVENT_TYPES as readonly string[]).includes(event.type);
}

/** Wraps an outbox row as the CloudEvent that leaves the process. */
export function toCloudEvent(row: OutboxRow, source: string): DomainCloudEvent {
  return (row.type.startsWith("list.") ? ListCloudEvent : TaskCloudEvent).parse({
    specversion: "1.0",
    id: row.id,
    source,
    type: row.type,
    time: row.createdAt.toISOString(),
    subject: row.aggregateId,
    datacontenttype: "application/json",
    data: row.payload,
  });
}

import { z } from "zod";
import { DELETE_LIST_TASKS } from "./list-model.ts";

/**
 * `list.created` (also when a list deleted with its tasks comes back with a restored task),
 * `list.updated` (renamed, recoloured, moved), `list.deleted` (with what became of its tasks; each
 * task also has its own task.deleted or task.updated event).
 */
export const LIST_EVENT_TYPES = ["list.created", "list.updated", "list.deleted"] as const;
export type ListEventType = (typeof LIST_EVENT_TYPES)[number];
export const LIST_EVENT_SCHEMA_VERSION = 1;

export const ListViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  color: z.string().nullable(),
  position: z.number().int(),
  isInbox: z.boolean(),
});

/** The payload of every list event: the list after the change (as it was, when deleted). */
export const ListEventPayload = z.object({
  version: z.literal(LIST_EVENT_SCHEMA_VERSION),
  userId: z.uuid(),
  list: ListViewSchema,
  changedFields: z.array(z.string()).optional(),
  /** list.deleted: what became of its tasks, and how many */
  tasks: z.enum(DELETE_LIST_TASKS).optional(),
  taskCount: z.number().int().optional(),
  /** list.created: it came back from the trash with a restored task */
  restored: z.boolean().optional(),
});
export type ListEventPayload = z.infer<typeof ListEventPayload>;

/** A list event to be written to the outbox in the same transaction as its change. */
export interface ListEventDraft {
  type: ListEventType;
  aggregateId: string;
  userId: string;
  payload: ListEventPayload;
}

export function listEvent(
  type: ListEventType,
  userId: string,
  list: z.infer<typeof ListViewSchema>,
  extra: Omit<ListEventPayload, "version" | "userId" | "list"> = {},
): ListEventDraft {
  const { id, name, color, position, isInbox } = list;
  return {
    type,
    aggregateId: id,
    userId,
    payload: { version: LIST_EVENT_SCHEMA_VERSION, userId, list: { id, name, color, position, isInbox }, ...extra },
  };
}

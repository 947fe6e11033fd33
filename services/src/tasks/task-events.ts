import { z } from "zod";
import { PRIORITIES, RECURRENCE_MODES, STATUSES, type TaskView } from "./task-model.ts";

/**
 * `task.deleted`: moved to the trash (the task as it was); `task.restored`: back from the trash, as
 * it is now (consumers treat it as a created task). Purging from the trash emits nothing more.
 */
export const TASK_EVENT_TYPES = ["task.created", "task.updated", "task.completed", "task.deleted", "task.restored"] as const;
export type TaskEventType = (typeof TASK_EVENT_TYPES)[number];
export const TASK_EVENT_SCHEMA_VERSION = 1;

/** A task as events and tools show it (TaskView), for validating what arrives from outside. */
export const TaskViewSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
  status: z.enum(STATUSES),
  priority: z.enum(PRIORITIES),
  tags: z.array(z.string()),
  dueAt: z.iso.datetime({ offset: true }).nullable().describe("Due instant with the user's UTC offset, for a timed task"),
  dueDate: z.iso.date().nullable().describe("Due local date, for an all-day task"),
  overdue: z.boolean(),
  recurrence: z.string().nullable(),
  recurrenceMode: z.enum(RECURRENCE_MODES).nullable(),
  reminderMinutesBefore: z.number().int().nullable(),
  // Optional: events written before a task had several reminders carry reminderMinutesBefore only.
  reminders: z
    .array(
      z.union([z.object({ id: z.uuid(), minutesBefore: z.number().int().min(0) }), z.object({ id: z.uuid(), at: z.iso.datetime({ offset: true }) })]),
    )
    .max(20)
    .optional()
    .describe("The task's reminders: minutes before the due moment, or an instant"),
  seriesId: z.uuid().nullable(),
  occurrenceIndex: z.number().int().positive().describe("Position of this task in its repeating series (1 = first)"),
  // Optional: events written before the field existed must still validate.
  seriesWallTime: z
    .string()
    .regex(/^\d{2}:\d{2}(?::\d{2})?$/)
    .nullable()
    .optional()
    .describe("The intended local time of day HH:MM:SS of a timed task; differs from dueAt's only when that fell in a DST gap"),
  completedAt: z.iso.datetime({ offset: true }).nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  version: z.number().int(),
  deletedAt: z.iso.datetime({ offset: true }).optional().describe("When it was moved to the trash; only on a task in the trash"),
  // Subtasks. Defaults: events written before subtasks existed must still validate (as top-level tasks).
  parentId: z.uuid().nullable().default(null).describe("The task this one is a subtask of; null for a top-level task"),
  position: z.number().int().min(0).default(0).describe("0-based order among its parent's subtasks"),
  subtaskCount: z
    .object({ total: z.number().int().min(0), done: z.number().int().min(0) })
    .default({ total: 0, done: 0 })
    .describe("How many subtasks it has (outside the trash) and how many are done"),
  list: z.object({ id: z.uuid(), name: z.string(), color: z.string().nullable() }).describe("The list it is in"),
});

// Events written before lists existed carry no list and must still validate.
const EventTask = TaskViewSchema.extend({ list: TaskViewSchema.shape.list.optional() });
/** A task as an event carries it: a TaskView, whose list may be absent in events from before lists. */
export type EventTaskView = z.infer<typeof EventTask>;

/** The payload every task event carries: the task after the change (as it was, when deleted), what changed, whose it is. */
export const TaskEventPayload = z.object({
  version: z.literal(TASK_EVENT_SCHEMA_VERSION),
  userId: z.uuid(),
  /** The owner's IANA zone, which all-day dates and reminders are read in. */
  timeZone: z.string().min(1),
  task: EventTask,
  changedFields: z.array(z.string()).optional(),
  /** The task's list (absent in events written before lists existed). */
  listId: z.uuid().optional(),
});
export type TaskEventPayload = z.infer<typeof TaskEventPayload>;

/** An event to be written to the outbox in the same transaction as the change it describes. */
export interface TaskEventDraft {
  type: TaskEventType;
  aggregateId: string;
  userId: string;
  payload: TaskEventPayload;
}

export function taskEvent(type: TaskEventType, user: { id: string; timeZone: string }, task: TaskView, changedFields?: string[]): TaskEventDraft {
  return {
    type,
    aggregateId: task.id,
    userId: user.id,
    payload: {
      version: TASK_EVENT_SCHEMA_VERSION,
      userId: user.id,
      timeZone: user.timeZone,
      task,
      ...(changedFields ? { changedFields } : {}),
      listId: task.list.id,
    },
  };
}

import { parseInput } from "../errors.ts";
import { TaskId, UpdateTaskInput } from "./task-inputs.ts";
import type { TaskFields, TaskRecord, TaskView } from "./task-model.ts";
import type { TaskContext } from "./task-context.ts";
import { diffFields, mutateTask, type TaskChange } from "./mutate-task.ts";
import { resolveListId } from "../lists/lists.ts";
import { assertReminderHasDue, resolveDueInput, resolveRecurrenceInput, withDueSort } from "./task-rules.ts";

/** A validated change to a task (UpdateTaskInput without its version), its repeat rule already resolved. */
export type PlannedChange = Omit<UpdateTaskInput, "version">;

/** A change's `list`, resolved to the list's id before the change is planned (undefined: not moved). */
export type PlannedList = { listId?: string };

/**
 * The fields an update writes to `current`, and the names of those that differ: a due phrase read
 * against the task as it is now. Throws AppError `invalid_input` when the result breaks a rule.
 */
export function planUpdate(
  ctx: TaskContext,
  current: TaskRecord,
  input: PlannedChange,
  recurrence: string | null | undefined,
  list: PlannedList = {},
): TaskChange {
  const due = resolveDueInput(input, ctx, current);
  const next: Partial<TaskFields> = {};
  if (input.title !== undefined) next.title = input.title;
  if (input.description !== undefined) next.description = input.description;
  if (input.priority !== undefined) next.priority = input.priority;
  if (input.tags !== undefined) next.tags = input.tags;
  if (list.listId !== undefined) next.listId = list.listId;
  if (due) {
    Object.assign(next, withDueSort(due, ctx));
    // A reminder is relative to the due moment: it goes when the due moment goes.
    if (!due.dueAt && !due.dueDate && input.reminderMinutesBefore === undefined) next.reminderMinutesBefore = null;
  }
  if (input.reminderMinutesBefore !== undefined) next.reminderMinutesBefore = input.reminderMinutesBefore;
  if (recurrence !== undefined) {
    next.recurrence = recurrence;
    next.recurrenceMode = recurrence ? (input.recurrenceMode ?? current.recurrenceMode ?? "schedule") : null;
    if (recurrence && !current.seriesId) next.seriesId = crypto.randomUUID();
  } else if (input.recurrenceMode !== undefined && current.recurrence) {
    next.recurrenceMode = input.recurrenceMode;
  }
  assertReminderHasDue({ ...current, ...next });
  return { fields: next, changedFields: diffFields(current, next), eventType: "task.updated" };
}

/**
 * Applies a partial change; an explicit null clears a field. Emits task.updated with the changed
 * fields. A `due` phrase changes only what it says ("friday" keeps the time of day, "2pm" the day).
 */
export async function updateTask(ctx: TaskContext, rawId: unknown, rawInput: unknown): Promise<TaskView> {
  const id = parseInput(TaskId, rawId, "id");
  const input = parseInput(UpdateTaskInput, rawInput);
  const recurrence = resolveRecurrenceInput(input.recurrence, ctx);
  const list = input.list === undefined ? {} : { listId: await resolveListId(ctx, input.list) };
  // Read against the task as it is now: a phrase keeps the parts of its due moment it did not say.
  return mutateTask(ctx, id, input.version, (current) => planUpdate(ctx, current, input, recurrence, list));
}

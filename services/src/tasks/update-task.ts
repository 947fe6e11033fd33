import { AppError, parseInput } from "../errors.ts";
import { TaskId, UpdateTaskInput } from "./task-inputs.ts";
import { toTaskView, type TaskFields, type TaskRecord, type TaskView } from "./task-model.ts";
import type { TaskContext } from "./task-context.ts";
import { conflict, diffFields, mutateTask, type TaskChange } from "./mutate-task.ts";
import { notFound, resolveDueInput, resolveRecurrenceInput, withDueSort } from "./task-rules.ts";
import { taskEvent } from "./task-events.ts";
import { assertSubtaskDoesNotRepeat, moveInOrder } from "./subtasks.ts";
import { assertRemindersHaveDue, isRelative, remindersFromInput } from "../reminders/task-reminders.ts";
import { resolveListId } from "../lists/lists.ts";

/** A validated change to a task (UpdateTaskInput without its version and position), its repeat rule already resolved. */
export type PlannedChange = Omit<UpdateTaskInput, "version" | "position">;

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
  if (current.parentId) assertSubtaskDoesNotRepeat(recurrence);
  const due = resolveDueInput(input, ctx, current);
  const next: Partial<TaskFields> = {};
  if (input.title !== undefined) next.title = input.title;
  if (input.description !== undefined) next.description = input.description;
  if (input.priority !== undefined) next.priority = input.priority;
  if (input.tags !== undefined) next.tags = input.tags;
  if (list.listId !== undefined) next.listId = list.listId;
  if (due) {
    Object.assign(next, withDueSort(due, ctx));
    // A relative reminder counts back from the due moment: it goes when the due moment goes (absolute ones stay).
    if (!due.dueAt && !due.dueDate && current.reminders.some(isRelative)) next.reminders = current.reminders.filter((r) => !isRelative(r));
  }
  const reminders = remindersFromInput(input, { now: ctx.clock.now(), timeZone: ctx.user.timeZone }, current.reminders);
  if (reminders) next.reminders = reminders;
  if (recurrence !== undefined) {
    next.recurrence = recurrence;
    next.recurrenceMode = recurrence ? (input.recurrenceMode ?? current.recurrenceMode ?? "schedule") : null;
    if (recurrence && !current.seriesId) next.seriesId = crypto.randomUUID();
  } else if (input.recurrenceMode !== undefined && current.recurrence) {
    next.recurrenceMode = input.recurrenceMode;
  }
  assertRemindersHaveDue({ ...current, ...next });
  return { fields: next, changedFields: diffFields(current, next), eventType: "task.updated" };
}

/**
 * Applies a partial change; an explicit null clears a field. Emits task.updated with the changed
 * fields. A `due` phrase changes only what it says ("friday" keeps the time of day, "2pm" the day).
 * `position` moves a subtask among its parent's subtasks (see moveSubtask). Throws AppError
 * `invalid_input`, `not_found`, `conflict` (a stale `version`).
 */
export async function updateTask(ctx: TaskContext, rawId: unknown, rawInput: unknown): Promise<TaskView> {
  const id = parseInput(TaskId, rawId, "id");
  const { position, version, ...changes } = parseInput(UpdateTaskInput, rawInput);
  const recurrence = resolveRecurrenceInput(changes.recurrence, ctx);
  const list = changes.list === undefined ? {} : { listId: await resolveListId(ctx, changes.list) };
  const compute = (current: TaskRecord) => planUpdate(ctx, current, changes, recurrence, list);
  if (position !== undefined) return moveSubtask(ctx, id, version, position, compute);
  // Read against the task as it is now: a phrase keeps the parts of its due moment it did not say.
  return mutateTask(ctx, id, version, compute);
}

/**
 * Moves a subtask to index `position` among its parent's subtasks (0 = first, past the end = last)
 * and applies `compute`'s other changes, in one transaction with the siblings locked. The siblings
 * are renumbered 0, 1, 2… without a version change or event of their own (only their order moved);
 * the moved task gets task.updated naming "position" when its place changed. Throws AppError
 * `invalid_input` for a task that is not a subtask, `not_found`, `conflict`.
 */
async function moveSubtask(
  ctx: TaskContext,
  id: string,
  expectedVersion: number | undefined,
  position: number,
  compute: (current: TaskRecord) => TaskChange,
): Promise<TaskView> {
  const userId = ctx.user.id;
  return ctx.store.transaction(async (tx) => {
    const current = await tx.getForUpdate(userId, id);
    if (!current) throw notFound(id);
    if (expectedVersion !== undefined && current.version !== expectedVersion) throw conflict(id, current.version, expectedVersion);
    if (!current.parentId) {
      throw new AppError(
        "invalid_input",
        "position: only a subtask has a position (its place among its parent's subtasks); this task is not a subtask",
      );
    }
    const change = compute(current);
    const siblings = await tx.subtasks(userId, current.parentId, { forUpdate: true });
    const before = siblings.map((sibling) => sibling.id);
    const after = moveInOrder(before, id, position);
    await tx.setPositions(userId, current.parentId, after);
    const changedFields = before.indexOf(id) === after.indexOf(id) ? change.changedFields : [...change.changedFields, "position"];
    if (changedFields.length === 0) return toTaskView({ ...current, position: after.indexOf(id) }, ctx.clock.now(), ctx.user.timeZone);
    const updated = await tx.update(userId, id, current.version, change.fields);
    if (!updated) throw conflict(id, undefined, current.version);
    const view = toTaskView(updated, ctx.clock.now(), ctx.user.timeZone);
    await tx.appendEvent(taskEvent("task.updated", ctx.user, view, changedFields));
    return view;
  });
}

import { randomUUID } from "node:crypto";
import { parseInput } from "../errors.ts";
import { AddTaskInput } from "./task-inputs.ts";
import { toTaskView, type TaskFields, type TaskView } from "./task-model.ts";
import { taskEvent } from "./task-events.ts";
import type { TaskContext } from "./task-context.ts";
import type { TaskTransaction } from "./task-store.ts";
import type { TaskRecord } from "./task-model.ts";
import { assertCanTakeSubtask, assertSubtaskDoesNotRepeat, nextPosition } from "./subtasks.ts";
import { assertRemindersHaveDue, remindersFromInput } from "../reminders/task-reminders.ts";
import { defaultDueForRecurrence, resolveDueInput, resolveRecurrenceInput, ruleHasTimes, withDueSort } from "./task-rules.ts";
import { resolveListIn } from "../lists/lists.ts";

/**
 * The stored fields of a new task from validated input: phrases resolved in the user's zone, a
 * repeating task given no due date starting at its first occurrence. Throws AppError `invalid_input`.
 */
export function newTaskFields(ctx: TaskContext, input: AddTaskInput, listId: string): TaskFields {
  if (input.parentId) assertSubtaskDoesNotRepeat(input.recurrence);
  const recurrence = resolveRecurrenceInput(input.recurrence, ctx) ?? null;
  let due = resolveDueInput(input, ctx) ?? { dueAt: null, dueDate: null, seriesWallTime: null };
  if (recurrence && !due.dueAt && !due.dueDate) due = defaultDueForRecurrence(recurrence, ctx);
  // A day alone with a rule that has its own times ("tomorrow", BYHOUR=8,20): the first of them that day.
  else if (recurrence && due.dueDate && ruleHasTimes(recurrence)) due = defaultDueForRecurrence(recurrence, ctx, due.dueDate);
  const fields: TaskFields = {
    title: input.title,
    description: input.description ?? null,
    status: "open",
    priority: input.priority ?? "medium",
    tags: input.tags ?? [],
    ...withDueSort(due, ctx),
    recurrence,
    recurrenceMode: recurrence ? (input.recurrenceMode ?? "schedule") : null,
    reminders: remindersFromInput(input, { now: ctx.clock.now(), timeZone: ctx.user.timeZone }) ?? [],
    seriesId: recurrence ? randomUUID() : null,
    occurrenceIndex: 1,
    completedAt: null,
    parentId: input.parentId ?? null,
    position: 0,
    listId,
  };
  assertRemindersHaveDue(fields);
  return fields;
}

/**
 * Inserts a new task inside `tx`. A subtask (fields.parentId) goes last under its parent, in its
 * parent's list, whose row stays locked until the transaction ends (a parent deleted meanwhile
 * cannot strand it). Throws AppError `not_found` / `invalid_input` (see assertCanTakeSubtask).
 */
export async function insertNewTask(ctx: TaskContext, tx: TaskTransaction, fields: TaskFields): Promise<TaskRecord> {
  if (!fields.parentId) return tx.insert(ctx.user.id, fields);
  const parent = await tx.getForUpdate(ctx.user.id, fields.parentId);
  const siblings = parent ? await tx.subtasks(ctx.user.id, fields.parentId) : [];
  assertCanTakeSubtask(fields.parentId, parent, siblings.length);
  return tx.insert(ctx.user.id, { ...fields, listId: parent?.listId ?? fields.listId, position: nextPosition(siblings) });
}

/**
 * Creates a task and its task.created event in one transaction, in the list `list` names (an id
 * or a name; the Inbox by default); with `parentId`, a subtask placed last under that task, in its
 * parent's list. Throws AppError `invalid_input` (a field, a subtask of a subtask, a repeating
 * subtask, an unknown list) or `not_found` (no such parent).
 */
export async function addTask(ctx: TaskContext, rawInput: unknown): Promise<TaskView> {
  const input = parseInput(AddTaskInput, rawInput);
  const fields = newTaskFields(ctx, input, "");
  return ctx.store.transaction(async (tx) => {
    fields.listId = (await resolveListIn(tx, ctx.user.id, input.list)).id;
    const task = await insertNewTask(ctx, tx, fields);
    const view = toTaskView(task, ctx.clock.now(), ctx.user.timeZone);
    await tx.appendEvent(taskEvent("task.created", ctx.user, view));
    return view;
  });
}

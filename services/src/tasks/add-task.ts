import { randomUUID } from "node:crypto";
import { parseInput } from "../errors.ts";
import { AddTaskInput } from "./task-inputs.ts";
import { toTaskView, type TaskFields, type TaskView } from "./task-model.ts";
import { taskEvent } from "./task-events.ts";
import type { TaskContext } from "./task-context.ts";
import { resolveListIn } from "../lists/lists.ts";
import { assertReminderHasDue, defaultDueForRecurrence, resolveDueInput, resolveRecurrenceInput, ruleHasTimes, withDueSort } from "./task-rules.ts";

/**
 * The stored fields of a new task from validated input: phrases resolved in the user's zone, a
 * repeating task given no due date starting at its first occurrence. Throws AppError `invalid_input`.
 */
export function newTaskFields(ctx: TaskContext, input: AddTaskInput, listId: string): TaskFields {
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
    reminderMinutesBefore: input.reminderMinutesBefore ?? null,
    seriesId: recurrence ? randomUUID() : null,
    occurrenceIndex: 1,
    completedAt: null,
    listId,
  };
  assertReminderHasDue(fields);
  return fields;
}

/**
 * Creates a task and its task.created event in one transaction, in the list `list` names (an id
 * or a name; the Inbox by default).
 */
export async function addTask(ctx: TaskContext, rawInput: unknown): Promise<TaskView> {
  const input = parseInput(AddTaskInput, rawInput);
  const fields = newTaskFields(ctx, input, "");
  return ctx.store.transaction(async (tx) => {
    fields.listId = (await resolveListIn(tx, ctx.user.id, input.list)).id;
    const task = await tx.insert(ctx.user.id, fields);
    const view = toTaskView(task, ctx.clock.now(), ctx.user.timeZone);
    await tx.appendEvent(taskEvent("task.created", ctx.user, view));
    return view;
  });
}

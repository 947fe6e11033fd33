import { randomUUID } from "node:crypto";
import { AppError } from "../errors.ts";
import { addDays, localDate } from "../time/zone.ts";
import { DateTime } from "luxon";
import { formatWallTime, intendedWallTime, placeWallTime } from "../time/occurrences.ts";
import { dueSortInstant, type TaskFields, type TaskRecord } from "./task-model.ts";
import { isRelative } from "../reminders/task-reminders.ts";

// The rules of subtasks, pure: one level deep, ordered, each a task in its own right. The use cases
// (add, update, complete, delete, restore, continue a series) apply them inside their transactions.

/** At most this many subtasks under one task (outside the trash). */
export const MAX_SUBTASKS = 100;

/**
 * Checks that `parent` (the task `parentId` names, as read for the user) may take one more subtask:
 * it exists, is not a subtask itself (one level only) and has fewer than MAX_SUBTASKS. Throws
 * AppError `not_found` (naming parentId) or `invalid_input`.
 */
export function assertCanTakeSubtask(parentId: string, parent: TaskRecord | null, siblings: number): asserts parent is TaskRecord {
  if (!parent) throw new AppError("not_found", `parentId: no task with id ${parentId}; list_tasks shows the ids of your tasks`);
  if (parent.parentId) {
    throw new AppError(
      "invalid_input",
      `parentId: '${parent.title.slice(0, 60)}' is itself a subtask, and subtasks go one level deep; put it under its parent (${parent.parentId}) instead`,
    );
  }
  if (siblings >= MAX_SUBTASKS) {
    throw new AppError("invalid_input", `parentId: '${parent.title.slice(0, 60)}' already has ${MAX_SUBTASKS} subtasks, the most a task may have`);
  }
}

/** A subtask cannot repeat: its parent's repeat carries it to the next occurrence. Throws AppError `invalid_input`. */
export function assertSubtaskDoesNotRepeat(recurrence: string | null | undefined): void {
  if (recurrence) {
    throw new AppError(
      "invalid_input",
      "recurrence: a subtask cannot repeat; make its parent repeat instead, and each next occurrence of the parent brings its subtasks along, reopened",
    );
  }
}

/** The position a new subtask takes: after the last of its siblings. */
export function nextPosition(siblings: Array<Pick<TaskRecord, "position">>): number {
  return siblings.reduce((last, sibling) => Math.max(last, sibling.position + 1), 0);
}

/**
 * The ids of a parent's subtasks after moving `id` to index `position` (0 = first; past the end =
 * last); the others keep their relative order. `ids` is the current order and must contain `id`.
 */
export function moveInOrder(ids: readonly string[], id: string, position: number): string[] {
  const rest = ids.filter((other) => other !== id);
  const at = Math.min(Math.max(0, position), rest.length);
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}

/** The refusal to complete a task whose subtasks are open: code `open_subtasks`, saying how many and how to go on. */
export function openSubtasksError(parent: Pick<TaskRecord, "id" | "title">, open: number): AppError {
  const them = open === 1 ? "it" : "them";
  return new AppError(
    "open_subtasks",
    `'${parent.title.slice(0, 60)}' has ${open} open subtask${open === 1 ? "" : "s"}; complete ${them} first, or complete the task with subtasks: "complete" to complete ${them} too`,
    { open, taskId: parent.id },
  );
}

/**
 * The fields of a subtask carried to the next occurrence of its repeating parent: the same title,
 * notes, priority, tags, reminder and place, open again, under `newParentId`. A due moment moves by
 * as many calendar days (in `timeZone`) as the parent's did, keeping its time of day, so "pack the
 * day before" stays the day before; a subtask with no due moment keeps none.
 */
export function carriedSubtaskFields(
  subtask: TaskRecord,
  parentMove: { from: Pick<TaskRecord, "dueAt" | "dueDate">; to: Pick<TaskRecord, "dueAt" | "dueDate"> },
  newParentId: string,
  timeZone: string,
  newParentListId: string = subtask.listId,
): TaskFields {
  const dayOf = (due: Pick<TaskRecord, "dueAt" | "dueDate">) => due.dueDate ?? (due.dueAt ? localDate(due.dueAt, timeZone) : null);
  const from = dayOf(parentMove.from);
  const to = dayOf(parentMove.to);
  const days = from && to ? Math.round(DateTime.fromISO(to, { zone: "UTC" }).diff(DateTime.fromISO(from, { zone: "UTC" }), "days").days) : 0;
  let dueAt: Date | null = null;
  let dueDate: string | null = null;
  let seriesWallTime: string | null = null;
  if (subtask.dueDate) {
    dueDate = addDays(subtask.dueDate, days);
  } else if (subtask.dueAt) {
    const time = intendedWallTime(subtask, timeZone);
    if (time) {
      dueAt = placeWallTime(addDays(localDate(subtask.dueAt, timeZone), days), time, timeZone);
      seriesWallTime = formatWallTime(time);
    }
  }
  return {
    title: subtask.title,
    description: subtask.description,
    status: "open",
    priority: subtask.priority,
    tags: subtask.tags,
    dueAt,
    dueDate,
    dueSortAt: dueSortInstant({ dueAt, dueDate }, timeZone),
    recurrence: null,
    recurrenceMode: null,
    // Relative reminders move with the due moment (fresh ids: each Reminder row is per task and reminder); absolute ones were for that occurrence only.
    reminders:
      dueAt || dueDate ? subtask.reminders.filter(isRelative).map((reminder) => ({ id: randomUUID(), minutesBefore: reminder.minutesBefore })) : [],
    seriesId: null,
    occurrenceIndex: 1,
    seriesWallTime,
    completedAt: null,
    // In its parent's list (the next occurrence's).
    listId: newParentListId,
    parentId: newParentId,
    position: subtask.position,
  };
}

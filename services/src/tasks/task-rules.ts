import { AppError } from "../errors.ts";
import { parseIsoDate, parseIsoDateTime, resolveDue } from "../time/resolve-due.ts";
import { resolveRecurrence } from "../time/resolve-recurrence.ts";
import { firstOccurrence } from "../time/occurrences.ts";
import { dueSortInstant, type TaskRecord } from "./task-model.ts";
import type { TaskContext } from "./task-context.ts";

type DueInput = { due?: string | null; dueAt?: string | null; dueDate?: string | null };
export type DueFields = { dueAt: Date | null; dueDate: string | null };

/**
 * Turns the three ways of giving a due moment into stored fields. Undefined means "not mentioned";
 * null clears. Giving more than one of them is an error, since they would contradict each other.
 */
export function resolveDueInput(input: DueInput, ctx: TaskContext): DueFields | undefined {
  const given = (["due", "dueAt", "dueDate"] as const).filter((key) => input[key] !== undefined);
  // Clearing through several of them at once ({dueAt: null, dueDate: null}) says one thing.
  if (given.length > 1 && given.every((key) => input[key] === null)) return { dueAt: null, dueDate: null };
  if (given.length > 1) {
    throw new AppError(
      "invalid_input",
      `give only one of due, dueAt and dueDate (got ${given.join(" and ")}): dueAt makes a timed task, dueDate an all-day task, due accepts either as a phrase`,
    );
  }
  const context = { now: ctx.clock.now(), timeZone: ctx.user.timeZone };
  if (input.due !== undefined) {
    if (input.due === null) return { dueAt: null, dueDate: null };
    const resolved = resolveDue(input.due, context, "due");
    return { dueAt: resolved.dueAt ?? null, dueDate: resolved.dueDate ?? null };
  }
  if (input.dueAt !== undefined) {
    return { dueAt: input.dueAt === null ? null : parseIsoDateTime(input.dueAt, ctx.user.timeZone, "dueAt"), dueDate: null };
  }
  if (input.dueDate !== undefined) {
    return { dueAt: null, dueDate: input.dueDate === null ? null : parseIsoDate(input.dueDate, "dueDate") };
  }
  return undefined;
}

/** Resolves a recurrence phrase or RRULE; null clears. */
export function resolveRecurrenceInput(recurrence: string | null | undefined, ctx: TaskContext): string | null | undefined {
  if (recurrence === undefined || recurrence === null) return recurrence;
  return resolveRecurrence(recurrence, { now: ctx.clock.now(), timeZone: ctx.user.timeZone });
}

/** A repeating task with no due moment starts at its first occurrence from today. */
export function defaultDueForRecurrence(rule: string, ctx: TaskContext): DueFields {
  const first = firstOccurrence(rule, { now: ctx.clock.now(), timeZone: ctx.user.timeZone });
  return { dueAt: null, dueDate: first?.dueDate ?? null };
}

export function withDueSort(fields: DueFields, ctx: TaskContext): DueFields & { dueSortAt: Date | null } {
  return { ...fields, dueSortAt: dueSortInstant(fields, ctx.user.timeZone) };
}

export function assertReminderHasDue(task: Pick<TaskRecord, "dueAt" | "dueDate" | "reminderMinutesBefore">): void {
  if (task.reminderMinutesBefore !== null && !task.dueAt && !task.dueDate) {
    throw new AppError("invalid_input", "reminderMinutesBefore needs a due date or time: give due as well, or leave the reminder out");
  }
}

export function notFound(id: string): AppError {
  return new AppError("not_found", `No task with id ${id}; list_tasks shows the ids of your tasks`);
}

import { AppError } from "../errors.ts";
import { parseIsoDate, parseIsoDateTime, resolveDue, statedDue } from "../time/resolve-due.ts";
import { assertInDateRange } from "../time/date-range.ts";
import { localDate } from "../time/zone.ts";
import { resolveRecurrence } from "../time/resolve-recurrence.ts";
import { firstOccurrence, formatWallTime, intendedWallTime, placeWallTime, wallTimeOf, type WallTime } from "../time/occurrences.ts";
import { dueSortInstant, type TaskRecord } from "./task-model.ts";
import type { TaskContext } from "./task-context.ts";

type DueInput = { due?: string | null; dueAt?: string | null; dueDate?: string | null };
/** A due moment as stored, with the intended time of day of a timed one (see TaskRecord.seriesWallTime). */
export type DueFields = { dueAt: Date | null; dueDate: string | null; seriesWallTime: string | null };

const NO_DUE: DueFields = { dueAt: null, dueDate: null, seriesWallTime: null };

function timed(dueAt: Date, time: WallTime): DueFields {
  return { dueAt, dueDate: null, seriesWallTime: formatWallTime(time) };
}

/**
 * Turns the three ways of giving a due moment into stored fields. Undefined means "not mentioned";
 * null clears. Giving more than one of them is an error, since they would contradict each other.
 *
 * With `current` (an update), a `due` phrase changes only what it says: a day alone ("friday")
 * keeps a timed task's time of day, a time alone ("2pm") keeps its day (today if it had none).
 * `dueAt` and `dueDate` are exact and replace the due moment whole.
 */
export function resolveDueInput(
  input: DueInput,
  ctx: TaskContext,
  current?: Pick<TaskRecord, "dueAt" | "dueDate" | "seriesWallTime">,
): DueFields | undefined {
  const given = (["due", "dueAt", "dueDate"] as const).filter((key) => input[key] !== undefined);
  // Clearing through several of them at once ({dueAt: null, dueDate: null}) says one thing.
  if (given.length > 1 && given.every((key) => input[key] === null)) return NO_DUE;
  if (given.length > 1) {
    throw new AppError(
      "invalid_input",
      `give only one of due, dueAt and dueDate (got ${given.join(" and ")}): dueAt makes a timed task, dueDate an all-day task, due accepts either as a phrase`,
    );
  }
  const zone = ctx.user.timeZone;
  const context = { now: ctx.clock.now(), timeZone: zone };
  if (input.due !== undefined) {
    if (input.due === null) return NO_DUE;
    const stated = statedDue(input.due, context, "due");
    const resolved = resolveDue(input.due, context, "due");
    if (resolved.dueDate !== undefined) {
      const keptTime = current && stated.kind === "date" ? intendedWallTime(current, zone) : undefined;
      return keptTime ? timed(placeWallTime(resolved.dueDate, keptTime, zone), keptTime) : { ...NO_DUE, dueDate: resolved.dueDate };
    }
    if (stated.kind === "time" && current) {
      const day = current.dueDate ?? (current.dueAt ? localDate(current.dueAt, zone) : localDate(context.now, zone));
      return timed(assertInDateRange(placeWallTime(day, stated.time, zone), "due", input.due), stated.time);
    }
    return timed(resolved.dueAt, "time" in stated ? stated.time : wallTimeOf(resolved.dueAt, zone));
  }
  if (input.dueAt !== undefined) {
    if (input.dueAt === null) return NO_DUE;
    const dueAt = parseIsoDateTime(input.dueAt, zone, "dueAt");
    const stated = statedDue(input.dueAt, context, "dueAt");
    return timed(dueAt, "time" in stated ? stated.time : wallTimeOf(dueAt, zone));
  }
  if (input.dueDate !== undefined) {
    return { ...NO_DUE, dueDate: input.dueDate === null ? null : parseIsoDate(input.dueDate, "dueDate") };
  }
  return undefined;
}

/** Resolves a recurrence phrase or RRULE; null clears. */
export function resolveRecurrenceInput(recurrence: string | null | undefined, ctx: TaskContext): string | null | undefined {
  if (recurrence === undefined || recurrence === null) return recurrence;
  return resolveRecurrence(recurrence, { now: ctx.clock.now(), timeZone: ctx.user.timeZone });
}

/**
 * A repeating task with no due moment starts at its first occurrence from today (or `startDate`):
 * a date, or for a rule with times of day (BYHOUR/BYMINUTE) the first of those times after now.
 */
export function defaultDueForRecurrence(rule: string, ctx: TaskContext, startDate?: string): DueFields {
  const first = firstOccurrence(rule, { now: ctx.clock.now(), timeZone: ctx.user.timeZone, startDate });
  if (first?.dueAt) return timed(first.dueAt, first.wallTime ?? wallTimeOf(first.dueAt, ctx.user.timeZone));
  return { ...NO_DUE, dueDate: first?.dueDate ?? null };
}

export function withDueSort(fields: DueFields, ctx: TaskContext): DueFields & { dueSortAt: Date | null } {
  return { ...fields, dueSortAt: dueSortInstant(fields, ctx.user.timeZone) };
}

export function notFound(id: string): AppError {
  return new AppError("not_found", `No task with id ${id}; list_tasks shows the ids of your tasks`);
}

/** True for a canonical RRULE body that states its times of day (BYHOUR or BYMINUTE). */
export function ruleHasTimes(rule: string): boolean {
  return /(?:^|;)BY(?:HOUR|MINUTE)=/.test(rule);
}

import * as chrono from "chrono-node";
import { DateTime } from "luxon";
import { AppError } from "../errors.ts";
import { Utterance } from "../nl/utterance.ts";
import { WEEKDAY_PATTERN, WEEKDAYS } from "../nl/lexicon.ts";
import { lookup } from "../nl/match.ts";
import { ambiguousZoneIn, nextWeekday, OUT_OF_RANGE_DATE, resolveWhen, takeWhen, type When } from "../nl/when.ts";
import { assertInDateRange } from "./date-range.ts";

/** A resolved due moment: an instant for a timed task, or a local calendar date for an all-day task. */
export type ResolvedDue = { dueAt: Date; dueDate?: undefined } | { dueDate: string; dueAt?: undefined };

export interface ResolveContext {
  now: Date;
  timeZone: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
// Words that may surround a date phrase without changing it ("due by friday", "on the 3rd").
const FILLER = /^(?:due|by|on|at|for|the|before|until|til|till|this|,|\s)*$/i;

function invalid(field: string, phrase: string, why = ""): AppError {
  return new AppError(
    "invalid_input",
    `${field} must be an ISO date (2026-12-24), an ISO date-time (2026-12-24T17:00 or with an offset) or a phrase like 'tomorrow 5pm' or 'next friday'; got '${phrase.slice(0, 80)}'${why}`,
  );
}

// A due phrase that says how often ("every last friday", "daily at 9") is a repeat rule sent to
// the wrong field; a model corrects itself from an answer that names the right one.
const REPEAT_PHRASE = /^(?:every|each)\b|^(?:daily|weekly|fortnightly|monthly|yearly|annually|hourly)\b/i;

/**
 * Throws AppError("invalid_input") pointing at `recurrence` when a due phrase is a repeat
 * ("every last friday"), with the call to make instead.
 */
function refuseRepeat(text: string, field: string): void {
  if (!REPEAT_PHRASE.test(text)) return;
  const rule = JSON.stringify(text.slice(0, 80));
  throw new AppError(
    "invalid_input",
    `${field} is one moment, not a repeat: put the repeat in recurrence instead, e.g. {"title": "…", "recurrence": ${rule}} ` +
      `(its first occurrence becomes the due date; give ${field} as well only to start later); got '${text.slice(0, 80)}'`,
  );
}

/** For a task's dueAt or dueDate: where a date phrase goes instead (the due field). */
function phraseHint(field: string, example: string): string {
  return field === "dueAt" || field === "dueDate" ? `; a phrase goes in due instead, e.g. due: "${example}"` : "";
}

/** Parses an ISO calendar date, rejecting impossible ones such as 2026-02-30. */
export function parseIsoDate(value: string, field = "dueDate"): string {
  const date = DateTime.fromISO(value, { zone: "UTC" });
  if (!ISO_DATE.test(value) || !date.isValid) {
    throw new AppError("invalid_input", `${field} must be a calendar date YYYY-MM-DD; got '${value.slice(0, 80)}'${phraseHint(field, "friday")}`);
  }
  return assertInDateRange(value, field);
}

/** Parses an ISO date-time; one without an offset is read as wall-clock time in `timeZone`. */
export function parseIsoDateTime(value: string, timeZone: string, field = "dueAt"): Date {
  const parsed = ISO_DATE_TIME.test(value) ? DateTime.fromISO(value, { zone: timeZone }) : undefined;
  if (!parsed?.isValid) {
    throw new AppError(
      "invalid_input",
      `${field} must be an ISO date-time like 2026-12-24T17:00:00Z or 2026-12-24T17:00; got '${value.slice(0, 80)}'${phraseHint(field, "tomorrow 5pm")}`,
    );
  }
  return assertInDateRange(parsed.toJSDate(), field, value);
}

function fromWhen(when: When, context: ResolveContext, field: string, phrase: string): ResolvedDue {
  const resolved = resolveWhen(when, context);
  // "in 8000 years" or "in 99999999999 days" reads fine and lands outside what can be stored.
  return resolved.dueAt
    ? { dueAt: assertInDateRange(resolved.dueAt, field, phrase) }
    : { dueDate: assertInDateRange(resolved.dueDate, field, phrase) };
}

/**
 * Resolves a due phrase or ISO value in the user's zone: "tomorrow 5pm" → an instant; "friday",
 * "in 3 days" or "2026-12-24" → a local date. Wall-clock times are placed in the zone with its
 * real offset on that day, so they are right across DST changes; "in 2 hours" / "24 hours from
 * now" are elapsed time. A zone written after the time ("5pm UTC", "9am JST", "10:00 +02:00",
 * "3pm Europe/Paris") places the clock there, on the user's day. Throws AppError("invalid_input")
 * naming `field` for anything unreadable, out of range, a repeat ("every friday": that belongs in
 * recurrence, and the message says so), or naming an ambiguous zone ("IST", "CST";
 * see AMBIGUOUS_ZONES in nl/zone-words.ts).
 */
export function resolveDue(phrase: string, context: ResolveContext, field = "due"): ResolvedDue {
  const text = phrase.trim();
  if (!text) throw invalid(field, phrase);
  refuseRepeat(text, field);
  if (ISO_DATE.test(text)) return { dueDate: parseIsoDate(text, field) };
  if (ISO_DATE_TIME.test(text)) return { dueAt: parseIsoDateTime(text, context.timeZone, field) };

  // A zone that names several places is refused rather than read in one of them.
  const ambiguous = ambiguousZoneIn(text);
  if (ambiguous) {
    throw new AppError(
      "invalid_input",
      `${field} names the time zone '${ambiguous.abbreviation}', which could be ${ambiguous.meanings}; write an IANA zone (Asia/Kolkata) or an offset (+05:30) instead; got '${phrase.slice(0, 80)}'`,
    );
  }

  // The language engine's grammar first, so a tool's `due` reads exactly as the chat does.
  const u = new Utterance(text);
  const when = takeWhen(u, context);
  if (when && FILLER.test(u.remaining)) return fromWhen(when, context, field, phrase);

  // chrono-node for phrasings the grammar does not know.
  const here = DateTime.fromJSDate(context.now, { zone: context.timeZone });
  const [result, ...rest] = chrono.parse(text, { instant: context.now, timezone: here.offset }, { forwardDate: true });
  if (!result) throw invalid(field, phrase);
  const leftover = text.slice(0, result.index) + text.slice(result.index + result.text.length);
  if (rest.length > 0 || !FILLER.test(leftover)) throw invalid(field, phrase, ` (did not understand '${leftover.trim()}')`);

  // Read chrono's components as the grammar would have: a day (if one was said) and a time (if
  // one was said), placed in the zone by the same rule.
  const start = result.start;
  // chrono knows zones the grammar does not; reading its wall time in the user's zone would
  // silently move the task, and trusting its guess for an abbreviation could be wrong.
  if (start.isCertain("timezoneOffset")) {
    throw invalid(field, phrase, " (name the time zone as an IANA zone like Asia/Tokyo, an offset like +09:00, or UTC)");
  }
  const stated: When = {};
  if (start.isCertain("day") || start.isCertain("weekday") || start.isCertain("month") || !start.isCertain("hour")) {
    // chrono fills year, month and day from the reference instant when they were not said.
    const [year, month, day] = [start.get("year"), start.get("month"), start.get("day")];
    if (year === null || month === null || day === null) throw invalid(field, phrase);
    const date = DateTime.fromObject({ year, month, day }, { zone: context.timeZone });
    // A date luxon cannot hold is past every accepted date: give the one the range check refuses.
    stated.date = date.isValid ? date.toISODate() : OUT_OF_RANGE_DATE;
    // "next friday" has one meaning, the grammar's (the coming one), whichever reader saw it.
    const next = new RegExp(`\\bnext\\s+(?<weekday>${WEEKDAY_PATTERN})\\b`, "i").exec(result.text);
    if (next?.groups?.weekday) stated.date = nextWeekday(context, lookup(WEEKDAYS, next.groups.weekday));
  }
  const hour = start.get("hour");
  if (start.isCertain("hour") && hour !== null) stated.time = { hour, minute: start.get("minute") ?? 0 };
  return fromWhen(stated, context, field, phrase);
}

/** What a due phrase said: a day, a time of day, both, or an exact instant ("in 45 minutes", an offset). */
export type StatedDue =
  | { kind: "date" }
  | { kind: "time"; time: { hour: number; minute: number; second?: number } }
  | { kind: "date-time"; time: { hour: number; minute: number; second?: number } }
  | { kind: "instant" };

const ISO_OFFSET = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * Which parts a due phrase stated, read by the same grammar (then chrono-node) as
 * {@link resolveDue}, so an update can keep the parts it did not say: "friday" keeps a task's time
 * of day, "2pm" its day. The time is the wall-clock time as said, before any DST gap moves it.
 * Throws AppError `invalid_input` for a phrase resolveDue would refuse to read (values are not
 * range-checked here: resolve them with resolveDue).
 */
export function statedDue(phrase: string, context: ResolveContext, field = "due"): StatedDue {
  const text = phrase.trim();
  if (!text) throw invalid(field, phrase);
  refuseRepeat(text, field);
  if (ISO_DATE.test(text)) return { kind: "date" };
  if (ISO_DATE_TIME.test(text)) {
    const local = DateTime.fromISO(text, { zone: "UTC" });
    if (!local.isValid) throw invalid(field, phrase);
    return ISO_OFFSET.test(text)
      ? { kind: "instant" }
      : { kind: "date-time", time: { hour: local.hour, minute: local.minute, second: local.second } };
  }
  const u = new Utterance(text);
  const when = takeWhen(u, context);
  if (when && FILLER.test(u.remaining)) {
    if (when.instant) return { kind: "instant" };
    if (when.time) return when.date ? { kind: "date-time", time: when.time } : { kind: "time", time: when.time };
    return { kind: "date" };
  }
  const [result] = chrono.parse(
    text,
    { instant: context.now, timezone: DateTime.fromJSDate(context.now, { zone: context.timeZone }).offset },
    { forwardDate: true },
  );
  if (!result) throw invalid(field, phrase);
  const start = result.start;
  const hour = start.get("hour");
  const saidDate = start.isCertain("day") || start.isCertain("weekday") || start.isCertain("month") || !start.isCertain("hour");
  if (!start.isCertain("hour") || hour === null) return { kind: "date" };
  const time = { hour, minute: start.get("minute") ?? 0 };
  return saidDate ? { kind: "date-time", time } : { kind: "time", time };
}

import { DateTime, type DateTimeMaybeValid, IANAZone, SystemZone } from "luxon";
import { z } from "zod";

/** True for a zone name the runtime's time-zone database knows (e.g. "Europe/Paris", "UTC"). */
export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isValidTimeZone, { error: (issue) => `must be an IANA time zone like 'America/New_York' or 'UTC'; got '${String(issue.input)}'` });

/**
 * The machine's own zone (an IANA name; "UTC" when the runtime cannot name it). The only reader of
 * the process's zone in the product: for the CLI alone, which runs on the user's own machine. A
 * server never uses it for a user (an account without a zone gets DEFAULT_TIME_ZONE, UTC).
 */
export function machineTimeZone(): string {
  const zone = SystemZone.instance.name;
  return zone && isValidTimeZone(zone) ? zone : "UTC";
}

/**
 * The calendar date (YYYY-MM-DD) of a luxon DateTime. Throws an Error when the DateTime is invalid
 * (an unknown zone, or a date past luxon's range): callers take zones validated by `TimeZone` and
 * check ranges first, so reaching that is a bug, not bad input.
 */
export function isoDateOf(dateTime: DateTimeMaybeValid): string {
  if (!dateTime.isValid) throw new Error(`internal: no calendar date for an invalid DateTime (${dateTime.invalidReason})`);
  return dateTime.toISODate();
}

/** Today's calendar date (YYYY-MM-DD) as seen in `zone` at instant `now`. */
export function localDate(now: Date, zone: string): string {
  return isoDateOf(DateTime.fromJSDate(now, { zone }));
}

/** The instant a local calendar date begins in `zone` (midnight, or the first moment after a DST gap). */
export function startOfLocalDate(date: string, zone: string): Date {
  return DateTime.fromISO(date, { zone }).startOf("day").toJSDate();
}

/** Adds days to a local calendar date. */
export function addDays(date: string, days: number): string {
  return isoDateOf(DateTime.fromISO(date, { zone: "UTC" }).plus({ days }));
}

/** An instant written with the offset it has in `zone`, e.g. 2026-11-27T18:00:00-05:00. */
export function formatInstant(instant: Date, zone: string): string {
  const local = DateTime.fromJSDate(instant, { zone });
  if (!local.isValid) throw new Error(`internal: cannot write ${instant.toISOString()} in zone '${zone}' (${local.invalidReason})`);
  return local.toISO({ suppressMilliseconds: true });
}

import { RRule } from "./rrule.ts";

/**
 * The first date on or after `fromDate` (a local calendar date) on which an RRULE occurs.
 * Dates are computed in "floating" UTC so that no zone offset can shift a day.
 */
export function firstOccurrenceDate(rule: string, fromDate: string): string | undefined {
  const dtstart = new Date(`${fromDate}T00:00:00Z`);
  const next = new RRule({ ...RRule.parseString(rule), dtstart }).after(dtstart, true);
  return next ? next.toISOString().slice(0, 10) : undefined;
}

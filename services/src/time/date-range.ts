import { AppError } from "../errors.ts";

/**
 * The dates the product accepts anywhere (due dates and times, list filters, UNTIL, phrases such as
 * "in 8000 years"): years 1900 to 2999. PostgreSQL, JavaScript and luxon represent different
 * ranges (year 0 and 275760 are valid for one and not the others), so one narrow range for every
 * input keeps a date that was accepted representable everywhere it goes.
 */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2999;
export const DATE_RANGE_TEXT = `between ${FIRST_YEAR}-01-01 and ${LAST_YEAR}-12-31`;

/** The last floating moment in range, used to end expansions. */
export const LAST_MOMENT = new Date(Date.UTC(LAST_YEAR, 11, 31, 23, 59, 59));

/** True for a calendar date string YYYY-MM-DD or an instant whose year is within the range. */
export function isInDateRange(value: Date | string): boolean {
  if (typeof value === "string") {
    const year = /^(\d{4})-\d{2}-\d{2}$/.exec(value)?.[1];
    return year !== undefined && Number(year) >= FIRST_YEAR && Number(year) <= LAST_YEAR;
  }
  if (Number.isNaN(value.getTime())) return false;
  const year = value.getUTCFullYear();
  // An instant near New Year is in range in some zone either way; the stored date decides.
  return year >= FIRST_YEAR && year <= LAST_YEAR;
}

/** Throws invalid_input naming `field` unless `value` is within the product's date range. */
export function assertInDateRange<T extends Date | string>(value: T, field: string, shown?: string): T {
  if (!isInDateRange(value)) {
    const got = shown ?? (typeof value === "string" ? value : Number.isNaN(value.getTime()) ? "an impossible date" : value.toISOString());
    throw new AppError("invalid_input", `${field} must be a date ${DATE_RANGE_TEXT}; got '${got.slice(0, 80)}'`);
  }
  return value;
}

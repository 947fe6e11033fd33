import { RRule } from "./rrule.ts";

// rrule.js checks UNTIL and its caller's callback only when it emits an occurrence: a rule whose
// BY parts exclude every day (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31) walks day by day to the year
// 9999 — 13 s of one core. Nothing in its API stops that walk, so every expansion goes through
// here, where the work is bounded by the span asked for:
// - DAILY and WEEKLY (the costly ones: one loop turn per day or week) are walked here; their
//   semantics with the parts we accept (BYMONTH, BYMONTHDAY, plain BYDAY, BYSETPOS for WEEKLY)
//   are a few lines, and a unit test checks them against rrule.js on many rules.
// - MONTHLY and YEARLY go to rrule.js on a copy moved forward to years with the very same calendar
//   (same weekdays, month lengths and week numbers; see calendarShift), so that rrule.js's own stop
//   at the year 9999 comes soon after the span's end: usually within 28 years, at most 400 (the
//   Gregorian calendar repeats exactly every 400 years: 146,097 days = 20,871 weeks).

type Options = Partial<ReturnType<typeof RRule.parseString>>;

const DAY_MS = 86_400_000;
const CYCLE_YEARS = 400;
const RRULE_LAST_YEAR = 9999;

/** Called for each occurrence in order; return false to stop. */
export type Visit = (date: Date) => boolean;

function list<T>(value: T | T[] | null | undefined): T[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** rrule's weekday number (0 = Monday … 6 = Sunday) of a floating date. */
function weekdayOf(date: Date): number {
  return (date.getUTCDay() + 6) % 7;
}

function weekdayNumber(value: unknown): number {
  return typeof value === "number" ? value : (value as { weekday: number }).weekday;
}

function daysInMonth(date: Date): number {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
}

function dayFilter(options: Options, dtstart: Date): (date: Date) => boolean {
  const months = list(options.bymonth as number | number[] | null);
  const monthDays = list(options.bymonthday as number | number[] | null);
  let weekdays = list(options.byweekday as unknown).map(weekdayNumber);
  // rrule.js: a WEEKLY rule with no day parts repeats on dtstart's weekday.
  if (options.freq === RRule.WEEKLY && weekdays.length === 0 && monthDays.length === 0) weekdays = [weekdayOf(dtstart)];
  return (date) => {
    if (months.length && !months.includes(date.getUTCMonth() + 1)) return false;
    if (monthDays.length) {
      const day = date.getUTCDate();
      const fromEnd = day - daysInMonth(date) - 1;
      if (!monthDays.includes(day) && !monthDays.includes(fromEnd)) return false;
    }
    if (weekdays.length && !weekdays.includes(weekdayOf(date))) return false;
    return true;
  };
}

function walkDaily(options: Options, dtstart: Date, limit: Date, visit: Visit): void {
  const step = (options.interval ?? 1) * DAY_MS;
  const until = options.until?.getTime() ?? Infinity;
  const matches = dayFilter(options, dtstart);
  // Floating times have no DST, so a day is always 86,400,000 ms.
  for (let t = dtstart.getTime(); t <= limit.getTime(); t += step) {
    if (t > until) return;
    const date = new Date(t);
    if (matches(date) && !visit(date)) return;
  }
}

function walkWeekly(options: Options, dtstart: Date, limit: Date, visit: Visit): void {
  const interval = options.interval ?? 1;
  const wkst = options.wkst === undefined || options.wkst === null ? 0 : weekdayNumber(options.wkst);
  const until = options.until?.getTime() ?? Infinity;
  const matches = dayFilter(options, dtstart);
  const positions = list(options.bysetpos as number | number[] | null);
  // As rrule.js: the first period runs from dtstart to the end of its week, later ones are whole
  // weeks starting on WKST, every INTERVAL weeks.
  let periodStart = dtstart.getTime();
  while (periodStart <= limit.getTime()) {
    const days: Date[] = [];
    for (let i = 0; i < 7; i++) {
      const day = new Date(periodStart + i * DAY_MS);
      if (i > 0 && weekdayOf(day) === wkst) break;
      if (matches(day)) days.push(day);
    }
    let chosen = days;
    if (positions.length) {
      const picked = new Set<number>();
      for (const pos of positions) {
        const day = days[pos > 0 ? pos - 1 : days.length + pos];
        if (day) picked.add(day.getTime());
      }
      chosen = [...picked].sort((a, b) => a - b).map((t) => new Date(t));
    }
    for (const day of chosen) {
      if (day.getTime() > until || day.getTime() > limit.getTime()) return;
      if (day.getTime() >= dtstart.getTime() && !visit(day)) return;
    }
    const weekStart = periodStart - ((weekdayOf(new Date(periodStart)) - wkst + 7) % 7) * DAY_MS;
    periodStart = weekStart + interval * 7 * DAY_MS;
  }
}

function shiftYears(date: Date, years: number): Date {
  const shifted = new Date(date.getTime());
  shifted.setUTCFullYear(date.getUTCFullYear() + years);
  return shifted;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * How many years to move [firstYear, lastYear] forward so that it ends just before rrule.js's
 * last year with the very same calendar: the same weekday on January 1 and the same leap years
 * from the year before to the year after (which is all weekdays, month lengths and ISO week
 * numbers depend on). Usually found within 28 years (the cycle between century years); a span
 * holding a century that is not a leap year (2100) falls back to a multiple of 400 years.
 */
function calendarShift(firstYear: number, lastYear: number): number {
  const span = lastYear - firstYear;
  const weekday = new Date(Date.UTC(firstYear, 0, 1)).getUTCDay();
  for (let start = RRULE_LAST_YEAR - 1 - span; start - firstYear >= CYCLE_YEARS || start > firstYear; start--) {
    if ((start - firstYear) % CYCLE_YEARS === 0) return start - firstYear;
    if (new Date(Date.UTC(start, 0, 1)).getUTCDay() !== weekday) continue;
    let same = true;
    for (let i = -1; i <= span + 1 && same; i++) same = isLeap(start + i) === isLeap(firstYear + i);
    if (same) return start - firstYear;
  }
  return 0;
}

function expandWithRRule(options: Options, dtstart: Date, limit: Date, visit: Visit): void {
  const shift = calendarShift(dtstart.getUTCFullYear(), limit.getUTCFullYear());
  const rule = new RRule({
    ...options,
    dtstart: shiftYears(dtstart, shift),
    until: options.until ? shiftYears(options.until, shift) : null,
  });
  rule.all((shifted) => {
    const date = shiftYears(shifted, -shift);
    if (date.getTime() > limit.getTime()) return false;
    return visit(date);
  });
}

/**
 * Expands a rule (options as `RRule.parseString` gives them, COUNT removed) from `dtstart` in
 * floating wall-clock time, calling `visit` for each occurrence up to and including `limit`, in
 * order, until it returns false. UNTIL in `options` is honoured. The work is bounded by the span
 * from dtstart to limit (plus at most 400 years of MONTHLY/YEARLY periods), whatever the rule —
 * also for one that never occurs. RFC 5545 semantics as rrule.js implements them.
 */
export function expandBounded(options: Options, dtstart: Date, limit: Date, visit: Visit): void {
  if (limit.getTime() < dtstart.getTime() || Number.isNaN(limit.getTime()) || Number.isNaN(dtstart.getTime())) return;
  if (options.freq === RRule.DAILY) return walkDaily(options, dtstart, limit, visit);
  if (options.freq === RRule.WEEKLY) return walkWeekly(options, dtstart, limit, visit);
  return expandWithRRule(options, dtstart, limit, visit);
}

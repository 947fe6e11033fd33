import { RRule } from "./rrule.ts";

// rrule.js checks UNTIL and its caller's callback only when it emits an occurrence: a rule whose
// BY parts exclude every day (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31) walks day by day to the year
// 9999 — 13 s of one core. Nothing in its API stops that walk, so every expansion goes through
// here, where the work is bounded by the span asked for:
// - DAILY and WEEKLY (the costly ones: one loop turn per day or week) are walked here; their
//   semantics with the parts we accept (BYMONTH, BYMONTHDAY, plain BYDAY, BYSETPOS for WEEKLY)
//   are a few lines, and a unit test checks them against rrule.js on many rules.
// - MONTHLY and YEARLY go to rrule.js on a copy moved forward by a multiple of 400 years: the
//   Gregorian calendar repeats exactly every 400 years (146,097 days = 20,871 weeks), so the copy
//   has the same weekdays, month lengths and week numbers, and rrule.js's own stop at the year 9999
//   comes at most 400 years after the span's end — at most ~4,900 loop turns (~18 ms).

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

function expandWithRRule(options: Options, dtstart: Date, limit: Date, visit: Visit): void {
  const shift = Math.max(0, CYCLE_YEARS * Math.floor((RRULE_LAST_YEAR - 1 - limit.getUTCFullYear()) / CYCLE_YEARS));
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

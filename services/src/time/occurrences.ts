import { DateTime, IANAZone } from "luxon";
import { RRule } from "./rrule.ts";
import { expandBounded } from "./bounded-expansion.ts";
import { LAST_MOMENT } from "./date-range.ts";
import { isoDateOf } from "./zone.ts";
import { group, optionalGroup } from "../nl/match.ts";

// Occurrences are expanded in "floating" wall-clock time — local dates and times written as if
// they were UTC, where no DST exists — and only then placed in the user's zone. rrule.js expanding
// real instants would move "every day at 9am" to 8am or 10am after a DST change.

type Floating = Date;
const MAX_STEPS = 5_000;
/** How far ahead a series is searched for its next occurrence; none within it ends the series. */
export const SEARCH_YEARS = 100;
/** A new rule must occur within this many years of today (checked when it is accepted). */
export const ACCEPT_YEARS = 10;

/** A local time of day (24-hour). */
export type WallTime = { hour: number; minute: number; second?: number };

function toFloating(date: string, time?: WallTime): Floating {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, time?.hour ?? 0, time?.minute ?? 0, time?.second ?? 0));
}

function floatingDate(f: Floating): string {
  return f.toISOString().slice(0, 10);
}

function floatingTime(f: Floating): WallTime {
  return { hour: f.getUTCHours(), minute: f.getUTCMinutes(), second: f.getUTCSeconds() };
}

/**
 * Places a floating wall-clock time in a zone: a time in a DST gap moves forward, as clocks do; a
 * time that occurs twice (the repeated hour when clocks go back) is its first occurrence
 * (RFC 5545 §3.3.5), where luxon would pick the second.
 */
function inZone(f: Floating, zone: string): Date {
  const wall = {
    year: f.getUTCFullYear(),
    month: f.getUTCMonth() + 1,
    day: f.getUTCDate(),
    hour: f.getUTCHours(),
    minute: f.getUTCMinutes(),
    second: f.getUTCSeconds(),
  };
  const placed = DateTime.fromObject(wall, { zone });
  const offsetBefore = placed.minus({ days: 1 }).offset;
  if (offsetBefore > placed.offset) {
    const earlier = DateTime.fromMillis(placed.toMillis() - (offsetBefore - placed.offset) * 60_000, { zone });
    const same = (Object.keys(wall) as Array<keyof typeof wall>).every((key) => earlier.get(key) === wall[key]);
    if (same) return earlier.toJSDate();
  }
  return placed.toJSDate();
}

function wallClock(instant: Date, zone: string): { date: string; time: WallTime } {
  const local = DateTime.fromJSDate(instant, { zone });
  return { date: isoDateOf(local), time: { hour: local.hour, minute: local.minute, second: local.second } };
}

interface ParsedRule {
  options: ReturnType<typeof RRule.parseString>;
  count?: number;
  hasByParts: boolean;
  /** The rule states its times of day (BYHOUR and/or BYMINUTE): every occurrence is timed. */
  hasTimes: boolean;
}

function numbers(value: unknown): number[] {
  if (value === null || value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((n): n is number => typeof n === "number");
}

/**
 * The times of day a rule with BYHOUR/BYMINUTE gives each of its days, earliest first, without
 * repeats (RFC 5545 §3.3.10: BYHOUR and BYMINUTE expand a DAILY or coarser rule; a part the rule
 * leaves out takes DTSTART's value, here `base`, the series' time of day). Undefined for a rule
 * with neither.
 */
function ruleTimes(options: ParsedRule["options"], base: WallTime): WallTime[] | undefined {
  const hours = numbers(options.byhour);
  const minutes = numbers(options.byminute);
  if (hours.length === 0 && minutes.length === 0) return undefined;
  const sorted = (values: number[], fallback: number) => (values.length ? [...new Set(values)].sort((a, b) => a - b) : [fallback]);
  return sorted(hours, base.hour).flatMap((hour) => sorted(minutes, base.minute).map((minute) => ({ hour, minute, second: base.second ?? 0 })));
}

/** The longest DST gap of any zone (Antarctica/Troll moves its clocks by 2 hours). */
const LONGEST_GAP_MS = 2 * 3_600_000;
const DAY_MS = 86_400_000;
const timeMs = (time: WallTime) => ((time.hour * 60 + time.minute) * 60 + (time.second ?? 0)) * 1000;

/**
 * Expands a rule in floating time from dtstart (inclusive) to limit, like expandBounded, and for a
 * rule with times of day (`times`, see ruleTimes) emits each of them on each day the rule selects.
 * Two times that land on the same instant in `zone` (both in, or one in and one at the end of, a
 * spring-forward gap: 02:00 and 03:00 are both 03:00 EDT) are one occurrence; times in the
 * repeated hour of a fall-back day are each placed once (their first instance, see inZone).
 */
function expandOccurrences(
  options: ParsedRule["options"],
  times: WallTime[] | undefined,
  dtstart: Floating,
  limit: Floating,
  visit: (date: Floating) => boolean,
  zone?: string,
): void {
  if (!times) return expandBounded(options, dtstart, limit, visit);
  const offsets = times.map(timeMs);
  const close = offsets.some((offset, i) => i > 0 && offset - (offsets[i - 1] ?? 0) <= LONGEST_GAP_MS);
  const dayStart = new Date(Math.floor(dtstart.getTime() / DAY_MS) * DAY_MS);
  const until = options.until?.getTime() ?? Infinity;
  const days = { ...options, byhour: null, byminute: null, bysecond: null };
  const ianaZone = close && zone ? IANAZone.create(zone) : undefined;
  expandBounded(days, dayStart, limit, (day) => {
    const placed = new Set<number>();
    // Only a day whose offset changes can join two times: the same offset from well before the
    // floating day (offsets are within ±14 h) to well after it means no change that day.
    const changes =
      ianaZone !== undefined && ianaZone.offset(day.getTime() - 14 * 3_600_000) !== ianaZone.offset(day.getTime() + DAY_MS + 14 * 3_600_000);
    for (const offset of offsets) {
      const t = day.getTime() + offset;
      const date = new Date(t);
      if (changes && zone) {
        const instant = inZone(date, zone).getTime();
        if (placed.has(instant)) continue;
        placed.add(instant);
      }
      if (t < dtstart.getTime()) continue;
      if (t > limit.getTime() || t > until) return false;
      if (!visit(date)) return false;
    }
    return true;
  });
}

function parseRule(rule: string, zone: string): ParsedRule {
  const options = RRule.parseString(rule.replace(/^RRULE:/i, ""));
  const count = options.count ?? undefined;
  delete options.count;
  const until = /UNTIL=(?<date>\d{8})(?<time>T\d{6}Z?)?/i.exec(rule);
  if (until) {
    const date = group(until, "date");
    const [y, m, d] = [Number(date.slice(0, 4)), Number(date.slice(4, 6)), Number(date.slice(6, 8))];
    const time = optionalGroup(until, "time");
    if (!time) {
      options.until = new Date(Date.UTC(y, m - 1, d, 23, 59, 59));
    } else {
      const t = time.slice(1);
      const instant = new Date(Date.UTC(y, m - 1, d, Number(t.slice(0, 2)), Number(t.slice(2, 4)), Number(t.slice(4, 6))));
      const local = wallClock(instant, zone);
      options.until = toFloating(local.date, local.time);
    }
  }
  const hasByParts = ["byweekday", "bymonthday", "bymonth", "bysetpos", "byyearday", "byweekno"].some(
    (key) => (options as Record<string, unknown>)[key] != null,
  );
  const hasTimes = numbers(options.byhour).length > 0 || numbers(options.byminute).length > 0;
  return { options, count, hasByParts, hasTimes };
}

function yearsAfter(f: Floating, years: number): Floating {
  const limit = new Date(f.getTime());
  limit.setUTCFullYear(f.getUTCFullYear() + years);
  return limit.getTime() > LAST_MOMENT.getTime() ? LAST_MOMENT : limit;
}

/**
 * The first occurrence (from dtstart, inclusive) that `accept`s, and how many came before it plus
 * one, looking no further than `limit`. One pass, with bounded work (see bounded-expansion.ts).
 */
function firstMatching(
  options: ParsedRule["options"],
  dtstart: Floating,
  limit: Floating,
  accept: (date: Floating) => boolean,
  after?: Floating,
  times?: { list: WallTime[] | undefined; zone: string },
): { date: Floating; steps: number } | undefined {
  let found: { date: Floating; steps: number } | undefined;
  let steps = 0;
  expandOccurrences(
    options,
    times?.list,
    dtstart,
    limit,
    (date) => {
      if (after && date.getTime() <= after.getTime()) return true;
      steps += 1;
      if (accept(date)) {
        found = { date, steps };
        return false;
      }
      // As many days as a rule with one time a day gets: several times a day are several steps each.
      return steps < MAX_STEPS * (times?.list?.length ?? 1);
    },
    times?.zone,
  );
  return found;
}

export interface FirstOccurrenceOptions {
  timeZone: string;
  now: Date;
  /** Time of day of a timed series; without it the series is all-day. */
  time?: { hour: number; minute: number };
  /** A stated start date ("starting June 20"); default today. */
  startDate?: string;
  /** How many years from the start to search (default ACCEPT_YEARS); none within them → undefined. */
  horizonYears?: number;
  /** Expand with the rule's INTERVAL (a rule check) rather than from the first match (a new series). */
  keepInterval?: boolean;
}

/**
 * The first occurrence of a new series: for a timed series the first one strictly after now, for
 * an all-day series the first date on or after its start (today by default). A rule with times of
 * day (BYHOUR/BYMINUTE) is timed, at its own times (`time` then only fills a part it leaves out);
 * `wallTime` is the intended local time of a timed first occurrence (before any DST-gap shift).
 */
export function firstOccurrence(rule: string, options: FirstOccurrenceOptions): { dueAt?: Date; dueDate?: string; wallTime?: WallTime } | undefined {
  const parsed = parseRule(rule, options.timeZone);
  const start = options.startDate ?? isoDateOf(DateTime.fromJSDate(options.now, { zone: options.timeZone }));
  const times = ruleTimes(parsed.options, { hour: options.time?.hour ?? 0, minute: options.time?.minute ?? 0 });
  const timed = options.time !== undefined || times !== undefined;
  // With times of its own the rule's first day starts at midnight: all of its times that day count.
  const dtstart = toFloating(start, times ? undefined : options.time);
  // A series starts at its first occurrence, so INTERVAL cannot skip it ("every other monday"
  // said on a Wednesday starts next Monday, not the one after).
  const found = firstMatching(
    options.keepInterval ? parsed.options : { ...parsed.options, interval: 1 },
    dtstart,
    yearsAfter(dtstart, options.horizonYears ?? ACCEPT_YEARS),
    (candidate) => !timed || inZone(candidate, options.timeZone).getTime() > options.now.getTime(),
    undefined,
    { list: times, zone: options.timeZone },
  );
  if (!found) return undefined;
  return timed ? { dueAt: inZone(found.date, options.timeZone), wallTime: floatingTime(found.date) } : { dueDate: floatingDate(found.date) };
}

export interface RecurringTask {
  recurrence: string;
  recurrenceMode: "schedule" | "completion" | null;
  dueAt: Date | null;
  dueDate: string | null;
  /** 1-based position of this task in its series (for COUNT). */
  occurrenceIndex?: number;
  /**
   * The series' intended local time of day "HH:MM[:SS]" (see {@link intendedWallTime}); default
   * dueAt's. Under a rule with several times of day (BYHOUR=8,20) it is this occurrence's own time
   * from that list: the list lives in the rule, the row keeps which of its times it stands for (so
   * an occurrence a DST gap moved from 02:30 to 03:30 is still known as the 02:30 one).
   */
  seriesWallTime?: string | null;
}

const WALL_TIME = /^(?<hour>[01]\d|2[0-3]):(?<minute>[0-5]\d)(?::(?<second>[0-5]\d))?$/;

/** A local time of day as stored: "HH:MM:SS" (24-hour, zero-padded). */
export function formatWallTime(time: WallTime): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(time.hour)}:${two(time.minute)}:${two(time.second ?? 0)}`;
}

/** Reads "HH:MM" or "HH:MM:SS"; undefined for anything else (a column written by hand, say). */
export function parseWallTime(text: string | null | undefined): WallTime | undefined {
  const m = text ? WALL_TIME.exec(text) : null;
  if (!m) return undefined;
  return { hour: Number(group(m, "hour")), minute: Number(group(m, "minute")), second: Number(optionalGroup(m, "second") ?? 0) };
}

/** The local time of day of an instant in a zone. */
export function wallTimeOf(instant: Date, zone: string): WallTime {
  return wallClock(instant, zone).time;
}

/**
 * The instant of a local date and time of day in a zone. A time in a DST gap moves forward by the
 * gap (02:30 on a spring-forward day in New York is 03:30 EDT); an ambiguous time in the repeated
 * hour of a fall-back day is its first (daylight) instance.
 */
export function placeWallTime(date: string, time: WallTime, zone: string): Date {
  return inZone(toFloating(date, time), zone);
}

/**
 * The time of day a timed task's series intends, in `zone`. The stored wall time counts only when
 * it still describes dueAt: dueAt shows that time, or is what that time became in a DST gap on
 * dueAt's day. Otherwise (none stored, a changed zone, a due moment written without it) the time
 * dueAt shows is the intent. Undefined for a task without dueAt.
 */
export function intendedWallTime(task: { dueAt: Date | null; seriesWallTime?: string | null }, zone: string): WallTime | undefined {
  if (!task.dueAt) return undefined;
  const shown = wallClock(task.dueAt, zone);
  const stored = parseWallTime(task.seriesWallTime);
  if (!stored) return shown.time;
  if (formatWallTime(stored) === formatWallTime(shown.time)) return stored;
  return placeWallTime(shown.date, stored, zone).getTime() === task.dueAt.getTime() ? stored : shown.time;
}

export interface NextOccurrence {
  dueAt?: Date;
  dueDate?: string;
  occurrenceIndex: number;
  /** The intended local time of day of a timed occurrence (what a DST gap may have moved dueAt from). */
  wallTime?: WallTime;
}

/**
 * The occurrence that follows a completed task, or null when the series has ended (UNTIL, COUNT,
 * or a next occurrence past year 9999, which no ISO 8601 date without the extended form can hold).
 * `schedule`: the next calendar occurrence after the current one, skipping any already in the past
 * (they count toward COUNT). `completion`: INTERVAL units after the completion day, at the task's
 * time of day; a rule with BY parts takes its first occurrence after the completion day instead.
 *
 * A rule with times of day (BYHOUR/BYMINUTE, e.g. FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0) is always
 * timed: `schedule` takes the rule's next time after the current occurrence's intended one (8:00 →
 * 20:00 the same day → 8:00 the next), `completion` the rule's first time after the completion
 * moment. Each time keeps its wall-clock value across DST changes (RFC 5545 §3.3.10).
 */
export function nextOccurrence(task: RecurringTask, options: { timeZone: string; completedAt: Date; now?: Date }): NextOccurrence | null {
  const zone = options.timeZone;
  const now = options.now ?? options.completedAt;
  const parsed = parseRule(task.recurrence, zone);
  const index = task.occurrenceIndex ?? 1;
  const current = task.dueAt
    ? wallClock(task.dueAt, zone)
    : task.dueDate
      ? { date: task.dueDate, time: undefined }
      : wallClock(options.completedAt, zone);
  // The series' own time of day, not dueAt's: after an occurrence moved by a DST gap the next one
  // goes back to the intended time (RFC 5545 §3.3.5: only the nonexistent local time shifts).
  const time = task.dueAt !== null ? (intendedWallTime(task, zone) ?? current.time) : undefined;
  const times = ruleTimes(parsed.options, time ?? { hour: 0, minute: 0 });
  const timed = task.dueAt !== null || times !== undefined;
  const within = (f: Floating, steps: number): NextOccurrence | null => {
    // Past the supported range (or not a date at all) the next occurrence cannot be stored: the
    // series ends, like UNTIL would — throwing here would make the completion event fail for ever.
    if (Number.isNaN(f.getTime()) || f.getTime() > LAST_MOMENT.getTime()) return null;
    if (parsed.count !== undefined && index + steps > parsed.count) return null;
    if (parsed.options.until && f.getTime() > parsed.options.until.getTime()) return null;
    return timed
      ? { dueAt: inZone(f, zone), occurrenceIndex: index + steps, wallTime: floatingTime(f) }
      : { dueDate: floatingDate(f), occurrenceIndex: index + steps };
  };

  if (task.recurrenceMode === "completion" && times) {
    const done = wallClock(options.completedAt, zone);
    const start = toFloating(done.date, done.time);
    const found = firstMatching(
      parsed.options,
      start,
      yearsAfter(start, SEARCH_YEARS),
      (candidate) => inZone(candidate, zone).getTime() > options.completedAt.getTime(),
      undefined,
      { list: times, zone },
    );
    return found ? within(found.date, 1) : null;
  }

  if (task.recurrenceMode === "completion" && !parsed.hasByParts) {
    const done = wallClock(options.completedAt, zone).date;
    const interval = parsed.options.interval ?? 1;
    const unit =
      ({ 0: "years", 1: "months", 2: "weeks", 3: "days" } as Record<number, "years" | "months" | "weeks" | "days">)[parsed.options.freq ?? 3] ??
      "days";
    const next = DateTime.fromISO(done, { zone: "UTC" }).plus({ [unit]: interval });
    if (!next.isValid || next.year > LAST_MOMENT.getUTCFullYear()) return null;
    return within(toFloating(next.toISODate(), time), 1);
  }

  const anchor = task.recurrenceMode === "completion" ? wallClock(options.completedAt, zone).date : current.date;
  const dtstart = toFloating(task.recurrenceMode === "completion" ? anchor : current.date, time ?? current.time);
  // An all-day task under a rule with times: every time on its day is still ahead of it.
  const from =
    task.recurrenceMode === "completion"
      ? toFloating(anchor, { hour: 23, minute: 59 })
      : times && task.dueAt === null
        ? new Date(dtstart.getTime() - 1)
        : dtstart;
  const nowLocal = wallClock(now, zone);
  const today = nowLocal.date;
  // Zone offsets stay within a day, so a wall-clock time more than a day before now's is past
  // without placing it in the zone (the costly step).
  const surelyPast = toFloating(nowLocal.date, nowLocal.time).getTime() - 26 * 3_600_000;
  const searchFrom = Math.max(dtstart.getTime(), toFloating(nowLocal.date).getTime());
  // Never the current occurrence's own instant again (a time that a DST gap moved onto another).
  const notBefore = task.dueAt?.getTime() ?? -Infinity;
  const found = firstMatching(
    parsed.options,
    dtstart,
    yearsAfter(new Date(searchFrom), SEARCH_YEARS),
    (candidate) => {
      if (task.recurrenceMode === "completion") return true;
      if (!timed) return floatingDate(candidate) >= today;
      if (candidate.getTime() <= surelyPast) return false;
      const instant = inZone(candidate, zone).getTime();
      return instant > now.getTime() && instant > notBefore;
    },
    from,
    { list: times, zone },
  );
  return found ? within(found.date, found.steps) : null;
}

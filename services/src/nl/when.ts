import { DateTime } from "luxon";
import type { Utterance } from "./utterance.ts";
import { isoDateOf } from "../time/zone.ts";
import { DAY_OF_MONTH_PATTERN, MONTH_PATTERN, MONTHS, NUMBER_PATTERN, parseDayOfMonth, parseNumber, WEEKDAY_PATTERN, WEEKDAYS } from "./lexicon.ts";
import { group, lookup, optionalGroup } from "./match.ts";
import { AMBIGUOUS_ZONES, readZone } from "./zone-words.ts";

export interface WhenContext {
  now: Date;
  timeZone: string;
}

/** A due moment as stated: a local date, a wall-clock time, or an exact instant ("in 45 minutes"). */
export interface When {
  date?: string;
  time?: ClockTime;
  instant?: Date;
  /** Part of day said without a time ("tomorrow morning"); used to read "at 9" as am or pm. */
  partOfDay?: "morning" | "afternoon" | "evening" | "night";
}

/** Stands for a relative date too far for luxon; it fails every date-range check. */
export const OUT_OF_RANGE_DATE = "+275760-12-31";

/** The time a part of day stands for when no time is said: morning 09:00, afternoon 15:00, evening 19:00, night 21:00. */
export const PART_OF_DAY_TIME: Readonly<Record<NonNullable<When["partOfDay"]>, { hour: number; minute: number }>> = {
  morning: { hour: 9, minute: 0 },
  afternoon: { hour: 15, minute: 0 },
  evening: { hour: 19, minute: 0 },
  night: { hour: 21, minute: 0 },
};

/**
 * What may follow a date said with a bare number ("the 3", "1/2", "13 may"): the end, punctuation,
 * a number (a time or year) or a word that joins phrases. A content word after it means the number
 * belongs to the title: "the 3 musketeers", "1/2 gallon milk", "apollo 13 may be fun", "the 5th floor".
 */
const DATE_END =
  "(?=\\s*(?:$|[,.;!?)\\-]|\\d|(?:at|@|by|in|on|and|or|then|about|re|regarding|for|with|to|please|pls|before|after|around|from|until|till|each|every|this|next|morning|afternoon|evening|night|tonight|noon|midnight|remind|due)\\b))";

const LEAD = "(?:\\b(?:due|by|on|before|until|til|till|for|no later than|this coming|starting|from|at)\\s+)*";

function today(ctx: WhenContext): DateTime {
  return DateTime.fromJSDate(ctx.now, { zone: ctx.timeZone }).startOf("day");
}

/** The next date after today falling on an ISO weekday. */
export function nextWeekday(ctx: WhenContext, weekday: number): string {
  const start = today(ctx);
  const ahead = (weekday - start.weekday + 7) % 7 || 7;
  return isoDateOf(start.plus({ days: ahead }));
}

/** The next date (today included) that is month/day, or that day in `year` when given. */
export function nextMonthDay(ctx: WhenContext, month: number, day: number, year?: number): string | undefined {
  const start = today(ctx);
  if (year !== undefined) {
    const date = DateTime.fromObject({ year, month, day }, { zone: ctx.timeZone });
    return date.isValid ? date.toISODate() : undefined;
  }
  for (let y = start.year; y <= start.year + 8; y++) {
    const date = DateTime.fromObject({ year: y, month, day }, { zone: ctx.timeZone });
    if (date.isValid && date >= start) return date.toISODate();
  }
  return undefined;
}

function nextDayOfMonth(ctx: WhenContext, day: number): string | undefined {
  const start = today(ctx);
  for (let i = 0; i < 24; i++) {
    const month = start.plus({ months: i });
    const date = DateTime.fromObject({ year: month.year, month: month.month, day }, { zone: ctx.timeZone });
    if (date.isValid && date >= start) return date.toISODate();
  }
  return undefined;
}

function clockTime(hourText: string, minuteText: string | undefined, meridiem: string | undefined): { hour: number; minute: number } | undefined {
  let hour = Number(hourText);
  const minute = minuteText ? Number(minuteText) : 0;
  if (minute > 59) return undefined;
  const m = meridiem?.replace(/\./g, "").toLowerCase();
  if (m) {
    if (hour < 1 || hour > 12) return undefined;
    if (m.startsWith("p") && hour < 12) hour += 12;
    if (m.startsWith("a") && hour === 12) hour = 0;
  } else if (hour > 23) return undefined;
  return { hour, minute };
}

/** Reads "at 9" when no am/pm was said: by the part of day, else the likelier waking hour. */
function bareHour(hour: number, minute: number, partOfDay: When["partOfDay"]): { hour: number; minute: number } {
  if (hour >= 13 || hour === 0) return { hour, minute };
  if (partOfDay === "evening" || partOfDay === "night" || partOfDay === "afternoon") return { hour: hour === 12 ? 12 : hour + 12, minute };
  if (partOfDay === "morning") return { hour: hour === 12 ? 0 : hour, minute };
  return { hour: hour <= 6 ? hour + 12 : hour, minute };
}

const UNIT_MS: Record<string, number> = { minute: 60_000, min: 60_000, hour: 3_600_000, hr: 3_600_000 };

/**
 * Finds and consumes the due moment in an utterance: relative days, weekdays, dates with and without
 * years, times in 12/24-hour form, "noon", "tonight", durations. Returns undefined when none is said.
 */
export function takeWhen(u: Utterance, ctx: WhenContext, partOfDay?: When["partOfDay"]): When | undefined {
  const when: When = partOfDay ? { partOfDay } : {};
  let found = false;
  // Bare "tonight" stays all-day (parse conventions); any other part of day said gives its time.
  let bareTonight = false;
  const base = today(ctx);

  // Durations from now: "in 45 minutes", "in 2 hours", "24 hours from now", "in half an hour" → an
  // exact instant. Hours and minutes are elapsed time, so "24 hours from now" across a DST change
  // is 24 real hours (days, weeks and months below are calendar time).
  const duration = `(?:(?<amount>${NUMBER_PATTERN}|half an?)\\s+(?<unit>minutes?|mins?|hours?|hrs?)|(?<compactAmount>\\d+)\\s*(?<compactUnit>h|m))`;
  const fromNow = "\\s+(?:from\\s+(?:now|today)|later)";
  let m = u.take(new RegExp(`\\b(?:in|within|after)\\s+${duration}(?:${fromNow})?\\b`));
  if (!m) m = u.take(new RegExp(`\\b${duration}${fromNow}\\b`));
  if (m) {
    // One of the two forms matched: "24 hours" fills amount and unit, "24h" the compact pair.
    const amountText = optionalGroup(m, "amount") ?? group(m, "compactAmount");
    const amount = amountText.startsWith("half") ? 0.5 : parseNumber(amountText);
    const unit = (optionalGroup(m, "unit") ?? (group(m, "compactUnit").toLowerCase() === "h" ? "hour" : "minute"))
      .replace(/s$/, "")
      .replace(/^minute$/, "minute");
    const ms = UNIT_MS[unit] ?? UNIT_MS[unit.slice(0, 3)] ?? 60_000;
    if (amount !== undefined) {
      // An absurd amount gives an impossible date (NaN), which callers refuse as out of range.
      when.instant = new Date(ctx.now.getTime() + amount * ms);
      return when;
    }
  }
  m = u.take(/\b(?:in\s+half\s+an\s+hour|half\s+an\s+hour\s+from\s+now)\b/);
  if (m) return { instant: new Date(ctx.now.getTime() + 1_800_000) };

  // Relative days.
  m = u.take(
    new RegExp(`${LEAD}\\b(?:in|within)\\s+(?<amount>${NUMBER_PATTERN})\\s+(?<unit>days?|weeks?|months?|years?)(?:\\s+from\\s+(?:now|today))?\\b`),
  );
  if (!m) m = u.take(new RegExp(`${LEAD}\\b(?<amount>${NUMBER_PATTERN})\\s+(?<unit>days?|weeks?|months?|years?)\\s+from\\s+(?:now|today)\\b`));
  if (m) {
    const amount = parseNumber(group(m, "amount"));
    const unit = group(m, "unit").replace(/s$/, "") as "day" | "week" | "month" | "year";
    if (amount !== undefined) {
      // luxon gives no date past its range ("in 99999999999 days"): keep a date that callers refuse
      // as out of range rather than fall back to today.
      when.date = base.plus({ [`${unit}s`]: amount }).toISODate() ?? OUT_OF_RANGE_DATE;
      found = true;
    }
  }
  if (!found && u.take(new RegExp(`${LEAD}\\b(?:the\\s+)?day\\s+after\\s+(?:tomorrow|tmrw|tmr)\\b`))) {
    when.date = isoDateOf(base.plus({ days: 2 }));
    found = true;
  }
  if (
    !found &&
    (m = u.take(
      new RegExp(
        `${LEAD}\\b(?<word>tomorrow|tmrw|tmr|tomorow|tommorow|today|tonight|tonite|this\\s+(?:morning|afternoon|evening))\\b(?:\\s+(?<part>morning|afternoon|evening|night))?`,
      ),
    ))
  ) {
    const word = group(m, "word").toLowerCase();
    when.date = isoDateOf(/^(tom|tmr)/.test(word) ? base.plus({ days: 1 }) : base);
    const part =
      optionalGroup(m, "part")?.toLowerCase() ?? (word.startsWith("this") ? word.split(/\s+/)[1] : /^toni/.test(word) ? "night" : undefined);
    if (part) when.partOfDay = part as When["partOfDay"];
    bareTonight = /^toni/.test(word) && !optionalGroup(m, "part");
    found = true;
  }

  // Calendar dates: ISO, "june 18th", "18 june 2027", "the 18th of june", "6/18".
  if (!found && (m = u.take(new RegExp(`${LEAD}\\b(\\d{4})-(\\d{2})-(\\d{2})\\b`)))) {
    const date = DateTime.fromObject({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, { zone: ctx.timeZone });
    if (date.isValid) {
      when.date = date.toISODate();
      found = true;
    }
  }
  if (!found) {
    m = u.take(
      new RegExp(
        `${LEAD}\\b(?:(?:${WEEKDAY_PATTERN}),?\\s+)?(?<month>${MONTH_PATTERN})\\.?\\s+(?<day>${DAY_OF_MONTH_PATTERN})\\b(?:,?\\s+(?<year>\\d{4})\\b)?`,
      ),
    );
    if (m) {
      const day = parseDayOfMonth(group(m, "day"));
      const year = optionalGroup(m, "year");
      const date = day ? nextMonthDay(ctx, lookup(MONTHS, group(m, "month")), day, year ? Number(year) : undefined) : undefined;
      if (date) {
        when.date = date;
        found = true;
      }
    }
  }
  if (!found) {
    m = u.take(
      // "may" after a number is as often the verb ("apollo 13 may be fun").
      new RegExp(
        `${LEAD}\\b(?:the\\s+)?(?<day>${DAY_OF_MONTH_PATTERN})\\s+(?:of\\s+)?(?<month>${MONTH_PATTERN})\\b(?:(?<=may)${DATE_END}|(?<!may))(?:,?\\s+(?<year>\\d{4})\\b)?`,
      ),
    );
    if (m) {
      const day = parseDayOfMonth(group(m, "day"));
      const year = optionalGroup(m, "year");
      const date = day ? nextMonthDay(ctx, lookup(MONTHS, group(m, "month")), day, year ? Number(year) : undefined) : undefined;
      if (date) {
        when.date = date;
        found = true;
      }
    }
  }
  if (!found && (m = u.take(new RegExp(`${LEAD}\\b(\\d{1,2})/(\\d{1,2})(?:/(\\d{2,4}))?\\b${DATE_END}`)))) {
    // Month first in the Americas, day first elsewhere.
    const monthFirst = ctx.timeZone.startsWith("America/") || ctx.timeZone.startsWith("US/");
    const [a, b] = [Number(m[1]), Number(m[2])];
    const [month, day] = monthFirst ? [a, b] : [b, a];
    const year = m[3] ? Number(m[3].length === 2 ? `20${m[3]}` : m[3]) : undefined;
    // "12/25" said in Europe can only be month/day: take the order that makes a date.
    const date = nextMonthDay(ctx, month, day, year) ?? nextMonthDay(ctx, day, month, year);
    if (date) {
      when.date = date;
      found = true;
    }
  }

  // Weeks and months: "next week" is its Monday; "<weekday> next week" that day of next week.
  if (!found && (m = u.take(new RegExp(`${LEAD}\\b(?<weekday>${WEEKDAY_PATTERN})\\s+(?:of\\s+)?next\\s+week\\b`)))) {
    when.date = isoDateOf(base.startOf("week").plus({ weeks: 1, days: lookup(WEEKDAYS, group(m, "weekday")) - 1 }));
    found = true;
  }
  // "friday the 4th", "friday 4th" (a bare number after a weekday is more likely a time).
  if (
    !found &&
    (m = u.take(
      new RegExp(`${LEAD}\\b(?:${WEEKDAY_PATTERN}),?\\s+(?:the\\s+(?<day>${DAY_OF_MONTH_PATTERN})|(?<ordinal>\\d{1,2}(?:st|nd|rd|th)))\\b`),
    ))
  ) {
    // One of the two alternatives matched, so one of the two groups is filled.
    const day = parseDayOfMonth(optionalGroup(m, "day") ?? group(m, "ordinal"));
    const date = day ? nextDayOfMonth(ctx, day) : undefined;
    if (date) {
      when.date = date;
      found = true;
    }
  }
  // Not "monday's meeting": a possessive weekday names something else. A short weekday that is
  // also a word ("sun cream", "sat nav") is a day only where a date could end.
  if (
    !found &&
    (m = u.take(
      new RegExp(
        `${LEAD}\\b(?:(?:next|this|coming|on|by)\\s+)?(?<weekday>${WEEKDAY_PATTERN})\\b(?!'s)(?:(?<=\\b(?:sun|sat|wed|mon))${DATE_END}|(?<!\\b(?:sun|sat|wed|mon)))(?:\\s+(?<part>morning|afternoon|evening|night))?`,
      ),
    ))
  ) {
    when.date = nextWeekday(ctx, lookup(WEEKDAYS, group(m, "weekday")));
    const part = optionalGroup(m, "part");
    if (part) when.partOfDay = part.toLowerCase() as When["partOfDay"];
    found = true;
  }
  if (
    !found &&
    u.take(new RegExp(`${LEAD}\\b(?:eod|cob|(?:the\\s+)?end\\s+of\\s+(?:the\\s+)?(?:day|business(?:\\s+day)?)|close\\s+of\\s+business)\\b`))
  ) {
    when.date = isoDateOf(base);
    found = true;
  }
  if (!found && (m = u.take(new RegExp(`${LEAD}\\b(?<which>this|next|the|on\\s+the)\\s+weekend\\b`)))) {
    // The weekend is its Saturday; "next weekend" the one after the coming one.
    const saturday = base.weekday === 7 ? base.plus({ days: 6 }) : base.set({ weekday: 6 });
    when.date = isoDateOf(group(m, "which").toLowerCase() === "next" ? saturday.plus({ weeks: 1 }) : saturday);
    found = true;
  }
  if (!found && (m = u.take(new RegExp(`${LEAD}\\b(?:the\\s+)?end\\s+of\\s+(?:the\\s+)?(?<unit>week|month|year)\\b`)))) {
    const unit = group(m, "unit").toLowerCase() as "week" | "month" | "year";
    when.date = isoDateOf(base.endOf(unit));
    found = true;
  }
  // "the 5th of next month": that day of the coming month, not the month's first day.
  if (!found && (m = u.take(new RegExp(`${LEAD}\\b(?:on\\s+)?(?:the\\s+)?(?<day>${DAY_OF_MONTH_PATTERN})\\s+of\\s+next\\s+month\\b`)))) {
    const day = parseDayOfMonth(group(m, "day"));
    const month = base.startOf("month").plus({ months: 1 });
    const date = day ? DateTime.fromObject({ year: month.year, month: month.month, day }, { zone: ctx.timeZone }) : undefined;
    if (date?.isValid) {
      when.date = date.toISODate();
      found = true;
    }
  }
  if (!found && (m = u.take(new RegExp(`${LEAD}\\bnext\\s+(?<unit>week|month|year)\\b`)))) {
    const unit = group(m, "unit").toLowerCase() as "week" | "month" | "year";
    when.date = isoDateOf(base.startOf(unit).plus({ [`${unit}s`]: 1 }));
    found = true;
  }
  if (
    !found &&
    (m = u.take(new RegExp(`${LEAD}\\b(?:on\\s+)?the\\s+(?<day>${DAY_OF_MONTH_PATTERN})\\b(?!\\s+(?:of\\s+)?(?:every|each)\\b)${DATE_END}`)))
  ) {
    const day = parseDayOfMonth(group(m, "day"));
    const date = day ? nextDayOfMonth(ctx, day) : undefined;
    if (date) {
      when.date = date;
      found = true;
    }
  }

  // Parts of day said apart from the day: "in the evening", "at night", "first thing".
  m = u.take(/\b(?:in\s+the\s+(?<part>morning|afternoon|evening)|at\s+(?<night>night)|(?<first>first)\s+thing(?:\s+in\s+the\s+morning)?)\b/);
  if (m) {
    // One of the three alternatives matched, so one of the three groups is filled.
    when.partOfDay = optionalGroup(m, "first") ? "morning" : ((optionalGroup(m, "part") ?? group(m, "night")).toLowerCase() as When["partOfDay"]);
    found = true;
  }

  // Times of day.
  const time = takeTime(u, when.partOfDay);
  if (time) {
    when.time = time;
    found = true;
  } else if (found && when.partOfDay) {
    if (!when.date) when.date = isoDateOf(base);
    if (!bareTonight) when.time = PART_OF_DAY_TIME[when.partOfDay];
  }
  return found ? when : undefined;
}

/** A wall-clock time, and the zone it was said in when one was named ("5pm UTC"). */
export interface ClockTime {
  hour: number;
  minute: number;
  /** A luxon zone name (IANA or "UTC+9"); absent means the user's own zone. */
  zone?: string;
}

/**
 * Consumes the first match of `pattern` together with a zone said right after it. A time followed
 * by an ambiguous zone ("5pm IST") is left in place and undefined returned: the caller must not
 * read it in some zone it guessed.
 */
function takeClock(u: Utterance, pattern: RegExp): { match: RegExpExecArray; zone?: string } | undefined | "ambiguous" {
  const match = new RegExp(pattern.source, "i").exec(u.remainingRaw);
  if (!match) return undefined;
  const end = match.index + match[0].length;
  const zone = readZone(u.remainingRaw.slice(end));
  if (zone?.ambiguous) return "ambiguous";
  u.consume(match.index, match[0].length + (zone?.length ?? 0));
  return zone?.zone ? { match, zone: zone.zone } : { match };
}

const withZone = (time: { hour: number; minute: number } | undefined, zone: string | undefined): ClockTime | undefined =>
  time && zone ? { ...time, zone } : time;

/**
 * Finds and consumes a time of day: "4pm", "9:15 am", "at 14:00", "at 9", "noon", "midnight", "9 o'clock",
 * with a zone said after it ("5pm UTC", "9am JST", "10:00 +02:00", "3pm Europe/Paris"). Returns
 * undefined when none is said, or when the zone after it is ambiguous ("5pm IST"; see AMBIGUOUS_ZONES).
 */
export function takeTime(u: Utterance, partOfDay?: When["partOfDay"]): ClockTime | undefined {
  let t = takeClock(u, /(?:\b(?:at|by|around|@)\s+)?\b(?<hour>\d{1,2})(?::(?<minute>\d{2}))?\s*(?<meridiem>a\.m\.|p\.m\.|am|pm|a|p)\b/);
  if (t === "ambiguous") return undefined;
  if (t) return withZone(clockTime(group(t.match, "hour"), optionalGroup(t.match, "minute"), group(t.match, "meridiem")), t.zone);
  t = takeClock(u, /(?:\b(?:at|by|around|@)\s+)?\b(?<word>noon|midday|midnight)\b/);
  if (t === "ambiguous") return undefined;
  if (t) return withZone(group(t.match, "word").toLowerCase() === "midnight" ? { hour: 23, minute: 59 } : { hour: 12, minute: 0 }, t.zone);
  t = takeClock(u, /(?:\b(?:at|by|around|@)\s+)?\b(?<hour>[01]?\d|2[0-3]):(?<minute>[0-5]\d)\b/);
  if (t === "ambiguous") return undefined;
  if (t) {
    const hourText = group(t.match, "hour");
    const hour = Number(hourText);
    const minute = Number(group(t.match, "minute"));
    // A written zone means the clock of that place: "10:00 +02:00" is ten in the morning there.
    const time =
      hourText.length === 2 && hourText.startsWith("0")
        ? { hour, minute }
        : hour > 12 || t.zone
          ? { hour, minute }
          : bareHour(hour, minute, partOfDay);
    return withZone(time, t.zone);
  }
  t = takeClock(u, /\b(?:at|@|around)\s+(\d{1,2})(?:\s+o'?clock)?\b(?![:/.]\d)/);
  if (t === "ambiguous") return undefined;
  if (!t) t = takeClock(u, /\b(\d{1,2})\s+o'?clock\b/);
  if (t === "ambiguous") return undefined;
  if (t) {
    const hour = Number(t.match[1]);
    if (hour <= 23) return withZone(bareHour(hour, 0, partOfDay), t.zone);
  }
  return undefined;
}

const AMBIGUOUS_AFTER_TIME = new RegExp(
  `(?:\\b\\d{1,2}(?::\\d{2})?\\s*(?:a\\.m\\.|p\\.m\\.|am|pm|a|p)?|\\b(?:noon|midday|midnight))\\s*\\(?\\s*(?<abbr>${Object.keys(AMBIGUOUS_ZONES).join("|")})\\b`,
  "i",
);

/** The ambiguous zone abbreviation said after a time in `text` ("5pm IST" → "IST"), if any, with its meanings. */
export function ambiguousZoneIn(text: string): { abbreviation: string; meanings: string } | undefined {
  const m = AMBIGUOUS_AFTER_TIME.exec(text);
  const abbreviation = m?.groups?.abbr?.toLowerCase();
  const meanings = abbreviation ? AMBIGUOUS_ZONES[abbreviation] : undefined;
  return abbreviation && meanings ? { abbreviation: abbreviation.toUpperCase(), meanings } : undefined;
}

/** Turns a stated moment into stored fields: a time makes an instant in the zone; a day alone a date. */
export function resolveWhen(when: When, ctx: WhenContext): { dueAt: Date; dueDate?: undefined } | { dueDate: string; dueAt?: undefined } {
  if (when.instant) return { dueAt: when.instant };
  const date = when.date ?? isoDateOf(today(ctx));
  if (!when.time) return { dueDate: date };
  // The day is the user's ("tomorrow" where they are); the clock is the named zone's when one was said.
  const local = DateTime.fromISO(date, { zone: when.time.zone ?? ctx.timeZone }).set({
    hour: when.time.hour,
    minute: when.time.minute,
    second: 0,
    millisecond: 0,
  });
  return { dueAt: local.toJSDate() };
}

import { RRule } from "./rrule.ts";
import { AppError } from "../errors.ts";
import { takeRecurrence } from "../nl/recurrence.ts";
import { takeTime } from "../nl/when.ts";
import { Utterance } from "../nl/utterance.ts";
import { ACCEPT_YEARS, firstOccurrence } from "./occurrences.ts";
import { FIRST_YEAR, LAST_YEAR } from "./date-range.ts";

const RULE_KEYS = new Set([
  "FREQ",
  "INTERVAL",
  "BYDAY",
  "BYMONTHDAY",
  "BYMONTH",
  "BYSETPOS",
  "BYYEARDAY",
  "BYWEEKNO",
  "BYHOUR",
  "BYMINUTE",
  "COUNT",
  "UNTIL",
  "WKST",
]);
const TASK_FREQUENCIES = new Set(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]);
/** INTERVAL above this is no habit a task manager serves (1000 days is 2.7 years, 1000 years is past the date range). */
export const MAX_INTERVAL = 1000;
const WEEKDAY = "(?:MO|TU|WE|TH|FR|SA|SU)";
// Which BY parts each frequency takes (RFC 5545 3.3.10, narrowed to what expands in bounded time:
// BYSETPOS on a DAILY rule selects from a one-day set, so it is refused rather than ignored).
// BYHOUR and BYMINUTE give the times of day of each selected day ("FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0").
const PARTS_FOR: Record<string, string[]> = {
  DAILY: ["BYDAY", "BYMONTHDAY", "BYMONTH", "BYHOUR", "BYMINUTE"],
  WEEKLY: ["BYDAY", "BYMONTH", "BYSETPOS", "BYHOUR", "BYMINUTE"],
  MONTHLY: ["BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "BYHOUR", "BYMINUTE"],
  YEARLY: ["BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "BYYEARDAY", "BYWEEKNO", "BYHOUR", "BYMINUTE"],
};
/** At most this many times of day (BYHOUR × BYMINUTE) in one rule: a task several times a day, not a clock. */
export const MAX_TIMES_PER_DAY = 24;

/** Checks BYHOUR (0..23) and BYMINUTE (0..59) lists and how many times of day they make. */
function timesOfDay(input: string, keys: Map<string, string>): void {
  const count = (key: string, max: number): number => {
    const value = keys.get(key);
    if (value === undefined) return 1;
    const items = value.split(",");
    if (!items.every((item) => /^\d{1,2}$/.test(item) && Number(item) <= max)) {
      throw invalid(input, `${key} takes numbers from 0 to ${max}, separated by commas (e.g. ${key === "BYHOUR" ? "BYHOUR=8,20" : "BYMINUTE=0,30"})`);
    }
    return new Set(items.map(Number)).size;
  };
  const times = count("BYHOUR", 23) * count("BYMINUTE", 59);
  if (times > MAX_TIMES_PER_DAY) throw invalid(input, `BYHOUR and BYMINUTE make ${times} times a day; at most ${MAX_TIMES_PER_DAY} are accepted`);
  if (keys.has("BYSETPOS") && (keys.has("BYHOUR") || keys.has("BYMINUTE"))) {
    throw invalid(input, "BYSETPOS cannot be combined with BYHOUR or BYMINUTE");
  }
}

function numberList(input: string, keys: Map<string, string>, key: string, max: number, signed: boolean): void {
  const value = keys.get(key);
  if (value === undefined) return;
  const ok = value.split(",").every((item) => {
    if (!/^[+-]?\d{1,3}$/.test(item)) return false;
    const n = Number(item);
    return n !== 0 && Math.abs(n) <= max && (signed || n > 0);
  });
  if (!ok)
    throw invalid(input, `${key} takes ${signed ? `numbers from 1 to ${max} or -1 to -${max}` : `numbers from 1 to ${max}`}, separated by commas`);
}
function invalid(phrase: string, why: string): AppError {
  return new AppError(
    "invalid_input",
    `recurrence must be an RRULE body like 'FREQ=WEEKLY;BYDAY=MO' or a phrase like 'every weekday', 'every 2 weeks' or 'every last friday'; got '${phrase.slice(0, 80)}' (${why})`,
  );
}

/** Checks an RRULE body (with or without the `RRULE:` prefix) and returns it in canonical upper case. */
export function validateRRule(input: string): string {
  const body = input
    .trim()
    .replace(/^RRULE:/i, "")
    .toUpperCase();
  const parts = body.split(";").filter(Boolean);
  const keys = new Map<string, string>();
  for (const part of parts) {
    const [key, value, extra] = part.split("=");
    if (!key || !value || extra !== undefined) throw invalid(input, `'${part}' is not KEY=VALUE`);
    if (!RULE_KEYS.has(key)) throw invalid(input, `unsupported part '${key}'`);
    if (keys.has(key)) throw invalid(input, `'${key}' appears twice`);
    keys.set(key, value);
  }
  const freq = keys.get("FREQ");
  if (!freq || !TASK_FREQUENCIES.has(freq)) throw invalid(input, "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY");
  if (keys.has("COUNT") && keys.has("UNTIL")) throw invalid(input, "COUNT and UNTIL cannot be used together");
  const count = keys.get("COUNT");
  if (count !== undefined && !/^[1-9]\d{0,3}$/.test(count)) throw invalid(input, "COUNT must be a whole number from 1 to 9999");
  const interval = keys.get("INTERVAL");
  if (interval !== undefined && (!/^\d{1,4}$/.test(interval) || Number(interval) < 1 || Number(interval) > MAX_INTERVAL)) {
    throw invalid(input, `INTERVAL must be a whole number from 1 to ${MAX_INTERVAL}`);
  }
  // PARTS_FOR lists every task frequency, so this only fails if the two tables drift apart.
  const allowedParts = PARTS_FOR[freq];
  if (!allowedParts) throw new Error(`internal: no BY parts listed for FREQ=${freq}`);
  for (const key of keys.keys()) {
    if (key.startsWith("BY") && !allowedParts.includes(key)) {
      throw invalid(input, `${key} cannot be used with FREQ=${freq} (it takes ${allowedParts.join(", ")})`);
    }
  }
  timesOfDay(input, keys);
  if (keys.has("BYSETPOS") && ![...keys.keys()].some((key) => key.startsWith("BY") && key !== "BYSETPOS")) {
    throw invalid(input, "BYSETPOS needs another BY part to choose from");
  }
  const byday = keys.get("BYDAY");
  // Ordinals (2TU, -1FR) pick within a month or a year, so only MONTHLY and YEARLY take them.
  const ordinal = freq === "MONTHLY" ? "(?:[1-5])" : freq === "YEARLY" ? "(?:[1-9]|[1-4]\\d|5[0-3])" : "(?!)";
  if (byday && !byday.split(",").every((d) => new RegExp(`^(?:[+-]?${ordinal})?${WEEKDAY}$`).test(d))) {
    throw invalid(
      input,
      freq === "MONTHLY"
        ? "BYDAY takes weekdays like MO,WE or -1FR (1 to 5 from either end)"
        : freq === "YEARLY"
          ? "BYDAY takes weekdays like MO,WE or 20MO (1 to 53 from either end)"
          : "BYDAY takes weekdays like MO,WE (a number like -1FR needs FREQ=MONTHLY or YEARLY)",
    );
  }
  numberList(input, keys, "BYMONTH", 12, false);
  numberList(input, keys, "BYYEARDAY", 366, true);
  numberList(input, keys, "BYWEEKNO", 53, true);
  numberList(input, keys, "BYSETPOS", 366, true);
  const bymonthday = keys.get("BYMONTHDAY");
  if (bymonthday && !bymonthday.split(",").every((d) => /^-?(?:[1-9]|[12]\d|3[01])$/.test(d))) {
    throw invalid(input, "BYMONTHDAY takes days 1..31 or -1..-31");
  }
  const until = keys.get("UNTIL");
  if (until && !/^\d{8}(?:T\d{6}Z?)?$/.test(until)) throw invalid(input, "UNTIL must look like 20261231 or 20261231T235959Z");
  if (until) {
    const [y, m, d] = [until.slice(0, 4), until.slice(4, 6), until.slice(6, 8)].map(Number) as [number, number, number];
    const day = new Date(Date.UTC(y, m - 1, d));
    if (y < FIRST_YEAR || y > LAST_YEAR || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) {
      throw invalid(input, `UNTIL must be a real date between ${FIRST_YEAR} and ${LAST_YEAR}`);
    }
  }
  try {
    RRule.parseString(body);
  } catch (error) {
    throw invalid(input, error instanceof Error ? error.message : "not a valid rule");
  }
  return body;
}

/**
 * Throws invalid_input unless `rule` (a canonical RRULE body) has an occurrence within ACCEPT_YEARS
 * years from today in the user's zone. The search is bounded (bounded-expansion.ts): a rule that
 * never occurs, or too rarely to be a habit (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31), costs at most a
 * few milliseconds to refuse instead of freezing the server while rrule.js walks to the year 9999.
 */
export function assertRuleOccurs(rule: string, context: { now: Date; timeZone: string }): void {
  if (!firstOccurrence(rule, { now: context.now, timeZone: context.timeZone, horizonYears: ACCEPT_YEARS, keepInterval: true })) {
    throw new AppError(
      "invalid_input",
      `recurrence never occurs within ${ACCEPT_YEARS} years ('${rule.slice(0, 80)}'): check that its BY parts can meet (e.g. BYMONTH=2 with BYMONTHDAY=31 cannot), or that UNTIL is not already past`,
    );
  }
}

/**
 * Resolves a recurrence phrase ("every weekday", "every 3 days", "every last friday of the month",
 * "monthly on the 15th") or an RRULE body into a canonical RRULE body, with the language engine's
 * grammar. Time-of-day words are ignored here: the time belongs to the task's due moment.
 */
export function resolveRecurrence(phrase: string, context: { now: Date; timeZone: string } = { now: new Date(), timeZone: "UTC" }): string {
  if (/FREQ=/i.test(phrase)) {
    const rule = validateRRule(phrase);
    assertRuleOccurs(rule, context);
    return rule;
  }
  const u = new Utterance(phrase);
  const stated = takeRecurrence(u, context);
  if (!stated) throw invalid(phrase, phrase.trim() ? "not a recognised pattern" : "it is empty");
  takeTime(u);
  u.take(/\b(?:in\s+the\s+)?(?:morning|afternoon|evening|night)s?\b/);
  const leftover = u.remaining.replace(/^(?:repeat(?:ing|s)?|recurring)\b/i, "").trim();
  if (leftover && !/^(?:on|at|the|,|\.|-)*$/i.test(leftover)) throw invalid(phrase, `did not understand '${leftover}'`);
  const rule = validateRRule(stated.rule);
  assertRuleOccurs(rule, context);
  return rule;
}

import { RRule } from "./rrule.ts";
import { AppError } from "../errors.ts";

const RULE_KEYS = new Set(["FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "BYYEARDAY", "BYWEEKNO", "COUNT", "UNTIL", "WKST"]);
const TASK_FREQUENCIES = new Set(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]);
const WEEKDAYS: Record<string, string> = {
  mon: "MO", monday: "MO", tue: "TU", tues: "TU", tuesday: "TU", wed: "WE", wednesday: "WE",
  thu: "TH", thur: "TH", thurs: "TH", thursday: "TH", fri: "FR", friday: "FR",
  sat: "SA", saturday: "SA", sun: "SU", sunday: "SU",
};
const ORDINALS: Record<string, number> = { first: 1, "1st": 1, second: 2, "2nd": 2, third: 3, "3rd": 3, fourth: 4, "4th": 4, last: -1 };
const UNITS: Record<string, string> = { day: "DAILY", week: "WEEKLY", month: "MONTHLY", year: "YEARLY" };
const NUMBER_WORDS: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12 };

function invalid(phrase: string, why: string): AppError {
  return new AppError(
    "invalid_input",
    `recurrence must be an RRULE body like 'FREQ=WEEKLY;BYDAY=MO' or a phrase like 'every weekday', 'every 2 weeks' or 'every last friday'; got '${phrase.slice(0, 80)}' (${why})`,
  );
}

/** Checks an RRULE body (with or without the `RRULE:` prefix) and returns it in canonical upper case. */
export function validateRRule(input: string): string {
  const body = input.trim().replace(/^RRULE:/i, "").toUpperCase();
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
  for (const numeric of ["INTERVAL", "COUNT"]) {
    const value = keys.get(numeric);
    if (value !== undefined && !/^[1-9]\d{0,3}$/.test(value)) throw invalid(input, `${numeric} must be a whole number from 1 to 9999`);
  }
  const byday = keys.get("BYDAY");
  if (byday && !byday.split(",").every((d) => /^[+-]?(?:[1-9]|[1-4]\d|5[0-3])?(?:MO|TU|WE|TH|FR|SA|SU)$/.test(d))) {
    throw invalid(input, "BYDAY takes weekdays like MO,WE or -1FR");
  }
  const bymonthday = keys.get("BYMONTHDAY");
  if (bymonthday && !bymonthday.split(",").every((d) => /^-?(?:[1-9]|[12]\d|3[01])$/.test(d))) {
    throw invalid(input, "BYMONTHDAY takes days 1..31 or -1..-31");
  }
  const until = keys.get("UNTIL");
  if (until && !/^\d{8}(?:T\d{6}Z?)?$/.test(until)) throw invalid(input, "UNTIL must look like 20261231 or 20261231T235959Z");
  try {
    RRule.parseString(body);
  } catch (error) {
    throw invalid(input, error instanceof Error ? error.message : "not a valid rule");
  }
  return body;
}

function weekdayList(text: string): string[] | undefined {
  const words = text.split(/\s*(?:,|\band\b|&|\/)\s*|\s+/).filter(Boolean);
  const days = words.map((w) => WEEKDAYS[w.replace(/s$/, "")] ?? WEEKDAYS[w]);
  return words.length > 0 && days.every(Boolean) ? [...new Set(days as string[])] : undefined;
}

/**
 * Resolves a recurrence phrase ("every weekday", "every 3 days", "every last friday of the month",
 * "monthly on the 15th") or an RRULE body into a canonical RRULE body. Time-of-day words are
 * ignored here: the time belongs to the task's due moment.
 */
export function resolveRecurrence(phrase: string): string {
  const original = phrase;
  if (/FREQ=/i.test(phrase)) return validateRRule(phrase);
  let text = phrase
    .toLowerCase()
    .replace(/\b(?:at|@)\s*\d{1,2}(?::\d{2})?\s*(?:am|pm)?\b|\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\b(?:at\s+)?(?:noon|midnight)\b/g, " ")
    .replace(/\b(?:starting|from)\b.*$/, " ")
    .replace(/[.!]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  text = text.replace(/^(?:repeat(?:ing|s)?|recurring)\s+/, "");
  if (!text) throw invalid(original, "it is empty");

  const simple: Record<string, string> = {
    daily: "FREQ=DAILY", "every day": "FREQ=DAILY", "each day": "FREQ=DAILY", everyday: "FREQ=DAILY",
    weekly: "FREQ=WEEKLY", "every week": "FREQ=WEEKLY", "each week": "FREQ=WEEKLY",
    monthly: "FREQ=MONTHLY", "every month": "FREQ=MONTHLY", "each month": "FREQ=MONTHLY",
    yearly: "FREQ=YEARLY", annually: "FREQ=YEARLY", "every year": "FREQ=YEARLY", "each year": "FREQ=YEARLY",
    biweekly: "FREQ=WEEKLY;INTERVAL=2", fortnightly: "FREQ=WEEKLY;INTERVAL=2",
    "every weekday": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", weekdays: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
    "every weekend": "FREQ=WEEKLY;BYDAY=SA,SU", weekends: "FREQ=WEEKLY;BYDAY=SA,SU",
    "monthly on the last day": "FREQ=MONTHLY;BYMONTHDAY=-1",
    "every last day of the month": "FREQ=MONTHLY;BYMONTHDAY=-1",
    "on the last day of every month": "FREQ=MONTHLY;BYMONTHDAY=-1",
    "last day of every month": "FREQ=MONTHLY;BYMONTHDAY=-1",
  };
  const direct = simple[text];
  if (direct) return direct;

  let match = /^(?:every|each) (other|\d+|[a-z]+) (day|week|month|year)s?$/.exec(text);
  if (match) {
    const interval = match[1] === "other" ? 2 : Number(match[1]) || NUMBER_WORDS[match[1]!];
    if (!interval || interval < 1 || interval > 9999) throw invalid(original, `'${match[1]}' is not a number of ${match[2]}s`);
    return `FREQ=${UNITS[match[2]!]}${interval > 1 ? `;INTERVAL=${interval}` : ""}`;
  }
  match = /^(?:every|each|on) (other )?(.+?)s?$/.exec(text);
  if (match) {
    const days = weekdayList(match[2]!);
    if (days) return `FREQ=WEEKLY${match[1] ? ";INTERVAL=2" : ""};BYDAY=${days.join(",")}`;
  }
  match = /^(?:every|each|on the|the) (first|1st|second|2nd|third|3rd|fourth|4th|last) ([a-z]+?)s?(?: of (?:the|each|every) month)?$/.exec(text);
  if (match) {
    const day = WEEKDAYS[match[2]!];
    if (day) return `FREQ=MONTHLY;BYDAY=${ORDINALS[match[1]!]}${day}`;
    if (match[2] === "day" && match[1] === "last") return "FREQ=MONTHLY;BYMONTHDAY=-1";
  }
  match = /^(?:(?:every|each) month on the|monthly on the|on the|every|the) (\d{1,2})(?:st|nd|rd|th)?(?: day)?(?: of (?:the|each|every) month)?$/.exec(text);
  if (match) {
    const day = Number(match[1]);
    if (day >= 1 && day <= 31) return `FREQ=MONTHLY;BYMONTHDAY=${day}`;
  }
  throw invalid(original, "not a recognised pattern");
}

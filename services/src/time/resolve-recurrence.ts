import { RRule } from "./rrule.ts";
import { AppError } from "../errors.ts";
import { takeRecurrence } from "../nl/recurrence.ts";
import { takeTime } from "../nl/when.ts";
import { Utterance } from "../nl/utterance.ts";

const RULE_KEYS = new Set(["FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "BYYEARDAY", "BYWEEKNO", "COUNT", "UNTIL", "WKST"]);
const TASK_FREQUENCIES = new Set(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]);
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

/**
 * Resolves a recurrence phrase ("every weekday", "every 3 days", "every last friday of the month",
 * "monthly on the 15th") or an RRULE body into a canonical RRULE body, with the language engine's
 * grammar. Time-of-day words are ignored here: the time belongs to the task's due moment.
 */
export function resolveRecurrence(phrase: string, context: { now: Date; timeZone: string } = { now: new Date(), timeZone: "UTC" }): string {
  if (/FREQ=/i.test(phrase)) return validateRRule(phrase);
  const u = new Utterance(phrase);
  const stated = takeRecurrence(u, context);
  if (!stated) throw invalid(phrase, phrase.trim() ? "not a recognised pattern" : "it is empty");
  takeTime(u);
  u.take(/\b(?:in\s+the\s+)?(?:morning|afternoon|evening|night)s?\b/);
  const leftover = u.remaining.replace(/^(?:repeat(?:ing|s)?|recurring)\b/i, "").trim();
  if (leftover && !/^(?:on|at|the|,|\.|-)*$/i.test(leftover)) throw invalid(phrase, `did not understand '${leftover}'`);
  return validateRRule(stated.rule);
}

import type { Utterance } from "./utterance.ts";
import { DateTime } from "luxon";
import {
  DAY_OF_MONTH_PATTERN,
  MONTH_PATTERN,
  MONTHS,
  NUMBER_PATTERN,
  ORDINAL_PATTERN,
  ORDINAL_WORDS,
  parseDayOfMonth,
  parseNumber,
  WEEKDAY_CODES,
  WEEKDAY_PATTERN,
  WEEKDAY_PLURAL_PATTERN,
  WEEKDAYS,
} from "./lexicon.ts";
import { group, lookup, optionalGroup } from "./match.ts";
import type { WhenContext } from "./when.ts";

export interface StatedRecurrence {
  rule: string;
  mode?: "schedule" | "completion";
}

/** The RRULE code of a weekday word the grammar matched ("fri" → "FR"), plural or not. */
const code = (weekday: string) => {
  const word = weekday.toLowerCase();
  const day = WEEKDAYS[word] ?? lookup(WEEKDAYS, word.replace(/s$/, ""));
  const dayCode = WEEKDAY_CODES[day - 1];
  if (!dayCode) throw new Error(`internal: weekday number ${day} has no RRULE code`);
  return dayCode;
};
const UNIT_FREQ: Record<string, string> = { day: "DAILY", week: "WEEKLY", month: "MONTHLY", year: "YEARLY" };
// A part of day after the weekdays ("every tuesday night") says nothing the rule needs.
const WEEKDAY_LIST = `(?:${WEEKDAY_PLURAL_PATTERN}|${WEEKDAY_PATTERN})(?:\\s*(?:,|and|&|\\+|\\/|or)\\s*(?:${WEEKDAY_PLURAL_PATTERN}|${WEEKDAY_PATTERN}))*(?:\\s+(?:morning|afternoon|evening|night)s?)?`;

function weekdayCodes(list: string): string {
  const days = list
    .toLowerCase()
    .split(/[^a-z]+/)
    .map((word) => WEEKDAYS[word] ?? WEEKDAYS[word.replace(/s$/, "")])
    .filter((day): day is number => day !== undefined);
  return [...new Set(days)]
    .sort((a, b) => a - b)
    .map((day) => WEEKDAY_CODES[day - 1])
    .join(",");
}

/** Consumes a series end: "until june 30" → UNTIL, "for 6 weeks" / "5 times" → COUNT. */
function takeEnd(u: Utterance, ctx: WhenContext, freq: string): string {
  let m = u.take(
    new RegExp(
      `\\b(?:until|till|til|through|ending(?:\\s+on)?)\\s+(?<month>${MONTH_PATTERN})\\.?\\s+(?<day>${DAY_OF_MONTH_PATTERN})(?:,?\\s+(?<year>\\d{4}))?\\b`,
    ),
  );
  if (m) {
    const day = parseDayOfMonth(group(m, "day"));
    const month = lookup(MONTHS, group(m, "month"));
    const now = DateTime.fromJSDate(ctx.now, { zone: ctx.timeZone });
    const statedYear = optionalGroup(m, "year");
    let year = statedYear ? Number(statedYear) : now.year;
    if (!statedYear && DateTime.fromObject({ year, month, day }, { zone: ctx.timeZone }) < now.startOf("day")) year += 1;
    if (day) return `;UNTIL=${year}${String(month).padStart(2, "0")}${String(day).padStart(2, "0")}`;
  }
  m = u.take(/\b(?:until|till|through)\s+(\d{4})-(\d{2})-(\d{2})\b/);
  if (m) return `;UNTIL=${m[1]}${m[2]}${m[3]}`;
  m = u.take(new RegExp(`\\b(?:for\\s+)?(?<count>${NUMBER_PATTERN})\\s+times\\b`));
  if (m) return `;COUNT=${parseNumber(group(m, "count"))}`;
  m = u.take(new RegExp(`\\bfor\\s+(?:the\\s+next\\s+)?(?<count>${NUMBER_PATTERN})\\s+(?<unit>days?|weeks?|months?|years?)\\b`));
  if (m && UNIT_FREQ[group(m, "unit").replace(/s$/, "")] === freq) return `;COUNT=${parseNumber(group(m, "count"))}`;
  return "";
}

// Who finished: "it's", "I've", "I", "we", "the last one is", … ; what was done: "it", "them", "the last one".
const DONER =
  "(?:(?:it'?s|it\\s+is|it\\s+was|it\\s+has\\s+been|i'?ve|i\\s+have|i'?m|i\\s+am|i|we'?ve|we|each\\s+one\\s+is|the\\s+last\\s+one\\s+is|the\\s+last\\s+one\\s+was)\\s+)?";
const DONE =
  "(?:done|completed?|finish(?:ed)?|finishing|completing|do|did|doing|do\\s+it|tick(?:ed)?\\s+it\\s+off|check(?:ed)?\\s+it\\s+off|mark(?:ed)?\\s+it\\s+(?:as\\s+)?done)";
const DONE_WHAT = "(?:\\s+(?:with\\s+)?(?:it|them|this|that|the\\s+last\\s+one|each\\s+one))?";
// "every day after I finish work" is a schedule: the thing finished is not the task.
const NOT_OTHER_THING = "(?!\\s+(?:the|my|a|an|our|your|his|her|their|work|school|class|lunch|dinner|breakfast|up|off|reading|eating)\\b)";
/**
 * A completion-mode phrase: the next occurrence counts from when the last one was done.
 * "after it's done", "once I've done it", "when I finish", "after finishing", "since I last did it",
 * "from when I last did it", "after the last one", "after each completion", "from completion".
 */
export const COMPLETION_MODE = [
  `\\b(?:(?:counting|counted)\\s+)?(?:after|once|when|whenever|from\\s+(?:when|the\\s+(?:last\\s+)?time))\\s+${DONER}(?:last\\s+)?${DONE}${DONE_WHAT}\\b${NOT_OTHER_THING}`,
  "\\b(?:since|from\\s+when|from\\s+the\\s+(?:last\\s+)?time)\\s+(?:i|we)\\s+last\\s+(?:did|done|finished|completed)(?:\\s+(?:it|them))?\\b",
  "\\bsince\\s+(?:it\\s+was\\s+)?last\\s+(?:done|completed|finished)\\b",
  "\\bafter\\s+the\\s+(?:last|previous)\\s+one(?:\\s+(?:is|was)\\s+(?:done|completed|finished))?\\b",
  "\\bafter\\s+(?:each\\s+)?completion\\b",
  "\\bfrom\\s+(?:the\\s+)?(?:last\\s+)?completion\\b",
].join("|");

/** Consumes "after it's done" and the like: the next occurrence counts from completion. */
function takeMode(u: Utterance): StatedRecurrence["mode"] {
  const m = u.take(new RegExp(`,?\\s*(?:${COMPLETION_MODE})`));
  return m ? "completion" : undefined;
}

/**
 * Finds and consumes a repeat phrase: "every saturday", "every weekday", "every 2 days", "on the 5th
 * of every month", "every last sunday of the month", "every year on july 1", "daily" — with an end
 * ("until …", "5 times") and the mode ("after it's done"). Returns undefined when nothing repeats.
 */
export function takeRecurrence(u: Utterance, ctx: WhenContext): StatedRecurrence | undefined {
  // "3 days after finishing", "a month after it's done": an interval said only with its mode.
  const interval = u.take(
    new RegExp(`\\b(?:repeat(?:ing)?\\s+)?(?<amount>${NUMBER_PATTERN})\\s+(?<unit>days?|weeks?|months?|years?)\\s*,?\\s+(?=${COMPLETION_MODE})`),
  );
  if (interval) {
    const amount = parseNumber(group(interval, "amount"));
    const freq = lookup(UNIT_FREQ, group(interval, "unit").replace(/s$/, ""));
    if (amount !== undefined && amount >= 1) {
      takeMode(u);
      return { rule: `FREQ=${freq}${amount > 1 ? `;INTERVAL=${amount}` : ""}`, mode: "completion" };
    }
  }
  const mode = takeMode(u);
  const rule = takeRule(u);
  if (!rule) return undefined;
  // Every rule takeRule builds starts with FREQ=.
  const freqMatch = /FREQ=(?<freq>\w+)/.exec(rule);
  if (!freqMatch) throw new Error(`internal: the recurrence grammar built a rule without FREQ: ${rule}`);
  const freq = group(freqMatch, "freq");
  return { rule: rule + takeEnd(u, ctx, freq), mode: mode ?? takeMode(u) };
}

function takeRule(u: Utterance): string | undefined {
  const EVERY = "(?:every|each|once\\s+(?:a|every|each))";
  let m: RegExpExecArray | null;

  // Monthly by weekday: "every last friday (of the month)", "on the first monday of every month".
  m = u.take(
    new RegExp(
      `\\b${EVERY}\\s+(?<ordinal>${ORDINAL_PATTERN})\\s+(?<weekday>${WEEKDAY_PATTERN})s?(?:\\s+(?:of|in)\\s+(?:the|every|each)\\s+month)?\\b`,
    ),
  );
  if (!m)
    m = u.take(
      new RegExp(
        `\\b(?:on\\s+)?the\\s+(?<ordinal>${ORDINAL_PATTERN})\\s+(?<weekday>${WEEKDAY_PATTERN})s?\\s+(?:of|in)\\s+(?:the|every|each)\\s+month\\b`,
      ),
    );
  if (m) return `FREQ=MONTHLY;BYDAY=${ORDINAL_WORDS[group(m, "ordinal").toLowerCase()]}${code(group(m, "weekday"))}`;

  // Monthly by day: "on the 5th of every month", "every month on the 5th", "monthly on the 15th", "the last day of every month".
  m = u.take(new RegExp(`\\b(?:on\\s+)?(?:the\\s+)?(?<day>${DAY_OF_MONTH_PATTERN}|last\\s+day)(?:\\s+day)?\\s+of\\s+(?:every|each|the)\\s+month\\b`));
  if (!m)
    m = u.take(
      new RegExp(
        `\\b(?:(?:${EVERY}\\s+month|monthly)\\s+on\\s+the|${EVERY}\\s+month\\s+the)\\s+(?<day>${DAY_OF_MONTH_PATTERN}|last\\s+day)(?:\\s+day)?(?:\\s+of\\s+the\\s+month)?\\b`,
      ),
    );
  if (!m)
    m = u.take(
      new RegExp(`\\b${EVERY}\\s+(?:the\\s+)?(?<day>${DAY_OF_MONTH_PATTERN}|last\\s+day)(?:\\s+day)?\\s+of\\s+(?:the|each|every)\\s+month\\b`),
    );
  if (!m) m = u.take(new RegExp(`\\b${EVERY}\\s+(?:month\\s+on\\s+)?(?:the\\s+)?(?<day>\\d{1,2}(?:st|nd|rd|th)|last\\s+day)\\b`));
  if (m) {
    const dayText = group(m, "day");
    const day = /last/i.test(dayText) ? -1 : parseDayOfMonth(dayText);
    if (day) return `FREQ=MONTHLY;BYMONTHDAY=${day}`;
  }

  // Yearly on a date: "every year on july 1", "every july 1st", "annually on the 3rd of march".
  m = u.take(new RegExp(`\\b(?:${EVERY}\\s+year|yearly|annually)\\s+on\\s+(?<month>${MONTH_PATTERN})\\.?\\s+(?<day>${DAY_OF_MONTH_PATTERN})\\b`));
  if (!m) m = u.take(new RegExp(`\\b${EVERY}\\s+(?<month>${MONTH_PATTERN})\\.?\\s+(?<day>${DAY_OF_MONTH_PATTERN})\\b`));
  if (!m) m = u.take(new RegExp(`\\bon\\s+(?<month>${MONTH_PATTERN})\\.?\\s+(?<day>${DAY_OF_MONTH_PATTERN})\\s+(?:every|each)\\s+year\\b`));
  if (m) {
    const day = parseDayOfMonth(group(m, "day"));
    if (day) return `FREQ=YEARLY;BYMONTH=${MONTHS[group(m, "month").toLowerCase()]};BYMONTHDAY=${day}`;
  }
  m = u.take(
    new RegExp(
      `\\b(?:(?:${EVERY}\\s+year|yearly|annually)\\s+on\\s+(?:the\\s+)?|${EVERY}\\s+(?:the\\s+)?)(?<day>${DAY_OF_MONTH_PATTERN})\\s+(?:of\\s+)?(?<month>${MONTH_PATTERN})\\b`,
    ),
  );
  if (!m)
    m = u.take(
      new RegExp(`\\bon\\s+(?:the\\s+)?(?<day>${DAY_OF_MONTH_PATTERN})\\s+(?:of\\s+)?(?<month>${MONTH_PATTERN})\\s+(?:every|each)\\s+year\\b`),
    );
  if (m) {
    const day = parseDayOfMonth(group(m, "day"));
    if (day) return `FREQ=YEARLY;BYMONTH=${MONTHS[group(m, "month").toLowerCase()]};BYMONTHDAY=${day}`;
  }

  // Weekdays and weekends.
  if (
    u.take(
      new RegExp(
        `\\b(?:${EVERY}\\s+(?:week\\s*day|work\\s*day|business\\s+day)|(?:on\\s+)?weekdays|(?:on\\s+)?workdays|(?:every|each)\\s+day\\s+of\\s+the\\s+work\\s*week|monday\\s+(?:to|through|thru|-)\\s+friday)\\b`,
      ),
    )
  ) {
    return "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR";
  }
  if (u.take(new RegExp(`\\b(?:${EVERY}\\s+weekend|(?:on\\s+)?weekends)\\b`))) return "FREQ=WEEKLY;BYDAY=SA,SU";

  // "every N weeks on monday", "every other tuesday", "every monday and thursday", "on mondays".
  m = u.take(new RegExp(`\\b${EVERY}\\s+(?<every>other|second|${NUMBER_PATTERN})\\s+weeks?\\s+on\\s+(?<days>${WEEKDAY_LIST})\\b`));
  if (m) {
    const every = group(m, "every");
    const interval = /other|second/i.test(every) ? 2 : (parseNumber(every) ?? 1);
    return `FREQ=WEEKLY${interval > 1 ? `;INTERVAL=${interval}` : ""};BYDAY=${weekdayCodes(group(m, "days"))}`;
  }
  m = u.take(new RegExp(`\\b(?:${EVERY}\\s+week\\s+on|weekly\\s+on)\\s+(?<days>${WEEKDAY_LIST})\\b`));
  if (m) return `FREQ=WEEKLY;BYDAY=${weekdayCodes(group(m, "days"))}`;
  m = u.take(new RegExp(`\\b${EVERY}\\s+(?<other>other\\s+|second\\s+)?(?<days>${WEEKDAY_LIST})\\b`));
  if (m) return `FREQ=WEEKLY${optionalGroup(m, "other") ? ";INTERVAL=2" : ""};BYDAY=${weekdayCodes(group(m, "days"))}`;
  m = u.take(
    new RegExp(
      `\\b(?:on\\s+)?(?<days>(?:${WEEKDAY_PLURAL_PATTERN})(?:\\s*(?:,|and|&|\\+|\\/)\\s*(?:${WEEKDAY_PLURAL_PATTERN}|${WEEKDAY_PATTERN}))*)\\b`,
    ),
  );
  if (m) return `FREQ=WEEKLY;BYDAY=${weekdayCodes(group(m, "days"))}`;

  // Plain intervals: "every 2 days", "every other week", "every day", "every morning".
  m = u.take(new RegExp(`\\b${EVERY}\\s+(?<every>other|second|third|${NUMBER_PATTERN})\\s+(?<unit>days?|weeks?|months?|years?)\\b`));
  if (m) {
    const word = group(m, "every").toLowerCase();
    const interval = word === "other" || word === "second" ? 2 : word === "third" ? 3 : parseNumber(word);
    const freq = lookup(UNIT_FREQ, group(m, "unit").replace(/s$/, ""));
    if (interval && interval >= 1) return `FREQ=${freq}${interval > 1 ? `;INTERVAL=${interval}` : ""}`;
  }
  m = u.take(
    new RegExp(
      `\\b(?:${EVERY}\\s+(?<unit>day|week|month|year|morning|evening|night|afternoon)|(?<adverb>daily|nightly|weekly|monthly|yearly|annually|biweekly|fortnightly|bi-weekly))\\b`,
    ),
  );
  if (m) {
    // One of the two alternatives matched, so one of the two groups is filled.
    const word = (optionalGroup(m, "unit") ?? group(m, "adverb")).toLowerCase();
    if (word === "biweekly" || word === "fortnightly" || word === "bi-weekly") return "FREQ=WEEKLY;INTERVAL=2";
    const freq: Record<string, string> = {
      day: "DAILY",
      morning: "DAILY",
      evening: "DAILY",
      night: "DAILY",
      afternoon: "DAILY",
      daily: "DAILY",
      nightly: "DAILY",
      week: "WEEKLY",
      weekly: "WEEKLY",
      month: "MONTHLY",
      monthly: "MONTHLY",
      year: "YEARLY",
      yearly: "YEARLY",
      annually: "YEARLY",
    };
    return `FREQ=${freq[word]}`;
  }
  return undefined;
}

import type { Priority } from "../tasks/task-model.ts";
import { MONTH_PATTERN, NUMBER_PATTERN, parseNumber, WEEKDAY_PATTERN, WEEKDAY_PLURAL_PATTERN } from "./lexicon.ts";
import { group } from "./match.ts";
import type { Utterance } from "./utterance.ts";

const PRIORITY_WORDS: Array<[RegExp, Priority]> = [
  [
    /(?:,\s*)?\b(?:(?:with|at|as|set\s+to|make\s+it)\s+)?(?:a\s+)?(?:priority\s*(?:of\s+|:\s*|=\s*)?(?:p1|urgent|critical)|(?:p1|urgent|critical|top)\s+priority)\b/,
    "urgent",
  ],
  [
    /(?:,\s*)?\b(?:(?:with|at|as|set\s+to)\s+)?(?:a\s+)?(?:priority\s*(?:of\s+|:\s*|=\s*)?(?:p2|high)|(?:p2|high|higher)[\s-]+priority|hi[\s-]+pri|high[\s-]+pri)\b/,
    "high",
  ],
  [
    /(?:,\s*)?\b(?:(?:with|at|as|set\s+to)\s+)?(?:a\s+)?(?:priority\s*(?:of\s+|:\s*|=\s*)?(?:p3|medium|normal)|(?:p3|medium|normal|mid|med)[\s-]+priority)\b/,
    "medium",
  ],
  [
    /(?:,\s*)?\b(?:(?:with|at|as|set\s+to)\s+)?(?:a\s+)?(?:priority\s*(?:of\s+|:\s*|=\s*)?(?:p4|low)|(?:p4|low|lower)[\s-]+priority|low[\s-]+pri)\b/,
    "low",
  ],
  [/(?:^|\s)!(?:urgent|critical|p1)\b|(?:^|\s)!!!(?=\s|$)/, "urgent"],
  [/(?:^|\s)!(?:high|important|p2)\b|(?:^|\s)!!(?=\s|$)/, "high"],
  [/(?:^|\s)!(?:medium|normal|p3)\b/, "medium"],
  [/(?:^|\s)!(?:low|p4)\b/, "low"],
  [/(?:,\s*)?\b(?:it'?s\s+)?(?:p1|urgent(?:ly)?|asap|a\.s\.a\.p\.?|critical|immediately)\b/, "urgent"],
  [/(?:,\s*)?\b(?:p2|(?:it'?s\s+|very\s+)?important)\b/, "high"],
  [/\bp3\b/, "medium"],
  [/\b(?:p4|whenever|someday|no\s+rush|not\s+urgent|low[\s-]+key)\b/, "low"],
];

/** Consumes a stated priority: "high priority", "asap", "p2", "!high", "important". */
export function takePriority(u: Utterance): Priority | undefined {
  for (const [pattern, priority] of PRIORITY_WORDS) {
    if (u.take(pattern)) return priority;
  }
  return undefined;
}

const TAG = "#?[\\p{L}\\p{N}][\\p{L}\\p{N}_\\-/.]*";
/**
 * A word after "tagged work," or "tagged work and" that starts another phrase rather than another
 * tag: "tagged work, tomorrow at 5", "label finance and by friday", "tagged errands, high priority".
 */
export const NEXT_TAG = `(?!(?:${[
  "due|by|on|in|at|before|until|till|til|for|from|starting|within|no|this|next|coming|the|every|each|once",
  "tomorrow|tmrw|tmr|tomorow|tommorow|today|tonight|tonite|noon|midnight|eod|end",
  "daily|nightly|weekly|monthly|yearly|annually|biweekly|fortnightly|weekdays|weekends",
  "high|higher|low|lower|medium|normal|urgent|urgently|critical|important|asap|whenever|someday|p[1-4]|priority|top",
  "remind|ping|alert|notify|reminder|with|and|repeat|repeating",
  WEEKDAY_PLURAL_PATTERN,
  WEEKDAY_PATTERN,
  MONTH_PATTERN,
].join("|")})\\b)(?!\\d)`;

/** Consumes tags: "#work", "tagged work and home", "tag: errands", "label it finance", "with tags a, b". */
export function takeTags(u: Utterance): string[] {
  const tags: string[] = [];
  const add = (text: string) => {
    for (const raw of text.split(/\s*(?:,|\band\b|&|\s)\s*/u)) {
      const tag = raw
        .replace(/^#/, "")
        .replace(/[.,;:!?]+$/, "")
        .toLowerCase();
      if (tag && !tags.includes(tag)) tags.push(tag);
    }
  };
  let m: RegExpExecArray | null;
  const listed = new RegExp(
    `(?:,\\s*)?\\b(?:tagged(?:\\s+(?:as|with))?|tags?(?:\\s+(?:it|this))?(?:\\s+(?:as|with))?\\s*:?|labell?ed(?:\\s+(?:as|with))?|labels?(?:\\s+(?:it|this))?(?:\\s+as)?\\s*:?|with\\s+(?:the\\s+)?(?:tags?|labels?)|under)\\s+(?<tags>${TAG}(?:\\s*(?:,|and|&)\\s*${NEXT_TAG}${TAG})*)`,
    "iu",
  );
  while ((m = u.take(listed))) add(group(m, "tags"));
  const hashtag = /(?:^|\s)#(?<tag>[\p{L}\p{N}][\p{L}\p{N}_\-/]*)/u;
  while ((m = u.take(hashtag))) add(group(m, "tag"));
  return tags;
}

const UNIT_MINUTES: Record<string, number> = {
  m: 1,
  min: 1,
  mins: 1,
  minute: 1,
  minutes: 1,
  h: 60,
  hr: 60,
  hrs: 60,
  hour: 60,
  hours: 60,
  day: 1440,
  days: 1440,
  week: 10080,
  weeks: 10080,
};

/**
 * Consumes a reminder offset: "remind me 2 hours before", "with a 15 minute reminder",
 * "30 min before", "a day early". Returns minutes before the due moment.
 */
export function takeReminder(u: Utterance): number | undefined {
  const amount = `(?<amount>${NUMBER_PATTERN}|half\\s+an?)[\\s-]*(?<unit>minutes?|mins?|m|hours?|hrs?|h|days?|weeks?)`;
  let m = u.take(
    new RegExp(
      `(?:,\\s*|\\s+and\\s+|;\\s*)?\\b(?:(?:and\\s+)?(?:remind|ping|alert|notify|warn)\\s+me\\s+(?:about\\s+it\\s+|of\\s+it\\s+)?|(?:with\\s+)?(?:a\\s+)?reminder\\s+|set\\s+(?:a\\s+)?reminder\\s+)?${amount}\\s+(?:before(?:hand)?|early|earlier|ahead|prior|in\\s+advance)(?:\\s+(?:it'?s\\s+due|the\\s+deadline|it\\s+starts))?\\b`,
    ),
  );
  if (!m) m = u.take(new RegExp(`(?:,\\s*)?\\b(?:with\\s+)?an?\\s+${amount}\\s+(?:reminder|heads[\\s-]+up|warning|notice)\\b`));
  if (!m) return undefined;
  const amountText = group(m, "amount");
  const count = /^half/i.test(amountText) ? 0.5 : parseNumber(amountText);
  const unit = UNIT_MINUTES[group(m, "unit").toLowerCase()] ?? 1;
  return count === undefined ? undefined : Math.round(count * unit);
}

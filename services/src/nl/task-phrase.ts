import { DateTime } from "luxon";
import { formatInstant, isoDateOf } from "../time/zone.ts";
import { firstOccurrence } from "../time/occurrences.ts";
import type { SaidFields } from "./intent.ts";
import { takePriority, takeReminder, takeTags } from "./fields.ts";
import { takeRecurrence } from "./recurrence.ts";
import { Utterance } from "./utterance.ts";
import { PART_OF_DAY_TIME, resolveWhen, takeWhen, type WhenContext } from "./when.ts";

const partName = (m: RegExpExecArray) => (m[1] ?? "night").toLowerCase() as keyof typeof PART_OF_DAY_TIME;

/** The task fields said in a phrase, and the words left for a title. */
export type TaskPhrase = SaidFields & {
  rest: string;
};

/**
 * Takes every task field out of a phrase — tags, priority, reminder, repeat, due moment — and
 * returns them with what is left. A repeating task's due moment is its first occurrence after now
 * (an all-day one may start today).
 */
export function takeTaskFields(text: string, ctx: WhenContext, options: { reminderByDefault?: boolean; dueFromRepeat?: boolean } = {}): TaskPhrase {
  const u = new Utterance(text);
  const out: TaskPhrase = { rest: "" };
  const tags = takeTags(u);
  if (tags.length) out.tags = tags;
  const priority = takePriority(u);
  if (priority) out.priority = priority;
  // "remind me 1 day before and 1 hour before": each offset said, up to five.
  const offsets: number[] = [];
  for (let next = takeReminder(u); next !== undefined && offsets.length < 5; next = takeReminder(u)) offsets.push(next);
  if (u.take(/(?:,\s*|\s+and\s+)?\b(?:and\s+)?(?:remind|ping|alert|notify)\s+me\s+(?:at\s+(?:the\s+)?due\s+time|when\s+it'?s\s+due|on\s+time)\b/))
    offsets.push(0);
  let reminder = offsets[0];
  if (u.take(/(?:,\s*|\s+and\s+)?\b(?:and\s+)?(?:remind|ping|alert|notify)\s+me(?:\s+(?:about\s+it|then|of\s+it|too|as\s+well))?\s*$/))
    reminder ??= 0;
  if (reminder === undefined && options.reminderByDefault) reminder = 0;
  if (offsets.length > 1) out.reminders = [...new Set(offsets)].map((minutesBefore) => ({ minutesBefore }));
  else if (reminder !== undefined) out.reminderMinutesBefore = reminder;
  // "every morning at 6" is 06:00: the part of day said with the repeat reads the bare hour.
  // "every tuesday evening" is due at 19:00 each time (PART_OF_DAY_TIME) unless a time is said.
  const partOfDay = /\b(?:every|each|on)\s+(?:[a-z]+(?:\s*(?:,|and|&)\s*[a-z]+)*\s+)?(morning|afternoon|evening|night)s?\b|\bnightly\b/i.exec(
    u.remainingRaw,
  );
  const recurrence = takeRecurrence(u, ctx);
  const times = recurrence && /^FREQ=(?:DAILY|WEEKLY)\b/.test(recurrence.rule) ? takeTimesOfDay(u) : undefined;
  const when = takeWhen(u, ctx, partOfDay ? partName(partOfDay) : undefined);
  if (recurrence) {
    out.recurrence = times ? `${recurrence.rule};BYHOUR=${times.map((t) => t.hour).join(",")};BYMINUTE=${times[0]?.minute ?? 0}` : recurrence.rule;
    if (recurrence.mode === "completion") out.recurrenceMode = "completion";
  }
  if (recurrence && times) {
    // Several times a day: due at whichever of them comes first after now.
    const firsts = times
      .map((time) => firstOccurrence(recurrence.rule, { timeZone: ctx.timeZone, now: ctx.now, time, startDate: when?.date })?.dueAt)
      .filter((at): at is Date => at instanceof Date)
      .sort((a, b) => a.getTime() - b.getTime());
    if (firsts[0]) out.dueAt = formatInstant(firsts[0], ctx.timeZone);
    out.rest = u.remaining;
    return out;
  }
  // A new repeating task is due at its first occurrence; a repeat added to an existing task only
  // moves it when a day or time was said too.
  if (recurrence && (options.dueFromRepeat !== false || when)) {
    // A series keeps its clock in the user's zone: "every day at 9am UTC" is read as the user's
    // wall time at that moment on the first day (it stays that wall time across their DST changes).
    const start = when?.time?.zone ? resolveWhen(when, ctx).dueAt : undefined;
    const local = start ? DateTime.fromJSDate(start, { zone: ctx.timeZone }) : undefined;
    const first = firstOccurrence(recurrence.rule, {
      timeZone: ctx.timeZone,
      now: ctx.now,
      time: local ? { hour: local.hour, minute: local.minute } : (when?.time ?? (partOfDay ? PART_OF_DAY_TIME[partName(partOfDay)] : undefined)),
      startDate: local && when?.date ? isoDateOf(local) : when?.date,
    });
    if (first?.dueAt) out.dueAt = formatInstant(first.dueAt, ctx.timeZone);
    else if (first?.dueDate) out.dueDate = first.dueDate;
  } else if (when) {
    const resolved = resolveWhen(when, ctx);
    if (resolved.dueAt) out.dueAt = formatInstant(resolved.dueAt, ctx.timeZone);
    if (resolved.dueDate) out.dueDate = resolved.dueDate;
  }
  out.rest = u.remaining;
  return out;
}

const LEAD_INS = new RegExp(
  [
    "^(?:(?:hey|ok|okay|so|um|uh)[,\\s]+)?(?:please\\s+|pls\\s+|kindly\\s+)?(?:(?:can|could|would|will)\\s+you\\s+(?:please\\s+)?)?",
    "(?:",
    // "add a task to …", "create a new todo: …", "add …"
    "(?:add|create|make|put|set\\s+up|save|log)\\s+(?:a\\s+|an\\s+|the\\s+)?(?:new\\s+)?(?:task|todo|to-do|item|reminder|entry|note)\\s*(?:(?:on|to)\\s+(?:my\\s+)?(?:list|tasks|todo(?:\\s+list)?)\\s*)?(?:to|for|:|-|that\\s+says|called|named)?\\s*",
    "|add\\s+(?:to\\s+(?:my\\s+)?(?:list|tasks|todo(?:\\s+list)?)\\s*:?\\s*)?",
    "|(?:new\\s+)?(?:task|todo|to-do)\\s*[:-]\\s*",
    // "I need to …", "don't forget to …"
    "|(?:i\\s+(?:need|have|got|want|must|should|ought)(?:\\s+to)?|i'?ve\\s+got\\s+to|gotta|need\\s+to|have\\s+to|must|don'?t\\s+(?:let\\s+me\\s+)?forget\\s+(?:to\\s+)?|remember\\s+to|make\\s+sure\\s+(?:i|to)\\s+|note\\s+to\\s+self\\s*:?\\s*(?:to\\s+)?)\\s*",
    ")",
  ].join(""),
  "i",
);

/** Words that can't end a title: prepositions and glue left behind by taken phrases. */
const TRAILING_GLUE =
  /(?:\s+|^)(?:on|at|by|for|to|and|due|from|starting|in|the|every|each|with|of|before|after|until|then|also|please|pls|remind\s+me|,|;|-|:|&)\s*$/i;
const LEADING_GLUE = /^\s*(?:to|and|then|also|,|;|:|-)\s+/i;

const CLOCK = "(?:[01]?\\d|2[0-3])(?::[0-5]\\d)?\\s*(?:a\\.m\\.|p\\.m\\.|am|pm)|(?:[01]?\\d|2[0-3]):[0-5]\\d";

/**
 * Consumes several times of day said with a repeat ("at 8am and 8pm", "at 9am, 1pm and 5pm"):
 * an RRULE takes them as BYHOUR with one BYMINUTE, so they must share their minutes (else nothing
 * is taken, and the first time is read as usual). Sorted by hour; undefined when fewer than two.
 */
function takeTimesOfDay(u: Utterance): Array<{ hour: number; minute: number }> | undefined {
  const list = new RegExp(`\\b(?:at\\s+)?(?:${CLOCK})(?:\\s*(?:,|and|&|,\\s*and)\\s*(?:at\\s+)?(?:${CLOCK}))+(?![\\w:])`, "i");
  const m = list.exec(u.remainingRaw);
  if (!m) return undefined;
  const times = [...m[0].matchAll(new RegExp(`(?<hour>\\d{1,2})(?::(?<minute>\\d{2}))?\\s*(?<meridiem>a\\.m\\.|p\\.m\\.|am|pm)?`, "gi"))]
    .map((t) => {
      let hour = Number(t.groups?.hour);
      const meridiem = t.groups?.meridiem?.toLowerCase().replace(/\./g, "");
      if (meridiem === "pm" && hour < 12) hour += 12;
      if (meridiem === "am" && hour === 12) hour = 0;
      return { hour, minute: Number(t.groups?.minute ?? 0) };
    })
    .filter((t) => t.hour <= 23);
  const hours = [...new Set(times.map((t) => t.hour))].sort((a, b) => a - b);
  if (hours.length < 2 || times.some((t) => t.minute !== times[0]?.minute)) return undefined;
  u.consume(m.index, m[0].length);
  return hours.map((hour) => ({ hour, minute: times[0]?.minute ?? 0 }));
}

/** Tidies what is left of a phrase into a title. */
export function cleanTitle(rest: string): string {
  let title = rest
    .replace(/\s+([,;:.!?])/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
  for (let i = 0; i < 6; i++) {
    const before = title;
    title = title.replace(/[.!?,;:]+$/, "").trim();
    title = title.replace(TRAILING_GLUE, "").trim();
    title = title.replace(LEADING_GLUE, "").trim();
    if (title === before) break;
  }
  // Quotes around the whole title, or around a word, are punctuation, not content.
  title = title.replace(/^["'“‘](.*)["'”’]$/, "$1").replace(/(^|\s)["“‘']([^"”’']+)["”’'](?=\s|$)/g, "$1$2");
  return title.trim();
}

/** Strips the command words that introduce a new task ("remind me to", "add a task to", "I need to"). */
export function stripLeadIn(text: string): { text: string; remindMe: boolean } {
  const remind =
    /^(?:(?:please|hey|ok|okay)[,\s]+)?(?:(?:can|could|would)\s+you\s+)?(?:remind|ping|alert|nudge)\s+me\s+(?:to\s+|about\s+|that\s+i\s+(?:need|have)\s+to\s+|that\s+|of\s+)?/i.exec(
      text,
    );
  if (remind) return { text: text.slice(remind[0].length), remindMe: true };
  const lead = LEAD_INS.exec(text);
  return { text: lead ? text.slice(lead[0].length) : text, remindMe: false };
}

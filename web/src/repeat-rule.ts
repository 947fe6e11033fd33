// The custom-repeat editor's settings and the RFC 5545 RRULE they stand for, both ways. Only what the
// editor can show is read back (FREQ, INTERVAL, BYDAY of plain weekdays, COUNT, UNTIL as a date); any
// other rule is kept as it is and described in words by the shared formatter.

export const FREQUENCIES = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export type RepeatEnd = { kind: "never" } | { kind: "on"; date: string } | { kind: "after"; count: number };

/** A repeat the editor can show: every `interval` `freq` units, on `days` (weekly), ending as `end`. */
export interface RepeatSettings {
  freq: Frequency;
  interval: number;
  days: Weekday[];
  end: RepeatEnd;
}

/** The settings of `rule`, or null when it uses parts the editor cannot show (then it is kept as is). */
export function readRule(rule: string): RepeatSettings | null {
  const parts = new Map(rule.split(";").map((part) => [part.split("=")[0] ?? "", part.split("=")[1] ?? ""] as const));
  const freq = parts.get("FREQ");
  if (!freq || !(FREQUENCIES as readonly string[]).includes(freq)) return null;
  for (const key of parts.keys()) if (!["FREQ", "INTERVAL", "BYDAY", "COUNT", "UNTIL", "WKST"].includes(key)) return null;
  const interval = Number(parts.get("INTERVAL") ?? "1");
  const days = parts.get("BYDAY")?.split(",") ?? [];
  if (days.some((d) => !(WEEKDAYS as readonly string[]).includes(d)) || (days.length > 0 && freq !== "WEEKLY")) return null;
  if (!Number.isInteger(interval) || interval < 1) return null;
  const until = parts.get("UNTIL");
  const count = parts.get("COUNT");
  const end: RepeatEnd = until
    ? { kind: "on", date: `${until.slice(0, 4)}-${until.slice(4, 6)}-${until.slice(6, 8)}` }
    : count
      ? { kind: "after", count: Number(count) }
      : { kind: "never" };
  return { freq: freq as Frequency, interval, days: days as Weekday[], end };
}

/** The RRULE body for `settings`, e.g. "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR;COUNT=10". */
export function writeRule(settings: RepeatSettings): string {
  const parts = [`FREQ=${settings.freq}`];
  if (settings.interval > 1) parts.push(`INTERVAL=${settings.interval}`);
  if (settings.freq === "WEEKLY" && settings.days.length > 0) parts.push(`BYDAY=${WEEKDAYS.filter((d) => settings.days.includes(d)).join(",")}`);
  if (settings.end.kind === "on") parts.push(`UNTIL=${settings.end.date.replaceAll("-", "")}`);
  if (settings.end.kind === "after") parts.push(`COUNT=${settings.end.count}`);
  return parts.join(";");
}

/** The weekday of a calendar date "YYYY-MM-DD" (a floating date: read in UTC, no zone involved). */
export function weekdayOf(date: string): Weekday {
  const index = (new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7;
  return WEEKDAYS[index] ?? "MO";
}

/** Problems with `settings` in words, by field ("interval", "days", "end"); empty when it is fine. */
export function repeatProblems(settings: RepeatSettings, dueDate: string): Partial<Record<"interval" | "end", string>> {
  const problems: Partial<Record<"interval" | "end", string>> = {};
  if (!Number.isInteger(settings.interval) || settings.interval < 1 || settings.interval > 1000) problems.interval = "Repeat every 1 to 1000";
  if (settings.end.kind === "after" && (!Number.isInteger(settings.end.count) || settings.end.count < 1 || settings.end.count > 1000))
    problems.end = "End after 1 to 1000 times";
  if (settings.end.kind === "on" && !settings.end.date) problems.end = "Pick the last date, or choose another ending";
  if (settings.end.kind === "on" && settings.end.date && dueDate && settings.end.date < dueDate)
    problems.end = "The last date must be on or after the due date";
  return problems;
}

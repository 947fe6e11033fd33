import { DateTime, type DateTimeMaybeValid } from "luxon";
import type { Priority } from "../tasks/task-model.ts";
import { NEXT_TAG } from "./fields.ts";
import type { ListFilter, ListTasksIntent } from "./intent.ts";
import { MONTH_PATTERN, WEEKDAY_PATTERN } from "./lexicon.ts";
import { group, lookup, optionalGroup } from "./match.ts";
import { Utterance } from "./utterance.ts";
import { OUT_OF_RANGE_DATE, takeWhen, type WhenContext } from "./when.ts";

const PRIORITY_OF: Record<string, Priority> = {
  urgent: "urgent",
  critical: "urgent",
  p1: "urgent",
  asap: "urgent",
  high: "high",
  important: "high",
  p2: "high",
  medium: "medium",
  normal: "medium",
  p3: "medium",
  low: "low",
  p4: "low",
};

function takeSort(u: Utterance): ListTasksIntent["sort"] {
  const m = u.take(
    /,?\s*\b(?:(?:sorted|sort(?:ed)?|ordered|order(?:ed)?|arranged|ranked|grouped)\s+(?:them\s+)?by|by)\s+(?<by>priority|importance|urgency|due\s*date|due|deadline|date|time|title|name|alphabet(?:ical(?:ly)?)?|creation(?:\s+date)?|created(?:\s+date)?|date\s+(?:added|created)|newest|oldest|most\s+recent|recent)(?:\s+(?<direction>ascending|asc|descending|desc|first|last))?\b/,
  );
  const direction = (word: string | undefined, fallback: "asc" | "desc") =>
    word ? (/^(asc|ascending)/i.test(word) ? "asc" : /^(desc|descending)/i.test(word) ? "desc" : fallback) : fallback;
  if (m) {
    const by = group(m, "by").toLowerCase();
    const stated = optionalGroup(m, "direction");
    if (/priority|importance|urgency/.test(by)) return { by: "priority", order: direction(stated, "desc") };
    if (/title|name|alphabet/.test(by)) return { by: "title", order: direction(stated, "asc") };
    if (/newest|recent/.test(by)) return { by: "createdAt", order: "desc" };
    if (/oldest/.test(by)) return { by: "createdAt", order: "asc" };
    if (/creat|added/.test(by)) return { by: "createdAt", order: direction(stated, "desc") };
    return { by: "dueAt", order: direction(stated, "asc") };
  }
  if (u.take(/,?\s*\b(?:newest|latest|most\s+recent(?:ly\s+(?:added|created))?)\s+(?:ones\s+)?first\b/)) return { by: "createdAt", order: "desc" };
  if (u.take(/,?\s*\boldest\s+(?:ones\s+)?first\b/)) return { by: "createdAt", order: "asc" };
  if (u.take(/,?\s*\b(?:alphabetically|a\s*(?:-|to)\s*z)\b/)) return { by: "title", order: "asc" };
  if (u.take(/,?\s*\b(?:most\s+(?:urgent|important)|highest\s+priority)\s+(?:ones\s+)?first\b/)) return { by: "priority", order: "desc" };
  if (u.take(/,?\s*\b(?:least\s+(?:urgent|important)|lowest\s+priority)\s+(?:ones\s+)?first\b/)) return { by: "priority", order: "asc" };
  if (u.take(/,?\s*\b(?:soonest|earliest|nearest)\s+(?:due\s+)?(?:ones\s+)?first\b/)) return { by: "dueAt", order: "asc" };
  if (u.take(/,?\s*\b(?:latest|furthest)\s+due\s+(?:ones\s+)?first\b/)) return { by: "dueAt", order: "desc" };
  return undefined;
}

function takeDueRange(u: Utterance, ctx: WhenContext): Pick<ListFilter, "dueFrom" | "dueTo"> | undefined {
  const today = DateTime.fromJSDate(ctx.now, { zone: ctx.timeZone }).startOf("day");
  // A moment past luxon's range ("due in 99999999999 hours") has no calendar date: give the date
  // that callers refuse as out of range, as takeWhen does for "in 99999999999 days".
  const iso = (d: DateTimeMaybeValid) => (d.isValid ? d.toISODate() : OUT_OF_RANGE_DATE);
  let m = u.take(
    /\b(?:(?:due|scheduled|planned)\s+)?(?:for\s+|during\s+|in\s+|over\s+)?(?<which>this|next|the\s+coming|the\s+rest\s+of\s+(?:the|this))\s+(?<unit>week|weekend|month)\b/,
  );
  if (m) {
    const which = group(m, "which").toLowerCase();
    const unit = group(m, "unit").toLowerCase();
    const next = which === "next" || which === "the coming";
    if (unit === "weekend") {
      const saturday = today.startOf("week").plus({ days: 5, weeks: next ? 1 : 0 });
      return { dueFrom: iso(saturday < today ? today : saturday), dueTo: iso(saturday.plus({ days: 1 })) };
    }
    const u2 = unit as "week" | "month";
    if (next) {
      const start = today.startOf(u2).plus({ [`${u2}s`]: 1 });
      return { dueFrom: iso(start), dueTo: iso(start.endOf(u2)) };
    }
    return { dueFrom: iso(today), dueTo: iso(today.endOf(u2)) };
  }
  m = u.take(/\b(?:(?:due|scheduled)\s+)?(?:in|within|over)\s+the\s+next\s+(?<count>\d+|two|three|four|five|six|seven|ten|fourteen|thirty)\s+days\b/);
  if (m) {
    const words: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, ten: 10, fourteen: 14, thirty: 30 };
    const count = group(m, "count");
    const n = /^\d+$/.test(count) ? Number(count) : lookup(words, count);
    return { dueFrom: iso(today), dueTo: iso(today.plus({ days: n })) };
  }
  m = u.take(
    new RegExp(
      `\\b(?:due\\s+)?(before|by|until|no\\s+later\\s+than|after|from|since)\\s+(?=(?:tomorrow|today|next|this|the|${WEEKDAY_PATTERN}|${MONTH_PATTERN}|\\d))`,
    ),
  );
  const bound = m?.[1]?.toLowerCase();
  const when = takeWhen(u, ctx);
  if (!when) return undefined;
  const date = when.date ?? (when.instant ? iso(DateTime.fromJSDate(when.instant, { zone: ctx.timeZone })) : iso(today));
  if (bound === "before") return { dueTo: iso(DateTime.fromISO(date, { zone: "UTC" }).minus({ days: 1 })) };
  if (bound === "by" || bound === "until" || bound?.startsWith("no")) return { dueTo: date };
  if (bound === "after") return { dueFrom: iso(DateTime.fromISO(date, { zone: "UTC" }).plus({ days: 1 })) };
  if (bound === "from" || bound === "since") return { dueFrom: date };
  return { dueFrom: date, dueTo: date };
}

/** Reads a list request ("what's overdue", "show tasks tagged work sorted by priority") into a filter and sort. */
export function parseListQuery(text: string, ctx: WhenContext): Pick<ListTasksIntent, "filter" | "sort"> {
  const u = new Utterance(text);
  const filter: ListFilter = {};
  const sort = takeSort(u);

  const tags: string[] = [];
  let m: RegExpExecArray | null;
  while (
    (m = u.take(
      new RegExp(
        `\\b(?:tagged|labell?ed|with\\s+(?:the\\s+)?(?:tag|label)s?|under)\\s+#?(?<first>[\\p{L}\\p{N}][\\p{L}\\p{N}_\\-/]*)(?:\\s*(?:,|and|&)\\s*${NEXT_TAG}#?(?<second>[\\p{L}\\p{N}][\\p{L}\\p{N}_\\-/]*))?`,
        "u",
      ),
    ))
  ) {
    tags.push(group(m, "first").toLowerCase());
    const second = optionalGroup(m, "second");
    if (second) tags.push(second.toLowerCase());
  }
  while ((m = u.take(/(?:^|\s)#(?<tag>[\p{L}\p{N}][\p{L}\p{N}_\-/]*)/u))) tags.push(group(m, "tag").toLowerCase());
  if (tags.length) filter.tags = [...new Set(tags)];

  m = u.take(
    /\b(?:about|mentioning|that\s+mention(?:s)?|containing|that\s+contain(?:s)?|with\s+the\s+words?|matching|regarding|related\s+to|concerning|involving|with\s+(.+?)\s+in\s+(?:the\s+)?(?:title|name|description))\s+(?:the\s+)?["“']?([^"”']+?)["”']?\s*[?.!]*$/,
  );
  if (!m) m = u.take(/^\s*(?:search|look|find|look\s+up)\s+(?:for\s+|my\s+tasks\s+for\s+|tasks\s+for\s+)(?:the\s+)?["“']?([^"”']+?)["”']?\s*[?.!]*$/);
  if (!m) m = u.take(/^\s*(?:search|find|look\s+up)\s+(?:the\s+|my\s+)?(?!(?:all|my|the)\b)(.+?)\s+(?:tasks?|todos?|items?)\s*[?.!]*$/);
  if (!m) m = u.take(/^\s*search\s+(?!for\b)(?:the\s+)?["“']?([^"”']+?)["”']?\s*[?.!]*$/);
  if (m) {
    const words = (m[2] ?? m[1] ?? "").trim();
    if (words) filter.search = words;
  }

  if (u.take(/\b(?:overdue|past\s+due|late|missed|behind(?:\s+on)?)\b/)) filter.overdue = true;
  if (u.take(/\b(?:recurring|repeating|repeated|recurrent|regular|repeats?|recur)\b/)) filter.recurring = true;
  if (u.take(/\ball\s+(?:of\s+)?(?:my\s+)?(?:tasks|todos|to-dos|items)\b|\bincluding\s+(?:the\s+)?(?:done|completed|finished)(?:\s+ones)?\b/))
    filter.status = "all";
  // "everything" alone asks for all tasks; "everything due tomorrow" only widens the words.
  const everything = !!u.take(/\beverything\b/);
  if (u.take(/\b(?:done|completed?|finished|closed|checked\s+off|ticked\s+off|archived)\b/)) filter.status = filter.status === "all" ? "all" : "done";
  else if (
    u.take(/\b(?:open|pending|incomplete|unfinished|remaining|outstanding|active|unchecked|not\s+done|left\s+to\s+do|to\s+do|todo)\b/) &&
    !filter.status
  )
    filter.status = "open";

  const priorities: Priority[] = [];
  while ((m = u.take(/\b(?<priority>urgent|critical|asap|high|important|medium|normal|low|p[1-4])\b(?:[\s-]+priority)?/))) {
    const priority = PRIORITY_OF[group(m, "priority").toLowerCase()];
    if (priority && !priorities.includes(priority)) priorities.push(priority);
  }
  if (priorities.length) filter.priority = priorities;

  const range = takeDueRange(u, ctx);
  if (range) Object.assign(filter, range);
  if (everything && Object.keys(filter).length === 0) filter.status = "all";

  // What is left right before "tasks" names a tag: "show work tasks", "list overdue home todos".
  m = u.take(
    /(?<!['’])\b(?!(?:my|the|all|any|your|these|those|of|for|some|which|what|show|list|me|get|see|view|find|search|look|filter|display|give|are|is|do|i|have|due|to|many|much|there|with|and|or|open|new|other|our|their|his|her)\b)(?<tag>[\p{L}][\p{L}\p{N}_-]+)\s+(?:tasks|todos|to-dos|items)\b/u,
  );
  if (m) filter.tags = [...new Set([...(filter.tags ?? []), group(m, "tag").toLowerCase()])];
  return { filter, ...(sort ? { sort } : {}) };
}

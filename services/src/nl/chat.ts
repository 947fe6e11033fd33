import { DateTime } from "luxon";
import type { AddTaskIntent, ListFilter, ParsedIntent, SaidFields } from "./intent.ts";
import { parseListQuery } from "./list-query.ts";
import { parse, parseAdd, tidyTarget, type ParseContext } from "./parse.ts";
import { stripLeadIn, takeTaskFields } from "./task-phrase.ts";
import { canBeBaseVerb, editDistance, isKnownWord, pastTenseLemma, tagsOf } from "./words.ts";

/** What one chat message asks for, on top of the single-utterance intents of {@link parse}. */
export type ChatIntent =
  | Exclude<ParsedIntent, { intent: "complete_task" }>
  /** `pastTense`: read from "I called mom"; it is a request only when it matches an open task. */
  | { intent: "complete_task"; target: string; pastTense?: boolean }
  /** "undo", "undo that", "never mind": reverse the bot's last action in this conversation. */
  | { intent: "undo" }
  | { intent: "reopen_task"; target: string }
  /** "add a note to X: text" → append `note` to X's description. */
  | { intent: "add_note"; target: string; note: string }
  /** A comma list of things to do: one task per item. */
  | { intent: "add_tasks"; tasks: AddTaskIntent[] }
  /**
   * One action on every task a description matches ("complete all overdue tasks"). `filter` is a
   * list_tasks filter; `due` a due phrase for moves ("tomorrow": keeps each task's time of day).
   */
  | { intent: "bulk"; action: "complete" | "delete" | "reopen" | "update"; filter: ListFilter; changes: SaidFields & { due?: string } }
  /** "what did I finish today": the tasks completed on the local days `from`..`to` (YYYY-MM-DD). */
  | { intent: "list_completed"; from: string; to: string }
  /** The command word looks misspelled: ask whether `suggestion` was meant, rather than guess. */
  | { intent: "did_you_mean"; suggestion: string }
  /** Subtasks: "add 'book flights' under trip planning" — `task` as its own add, under the task `parent` names. */
  | { intent: "add_subtask"; parent: string; task: AddTaskIntent }
  /** Subtasks: "what's under trip planning" — the subtasks of the task `target` names. */
  | { intent: "list_subtasks"; target: string }
  /** Not a request: help, or (with `title`) ask whether it should be added as a task. */
  | { intent: "not_a_request"; title?: string };

/** Chat shorthand and common slips, whole words only: "tmrw" → "tomorrow", "wats" → "what's". */
const SHORTHAND: ReadonlyArray<[RegExp, string]> = [
  [/\b(?:tmrw|tmrow|tmr|tmw|2moro|2morrow|tomoz|tomorow|tommorow|tommorrow|tomorrw)\b/gi, "tomorrow"],
  [/\b(?:tonite|2nite|tonigt)\b/gi, "tonight"],
  [/\b(?:wats|whats|wat's|wots|wut's|wuts)\b/gi, "what's"],
  [/\b(?:shw|sho|shwo|hsow)\b(?=\s)/gi, "show"],
  [/\b(?:pls|plz|plse|pleas)\b/gi, "please"],
  [/\b(?:dont)\b/gi, "don't"],
  [/\b(?:isnt)\b/gi, "isn't"],
  [/\b(?:arent)\b/gi, "aren't"],
  [/\b(?:didnt)\b/gi, "didn't"],
  [/\b(?:havent)\b/gi, "haven't"],
  [/\b(?:ive)\b/gi, "I've"],
  [/\b(?:hrs)\b/gi, "hours"],
  [/\b(?:hr)\b/gi, "hour"],
  [/\b(?:mins)\b/gi, "minutes"],
];

/** Politeness and fillers around a request, never part of it. */
const POLITE_START =
  /^(?:(?:hey|hi|hello|ok|okay|so|um|uh|oh)[,!\s]+)?(?:(?:(?:could|can|would|will)\s+you\s+|would\s+you\s+mind\s+|kindly\s+|please\s+|just\s+|actually\s+)+)(?=\S)/i;
const POLITE_END = /[,\s]+(?:please|thanks|thank\s+you|thx|ty|cheers)[.!]*$/i;

const UNDO =
  /^(?:(?:oops|whoops|oh\s+no|sorry)[,!.\s]+)?(?:undo|undo\s+(?:that|it|this|the\s+last\s+(?:one|change|thing|action))|never\s*mind|nvm|revert(?:\s+(?:that|it))?|take\s+(?:that|it)\s+back|scratch\s+that|cancel\s+that)[.!]*$/i;
const HELP = /^(?:help|help\s+me|what\s+can\s+you\s+do|how\s+does\s+(?:this|it)\s+work|what\s+do\s+you\s+do|who\s+are\s+you)[?.!]*$/i;

const NOTE = [
  /^(?:add|put|attach|write|append|leave|make)\s+(?:a\s+|this\s+|the\s+|my\s+)?note\s+(?:to|on|for|in|about)\s+(.+?)\s*(?::|\s-\s|\s—\s|,?\s+saying|,?\s+that\s+says)\s*(.+)$/i,
  /^(?:note|notes|add\s+note)\s+(?:on|for|to|about)\s+(.+?)\s*(?::|\s-\s|\s—\s)\s*(.+)$/i,
];

const REOPEN = [
  /^(?:re-?open|uncheck|untick|un-?complete|unmark|un-?done)\s+(.+)$/i,
  /^(?:mark|set|flag)\s+(.+?)\s+(?:as\s+)?(?:not\s+(?:done|complete|completed|finished)(?:\s+yet)?|undone|incomplete|unfinished|open|to-?do|pending)$/i,
  /^(.+?)\s+(?:isn'?t|is\s+not|aren'?t|are\s+not|wasn'?t|was\s+not|weren'?t)\s+(?:really\s+|actually\s+)?(?:done|finished|complete|completed)(?:\s+(?:yet|after\s+all))?$/i,
  /^(?:i|we)\s+(?:haven'?t|have\s+not|didn'?t|did\s+not)\s+(?:actually\s+|really\s+)?(?:finish(?:ed)?|do(?:ne)?|complete(?:d)?)\s+(.+?)(?:\s+(?:yet|after\s+all))?$/i,
];

/** A description of many tasks: "all …", "everything …", "every task …". */
const QUANTIFIED = /^(?:all\b|everything\b|(?:every|each)\s+(?:[\w#-]+\s+){0,3}?(?:task|todo|to-do|item|one)\b|any\s+tasks?\b)/i;
const BULK: ReadonlyArray<[RegExp, "complete" | "delete" | "reopen" | "update"]> = [
  [/^(?:mark|set|check\s+off|tick\s+off)\s+(.+?)\s+(?:as\s+)?(?:done|complete|completed|finished|off)$/i, "complete"],
  [/^(?:complete|finish|close|check\s+off|tick\s+off|clear\s+off)\s+(.+)$/i, "complete"],
  [/^(?:delete|remove|erase|trash|get\s+rid\s+of|clear|bin|purge)\s+(.+)$/i, "delete"],
  [/^(?:reopen|re-open|uncheck|untick)\s+(.+)$/i, "reopen"],
  [/^(?:mark|set)\s+(.+?)\s+(?:as\s+)?(?:not\s+done|undone|open|incomplete)$/i, "reopen"],
];
const BULK_MOVE =
  /^(?:move|push(?:\s+back)?|postpone|reschedule|shift|bump|defer|delay|put\s+off|snooze)\s+(.+?)\s+(?:to|until|till|til|for|over\s+to)\s+(.+)$/i;
const BULK_PRIORITY = /^(?:make|mark|set|flag)\s+(.+?)\s+(?:as\s+|to\s+)?((?:urgent|high|medium|normal|low)(?:[\s-]+priority)?)$/i;

/** "clear my list", "empty the whole to-do list", "wipe all my tasks": every open task, deleted after a yes. */
const CLEAR_LIST =
  /^(?:clear|empty|wipe|reset|purge|delete|remove|erase|trash)\s+(?:out\s+)?(?:(?:my|the|whole|entire|all|of|everything\s+(?:on|in))\s+)*(?:(?:to-?do|task)\s+)?(?:list|tasks|todos|to-?dos)$/i;
/** "what's next?", "what's coming up", "what should I do next": the open tasks due soonest. */
const WHATS_NEXT =
  /^(?:what'?s|what\s+is|what\s+are)\s+(?:up\s+)?(?:next|coming\s+up)(?:\s+(?:up|on\s+my\s+list|for\s+me))?$|^(?:what\s+(?:should|do)\s+i\s+do\s+next|next\s+up|(?:show\s+(?:me\s+)?)?(?:my\s+)?next\s+tasks?)$/i;
/** "what did I finish today", "what have I completed this week", "show what I got done yesterday": the period said after it. */
const COMPLETED_WHEN =
  /^(?:(?:show|list|tell)\s+(?:me\s+)?)?(?:what|which\s+tasks?)\s+(?:did\s+|have\s+|i'?ve\s+|i\s+)?(?:i\s+)?(?:finish(?:ed)?|complete(?:d)?|get\s+done|got\s+done|gotten\s+done|do|did|done|tick(?:ed)?\s+off|check(?:ed)?\s+off)\s*(.*)$|^(?:(?:show|list)\s+(?:me\s+)?)?(?:my\s+)?(?:tasks\s+)?(?:finished|completed|done)\s+(?:tasks\s+)?(today|yesterday|this\s+week|last\s+week|this\s+month)$/i;

// Subtasks: "add 'book flights' under trip planning", "what's under trip planning".
const ADD_SUBTASK = /^(?:add|put)\s+(?:a\s+)?(?:sub-?task\s+)?(.+?)\s+(?:under|as\s+(?:a\s+)?sub-?task\s+(?:of|to|for|under))\s+(.+)$/i;
const LIST_SUBTASKS =
  /^(?:what'?s|what\s+is|what\s+are|show(?:\s+me)?|list)\s+(?:the\s+)?(?:under|(?:sub-?tasks|steps)\s+(?:of|under|in|for))\s+(.+)$/i;

/** Command words whose misspelling gets a question ("remimd me to …"), and the read-only ones fixed silently. */
const COMMANDS = [
  "remind",
  "add",
  "create",
  "delete",
  "remove",
  "complete",
  "finish",
  "mark",
  "reopen",
  "uncheck",
  "move",
  "reschedule",
  "rename",
  "undo",
];
const READ_COMMANDS = ["show", "list"];

/** "yes", "y", "yes please", "sure", "go ahead". */
export function isYes(message: string): boolean {
  return /^(?:y|yes|yeah|yea|yep|yup|sure|ok|okay|do\s+it|go\s+ahead|confirm(?:ed)?|please\s+do|correct|right|yes\s+please|yes\s+do\s+it|absolutely|definitely)[\s.!]*(?:please|thanks|thank\s+you)?[\s.!]*$/i.test(
    message.trim(),
  );
}

/** "no", "n", "nope", "cancel", "don't". */
export function isNo(message: string): boolean {
  return /^(?:n|no|nope|nah|cancel|stop|don'?t|do\s+not|no\s+thanks|no\s+thank\s+you|never\s*mind|nvm|forget\s+it|keep\s+them|leave\s+them)[\s.!]*$/i.test(
    message.trim(),
  );
}

/** Whether the message is "undo" / "never mind" and the like. */
export function isUndo(message: string): boolean {
  return UNDO.test(tidy(message));
}

function tidy(message: string): string {
  let text = String(message ?? "")
    .slice(0, 1_000)
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, " ")
    .trim();
  for (const [pattern, word] of SHORTHAND) text = text.replace(pattern, word);
  return text;
}

function depolite(text: string): string {
  return text.replace(POLITE_START, "").replace(POLITE_END, "").trim();
}

/** The message with its first word replaced by the command it looks like a slip of, or undefined. */
function misspelledCommand(text: string): { corrected: string; readOnly: boolean } | undefined {
  const m = /^([a-z]+)\b(.*)$/i.exec(text);
  if (!m?.[1] || !m[2]?.trim()) return undefined;
  const word = m[1].toLowerCase();
  const rest = m[2];
  if (word === "ad" && /^\s+\S/.test(rest)) return { corrected: `add${rest}`, readOnly: false };
  if (word.length < 3 || COMMANDS.includes(word) || READ_COMMANDS.includes(word) || isKnownWord(word) || canBeBaseVerb(word)) return undefined;
  for (const command of [...COMMANDS, ...READ_COMMANDS]) {
    // Read-only commands of 4 letters allow a swap too ("lsit"): a wrong guess only shows a list.
    const allowed = command.length >= 5 || (READ_COMMANDS.includes(command) && word[0] === command[0]) ? 2 : 1;
    if (editDistance(word, command) <= allowed) return { corrected: `${command}${rest}`, readOnly: READ_COMMANDS.includes(command) };
  }
  return undefined;
}

function bulkFilter(object: string, action: "complete" | "delete" | "reopen" | "update", ctx: ParseContext): ListFilter | undefined {
  if (!QUANTIFIED.test(object)) return undefined;
  const { filter = {} } = parseListQuery(object, ctx);
  const status =
    action === "reopen"
      ? "done"
      : filter.status === "done"
        ? "done"
        : action === "delete" && filter.status === "all" && /\b(?:tasks?\s+)?(?:ever|including\s+done)\b/i.test(object)
          ? "all"
          : "open";
  return { ...filter, status };
}

function readBulk(text: string, ctx: ParseContext): ChatIntent | undefined {
  let m = BULK_MOVE.exec(text);
  if (m?.[1] && m[2]) {
    const filter = bulkFilter(m[1], "update", ctx);
    const phrase = takeTaskFields(m[2], ctx, { dueFromRepeat: false });
    if (filter && (phrase.dueAt || phrase.dueDate) && !phrase.rest) return { intent: "bulk", action: "update", filter, changes: { due: m[2] } };
  }
  m = BULK_PRIORITY.exec(text);
  if (m?.[1] && m[2]) {
    const filter = bulkFilter(m[1], "update", ctx);
    const phrase = takeTaskFields(/priority/i.test(m[2]) ? m[2] : `${m[2]} priority`, ctx);
    if (filter && phrase.priority) return { intent: "bulk", action: "update", filter, changes: { priority: phrase.priority } };
  }
  for (const [pattern, action] of BULK) {
    m = pattern.exec(text);
    if (!m?.[1]) continue;
    const filter = bulkFilter(m[1], action, ctx);
    if (filter) return { intent: "bulk", action, filter, changes: {} };
  }
  return undefined;
}

/** Whether a phrase starts like a thing to do: a verb in its base form ("call the bank", "renew the permit"). */
function startsWithVerb(phrase: string): boolean {
  const first = /^[a-z][a-z'-]*/i.exec(phrase.trim())?.[0];
  return first !== undefined && first === first.toLowerCase() && canBeBaseVerb(first);
}

/**
 * Splits a comma list of things to do ("buy stamps, call the bank and book a haircut") into its
 * items. A part that is not a thing to do of its own — a detail ("high priority", "remind me 1 hour
 * before"), more days of a schedule ("wednesday and friday at 7am"), more names ("Jo and Ali
 * about the rota") — stays with the item before it. Undefined when there is nothing to split.
 */
export function splitThingsToDo(body: string, ctx: ParseContext, firstMustBeVerb: boolean): string[] | undefined {
  if (!body.includes(",")) return undefined;
  const parts = body.split(/\s*,\s*/).filter((part) => part.trim());
  const items: string[] = [];
  for (const [i, raw] of parts.entries()) {
    const part = raw.replace(/^(?:and|then|also|plus)\s+/i, "");
    const standsAlone = startsWithVerb(part) && takeTaskFields(part, ctx).rest.replace(/[^\p{L}\p{N}]/gu, "").length > 0;
    if (i > 0 && !standsAlone) {
      items[items.length - 1] = `${items.at(-1) ?? ""}, ${raw}`;
      continue;
    }
    items.push(part);
  }
  // The last item may be joined by "and": "call the bank and book a haircut".
  const last = items.at(-1);
  if (items.length > 1 && last) {
    const joined = /^(.+?)\s+and\s+(.+)$/i.exec(last);
    if (joined?.[1] && joined[2] && startsWithVerb(joined[2]) && !joined[1].includes(",")) items.splice(-1, 1, joined[1], joined[2]);
  } else if (items.length === 1) return undefined;
  if (items.length < 2) return undefined;
  if (firstMustBeVerb && !startsWithVerb(items[0] ?? "")) return undefined;
  return items;
}

const DETERMINER = /^(?:the|a|an|my|our|your|his|her|their|some|all|this|that|these|those)$/i;
/** Tags of words that can start the name of a thing or an appointment ("optician thursday at 4pm", "lunch with Sam friday"). */
const NAMING_TAGS = new Set(["NN", "NNS", "NNP", "NNPS", "VB", "CD", "FW"]);

/**
 * Whether an unasked-for add reads as a task (conventions §1): an imperative verb phrase ("water
 * the tomatoes", "descale the kettle": an unknown word before "the" is read as a verb), or a
 * thing with a day, time or repeat whose first word can name something ("optician thursday at
 * 4pm"; not "lovely weather today").
 */
function readsAsTask(task: AddTaskIntent): boolean {
  const [first = "", second = ""] = task.title.split(/\s+/);
  const word = first.toLowerCase().replace(/[^\p{L}'-]/gu, "");
  if (canBeBaseVerb(word)) return true;
  const known = isKnownWord(word);
  if (!known && word === first && DETERMINER.test(second)) return true;
  if (!known && /^(?:re|un|de)-?/.test(word) && canBeBaseVerb(word.replace(/^(?:re|un|de)-?/, ""))) return true;
  const dated = task.dueAt !== undefined || task.dueDate !== undefined || task.recurrence !== undefined;
  return dated && (!known || tagsOf(word).some((tag) => NAMING_TAGS.has(tag)));
}

/**
 * "remind me 30 minutes before", "and set a reminder 1 day before", "remind me 1 day before and 1
 * hour before", "remind me on Dec 3 at 8am": a reminder with no task named, for the task last acted
 * on ("it"). The reminder fields, or undefined when the message says more than a reminder.
 */
function reminderOnly(text: string, ctx: ParseContext): Pick<SaidFields, "reminderMinutesBefore" | "reminders"> | undefined {
  if (!/^(?:(?:and|also|then|oh)\s+)?(?:remind\s+me|(?:set|add)\s+(?:a\s+|the\s+)?reminder|reminder)\b/i.test(text)) return undefined;
  const phrase = text.replace(/^(?:(?:and|also|then|oh)\s+)/i, "").replace(/^(?:set|add)\s+(?:a\s+|the\s+)?reminder\b/i, "remind me");
  const said = /^reminder\b/i.test(phrase) ? phrase.replace(/^reminder\b/i, "remind me") : phrase;
  const fields = takeTaskFields(said, ctx);
  const leftover = fields.rest.replace(/[^\p{L}\p{N}]/gu, "");
  const keys = Object.keys(fields).filter((key) => key !== "rest");
  if (leftover === "" && keys.length === 1 && (fields.reminderMinutesBefore !== undefined || fields.reminders)) {
    return fields.reminders ? { reminders: fields.reminders } : { reminderMinutesBefore: fields.reminderMinutesBefore };
  }
  // "remind me on Dec 3 at 8am": a moment of its own, with a time of day.
  const m = /^remind\s+me\s+((?:on|at)\s+.+)$/i.exec(said);
  const at = m?.[1] ? takeTaskFields(m[1], ctx) : undefined;
  if (at?.dueAt && !at.rest.replace(/[^\p{L}\p{N}]/gu, "") && Object.keys(at).length === 2) return { reminders: [{ at: at.dueAt }] };
  return undefined;
}

/** "what did I finish today" → the local days it asks about (today when none is said). */
function completedPeriod(text: string, ctx: ParseContext): ChatIntent | undefined {
  const m = COMPLETED_WHEN.exec(text);
  if (!m) return undefined;
  const said = (m[1] ?? m[2] ?? "").replace(/^(?:so\s+far\s+)?/i, "").trim() || "today";
  // Completions are in the past: "this week" is Monday to today, "yesterday" the day before.
  const today = DateTime.fromJSDate(ctx.now, { zone: ctx.timeZone }).startOf("day");
  const days = (from: DateTime, to: DateTime): ChatIntent => ({ intent: "list_completed", from: from.toISODate() ?? "", to: to.toISODate() ?? "" });
  if (/^yesterday$/i.test(said)) return days(today.minus({ days: 1 }), today.minus({ days: 1 }));
  if (/^this\s+week$/i.test(said)) return days(today.startOf("week"), today);
  if (/^last\s+week$/i.test(said)) return days(today.startOf("week").minus({ weeks: 1 }), today.startOf("week").minus({ days: 1 }));
  if (/^this\s+month$/i.test(said)) return days(today.startOf("month"), today);
  const { filter } = parseListQuery(`due ${said}`, ctx);
  if (!filter?.dueFrom || !filter.dueTo) return undefined;
  return { intent: "list_completed", from: filter.dueFrom, to: filter.dueTo };
}

/** "I called the plumber", "just sent the contract", "paid the rent" → the task in its base form: "call the plumber". */
function pastTenseTask(text: string, ctx: ParseContext): string | undefined {
  const m = /^(?:(?:i|we)\s+)?(?:just\s+|already\s+|finally\s+|actually\s+|have\s+|'ve\s+)*([a-z]+)\s+(.+)$/i.exec(
    text.replace(/^(?:i|we)'ve\s+/i, "I "),
  );
  if (!m?.[1] || !m[2]) return undefined;
  const lemma = pastTenseLemma(m[1]);
  if (!lemma) return undefined;
  // "I went for a run this morning": the day said is when it happened, not part of the task.
  const rest = takeTaskFields(m[2], ctx).rest || m[2];
  return tidyTarget(`${lemma} ${rest}`);
}

/**
 * Reads one chat message: the conversation's own requests (undo, reopen, notes, bulk changes,
 * several tasks at once, a misspelled command, a past-tense completion), else the single-utterance
 * intents of {@link parse}. A new task comes only from an explicit add or a message that reads as
 * a task (a verb phrase, or something with a day or time); anything else is `not_a_request`.
 * Pure and offline; never throws.
 */
export function interpret(message: string, ctx: ParseContext): ChatIntent {
  const text = depolite(tidy(message));
  if (!text) return { intent: "not_a_request" };
  const bare = text.replace(/(?<=[^\s!])[.!?]+$/, "").trim();
  if (UNDO.test(bare)) return { intent: "undo" };
  if (HELP.test(bare)) return { intent: "not_a_request" };
  const reminder = reminderOnly(bare, ctx);
  if (reminder !== undefined) return { intent: "update_task", target: "it", ...reminder };

  for (const pattern of NOTE) {
    const m = pattern.exec(bare);
    if (m?.[1] && m[2]) return { intent: "add_note", target: tidyTarget(m[1]), note: m[2].trim() };
  }
  for (const pattern of REOPEN) {
    const m = pattern.exec(bare);
    if (m?.[1] && !QUANTIFIED.test(m[1])) return { intent: "reopen_task", target: tidyTarget(m[1]) };
  }
  if (CLEAR_LIST.test(bare)) return { intent: "bulk", action: "delete", filter: { status: "open" }, changes: {} };
  if (WHATS_NEXT.test(bare)) return { intent: "list_tasks", filter: { status: "open" }, sort: { by: "dueAt", order: "asc" } };
  const completed = completedPeriod(bare, ctx);
  if (completed) return completed;
  const bulk = readBulk(bare, ctx);
  if (bulk) return bulk;
  const under = ADD_SUBTASK.exec(bare);
  const subtask = under?.[1] && under[2] ? parseAdd(`add ${under[1]}`, ctx) : undefined;
  if (under?.[2] && subtask?.intent === "add_task") return { intent: "add_subtask", parent: tidyTarget(under[2]), task: subtask };
  const listed = LIST_SUBTASKS.exec(bare);
  if (listed?.[1]) return { intent: "list_subtasks", target: tidyTarget(listed[1]) };

  const slip = misspelledCommand(bare);
  if (slip && !slip.readOnly) return { intent: "did_you_mean", suggestion: slip.corrected };
  const said = slip?.corrected ?? text;

  const intent = parse(said, ctx);
  if (intent.intent !== "add_task" && intent.intent !== "unknown") return intent;
  if (intent.intent === "unknown" && /\?\s*$/.test(said)) return { intent: "not_a_request" };

  const past = pastTenseTask(bare, ctx);
  if (past) return { intent: "complete_task", target: past, pastTense: true };
  if (intent.intent === "unknown") return { intent: "not_a_request" };

  const lead = stripLeadIn(bare);
  const explicit = lead.text !== bare;
  const items = splitThingsToDo(lead.text, ctx, !explicit);
  if (items) {
    const tasks = items
      .map((item) => parseAdd(item, ctx))
      .filter((task): task is AddTaskIntent => task.intent === "add_task")
      .map((task) => (lead.remindMe && task.reminderMinutesBefore === undefined ? { ...task, reminderMinutesBefore: 0 } : task));
    if (tasks.length === items.length) return { intent: "add_tasks", tasks };
  }
  // Not asked for: it must read as a task — a verb phrase, or something with a day, time or repeat.
  if (!explicit && !readsAsTask(intent)) return { intent: "not_a_request", title: intent.title };
  return intent;
}

import type { AddTaskIntent, CompleteTaskIntent, DeleteTaskIntent, ListTasksIntent, ParsedIntent, SaidFields, UpdateTaskIntent } from "./intent.ts";
import { parseListQuery } from "./list-query.ts";
import { cleanTitle, stripLeadIn, takeTaskFields, type TaskPhrase } from "./task-phrase.ts";
import type { WhenContext } from "./when.ts";
import { captured } from "./match.ts";
import { COMPLETION_MODE } from "./recurrence.ts";

const COMPLETION_PHRASE = new RegExp(
  `(?:\\b(?:every|each|daily|weekly|monthly|yearly)\\b|\\b\\w+\\s+(?:days?|weeks?|months?|years?)\\s+)[^]*(?:${COMPLETION_MODE})`,
  "i",
);

export type ParseContext = WhenContext;

const MAX_LENGTH = 1_000;

const SMALL_TALK =
  /^(?:hi|hello|hey|hiya|howdy|yo|thanks|thank\s+you|thx|ty|ok|okay|cool|great|nice|awesome|yes|yeah|yep|no|nope|nah|sure|good\s+(?:morning|afternoon|evening|night)|bye|goodbye|see\s+you|help|test|testing|lol|hmm+|\?+)(?:[\s,]+(?:there|everyone|all|bot|again|so\s+much|a\s+lot|you|buddy|friend|mate|later))*\b[\s!.?]*$/i;
const TASK_WORDS =
  /\b(?:tasks?|todos?|to-dos?|to\s+do|items?|reminders?|due|overdue|late|agenda|plate|list|schedule|scheduled|planned|pending|open|done|complete|completed|finish|finished|did\s+i|left|remaining|outstanding|urgent|priority|important|tagged|recurring|repeating|coming\s+up|upcoming|ahead|have\s+i\s+got|i'?ve\s+got|do\s+i\s+have|have\s+(?:to\s+do|on|going|today|tomorrow|this|next)|need\s+to\s+do|working\s+on|on\s+for)\b|#\w/i;
// "do" and "have" open a question only with a subject after them ("do I …", "have you …"): "do laundry" and
// "have lunch with bob" are tasks.
const QUESTION =
  /^(?:how|why|who|whom|whose|where|when|what|which|is|are|was|were|am|can|could|would|will|shall|should|does|(?:do|have)\s+(?:i|you|we|they)\b|did|has|tell\s+me|explain|define|translate|calculate)\b/i;
const LIST_START =
  /^(?:(?:please|pls|can\s+you|could\s+you|would\s+you)\s+)?(?:show|list|display|view|see|get(?!\s+rid\b)|give\s+me|fetch|pull\s+up|bring\s+up|print|read\s+(?:me|out)\s+|tell\s+me|let\s+me\s+see|what(?:'s|\s+is|\s+are|\s+do|\s+does|\s+have|\s+tasks)?|whats|which|do\s+i\s+have|have\s+i\s+got|are\s+there|is\s+there|any(?:thing)?|how\s+many|my\s+(?:tasks|todos|to-dos|list|agenda)|(?:open|pending|done|completed|overdue|urgent|recurring|all)\s+(?:tasks|todos|items)|tasks?\s+(?:for|due|tagged|with|about|that))\b/i;
const FIND_START = /^(?:(?:please|can\s+you|could\s+you)\s+)?(?:find|search|look\s+up|look\s+for|filter)\b/i;
/** Openings that can only be a request to see tasks. */
const LIST_FIRST = /^(?:(?:please|pls|can\s+you|could\s+you)\s+)?(?:show|list|display|view|pull\s+up|bring\s+up|search|let\s+me\s+see)\b/i;
const FIND_TASKS =
  /^(?:(?:please|can\s+you|could\s+you)\s+)?(?:search\b|find\s+(?:the\s+|my\s+)?\S.*\s(?:tasks?|todos?|items?)$|(?:find|look\s+up|look\s+for|filter)\s+(?:(?:all\s+)?(?:my\s+)?(?:tasks|todos|to-dos|items|everything|anything|reminders)\b|(?:for|through)\s+(?:my\s+)?(?:tasks|todos|items)\b))/i;

function listRequest(text: string, ctx: ParseContext): ListTasksIntent {
  const searching = FIND_TASKS.test(text) || FIND_START.test(text);
  const query = searching ? text : text.replace(LIST_START, " ").replace(/^\s*(?:me\s+)?/, "");
  return { intent: "list_tasks", ...parseListQuery(query, ctx) };
}

/** A task named in a request, without articles, "task"/"one" and list words: "the dentist task" → "dentist". */
export function tidyTarget(text: string): string {
  let target = cleanTitle(text);
  for (let i = 0; i < 3; i++) {
    target = target
      .replace(/^(?:the|my|a|an|that|this)\s+/i, "")
      .replace(/^(?:task|todo|to-do|item|reminder)\s+(?:called|named|about|for|to|that\s+says)\s+/i, "")
      .replace(/\s+(?:task|todo|to-do|item|reminder|one|entry|thing)$/i, "")
      .replace(/\s+(?:from|off|on|in)\s+(?:my|the)\s+(?:list|tasks|todo\s+list|to-do\s+list)$/i, "")
      .replace(/\s+(?:please|pls|now|already|too|as\s+well|anymore|any\s+more|again|for\s+good|from\s+now\s+on)$/i, "")
      .trim();
  }
  return target;
}

/** The fields a phrase said, without the words left over (takeTaskFields sets only fields it found). */
function saidIn({ rest: _rest, ...fields }: TaskPhrase): SaidFields {
  return fields;
}

function parseComplete(text: string, ctx: ParseContext): CompleteTaskIntent | undefined {
  // "water plants 3 days after I'm done" is a repeat counted from completion, not a completion.
  if (COMPLETION_PHRASE.test(text)) return undefined;
  const patterns = [
    /^(?:please\s+)?(?:mark|set|flag)\s+(.+?)\s+(?:as\s+)?(?:done|complete|completed|finished|checked(?:\s+off)?|resolved|closed)$/i,
    /^(?:please\s+)?(?:i\s+(?:have\s+|'ve\s+)?|i'?ve\s+)?(?:check(?:ed)?|tick(?:ed)?|cross(?:ed)?|strike|struck)\s+off\s+(.+)$/i,
    /^(?:please\s+)?(?:check|tick|cross|strike)\s+(.+?)\s+off(?:\s+(?:my|the)\s+list)?$/i,
    /^(?:please\s+)?(?:complete|finish|close|resolve)\s+(.+)$/i,
    /^(?:i\s+(?:have\s+|'ve\s+)?|i'?ve\s+|we\s+(?:have\s+|'ve\s+)?)?(?:just\s+|already\s+|finally\s+)?(?:done|did|finished|completed|wrapped\s+up|took\s+care\s+of|handled|dealt\s+with)\s+(?:with\s+)?(.+)$/i,
    /^(?:done|finished|completed)\s*(?:with|:|-)\s*(.+)$/i,
    /^(.+?)\s+(?:is|are|was|has\s+been|have\s+been)\s+(?:now\s+|all\s+)?(?:done|complete|completed|finished|taken\s+care\s+of|handled)$/i,
    /^(.+?)\s*(?:-|:)?\s+(?:done|finished|completed)$/i,
  ];
  for (const pattern of patterns) {
    const m = pattern.exec(text);
    // "every 3 months after it's done" is a repeat, not a completion.
    if (!m || !m[1] || /\b(?:urgent|priority|important|every|each|daily|weekly|monthly|yearly|after\s+it)\b/i.test(m[1])) continue;
    // "finish the report by friday" is a new task with a deadline, not a completion.
    const probe = takeTaskFields(m[1], ctx);
    if (probe.dueAt || probe.dueDate) return undefined;
    return { intent: "complete_task", target: tidyTarget(m[1]) };
  }
  return undefined;
}

// Polite or hedged openings before a delete verb: "can you please", "just", "go ahead and", "I'd like to".
// Not "I need to" / "I want to": "I need to cancel my gym membership" is a new task.
const DELETE_OPENING =
  "^(?:(?:ok(?:ay)?|so|oh|um|hey)[,\\s]+)?(?:please\\s+|pls\\s+|just\\s+|(?:can|could|would|will)\\s+you\\s+|go\\s+ahead\\s+and\\s+|let'?s\\s+|i'?d\\s+like\\s+(?:you\\s+)?to\\s+|i\\s+would\\s+like\\s+(?:you\\s+)?to\\s+|i\\s+want\\s+you\\s+to\\s+)*";
/** Verbs that mean delete whatever follows ("drop gym"), except "drop off", "drop by" and the like. */
const DELETE_VERB =
  "(?:delete|remove|cancel|drop(?!\\s+(?:off|by|in|out|into)\\b)|erase|trash|scrap|discard|get\\s+rid\\s+of|forget(?:\\s+about)?|never\\s*mind(?:\\s+about)?|nvm|nuke|kill|ditch|bin|axe)";
/** Verbs that are also chores ("toss the salad", "throw out the trash"): delete only when a task is named. */
const CHORE_DELETE_VERB = "(?:toss(?:\\s+out)?|throw\\s+(?:away|out)|junk|dump|purge|wipe|lose|scratch|x\\s+out)";
const NAMED_TASK =
  "(?:.+\\s(?:task|todo|to-do|item|reminder|entry)|(?:the\\s+)?(?:task|todo|to-do|item|reminder)\\s+(?:called|named|about|for|to)\\s+.+|.+\\s+(?:from|off)\\s+(?:of\\s+)?(?:my|the)\\s+(?:list|tasks|todos|todo\\s+list|to-do\\s+list))";
const NOT_NEEDED = "(?:is|are|'s|was|were)\\s+(?:no\\s+longer|not|not\\s+even)\\s+|(?:isn'?t|aren'?t|wasn'?t)\\s+(?:even\\s+)?";

function parseDelete(text: string): DeleteTaskIntent | undefined {
  if (
    /^(?:remove|clear|delete|drop|cancel)\s+(?:the\s+)?(?:due\s+(?:date|time)|deadline|date|reminder|repeat|recurrence|tags?|labels?|priority)\b/i.test(
      text,
    )
  )
    return undefined;
  const m =
    new RegExp(`${DELETE_OPENING}${DELETE_VERB}\\s+(.+)$`, "i").exec(text) ??
    new RegExp(`${DELETE_OPENING}${CHORE_DELETE_VERB}\\s+(${NAMED_TASK})$`, "i").exec(text) ??
    // "take gym off my list"
    new RegExp(`${DELETE_OPENING}take\\s+(.+?)\\s+off\\s+(?:of\\s+)?(?:my|the)\\s+(?:list|tasks|todos|todo\\s+list|to-do\\s+list)$`, "i").exec(
      text,
    ) ??
    // "the dentist is no longer needed", "gym isn't necessary anymore"
    new RegExp(`^(.+?)\\s+(?:${NOT_NEEDED})(?:needed|necessary|required|happening|relevant|wanted|a\\s+thing)(?:\\s+any\\s*more)?$`, "i").exec(
      text,
    ) ??
    // "the dentist got cancelled", "gym can be deleted"
    /^(.+?)\s+(?:(?:is|are|was|were|has\s+been|have\s+been|got|get)\s+(?:cancell?ed|called\s+off|scrapped)|can\s+be\s+(?:deleted|removed|dropped|cancell?ed|scrapped|trashed|binned|tossed))$/i.exec(
      text,
    ) ??
    // "I don't need the dentist task anymore", "we no longer need to call bob"
    /^(?:i|we)\s+(?:don'?t|do\s+not|no\s+longer)\s+need\s+(?:to\s+)?(.+?)(?:\s+any\s*more)?$/i.exec(text) ??
    /^no\s+need\s+(?:for|to)\s+(.+?)(?:\s+any\s*more)?$/i.exec(text);
  return m ? { intent: "delete_task", target: tidyTarget(captured(m, 1)) } : undefined;
}

function parseUpdate(text: string, ctx: ParseContext): UpdateTaskIntent | undefined {
  let m: RegExpExecArray | null;
  if (
    (m = /^(?:please\s+)?(?:rename|retitle|relabel)\s+(.+?)\s+(?:to|as|into)\s+(.+)$/i.exec(text)) ||
    (m = /^(?:please\s+)?(?:change|update|set|edit)\s+the\s+(?:title|name|wording)\s+(?:of|for|on)\s+(.+?)\s+to\s+(.+)$/i.exec(text))
  ) {
    return { intent: "update_task", target: tidyTarget(captured(m, 1)), title: cleanTitle(captured(m, 2)) };
  }
  if (
    (m = /^(?:please\s+)?(?:stop|quit|cease)\s+(?:repeating|recurring)\s+(.+)$/i.exec(text)) ||
    (m = /^(?:please\s+)?(?:don'?t|do\s+not|no\s+longer)\s+(?:repeat|recur)\s+(.+)$/i.exec(text)) ||
    (m =
      /^(?:please\s+)?(?:stop|end|cancel)\s+(?:the\s+)?(?:recurring|repeating|recurrence\s+(?:of|for)|repeat\s+(?:of|for)|series\s+(?:of|for))\s+(.+)$/i.exec(
        text,
      )) ||
    (m =
      /^(?:please\s+)?(?:remove|clear|delete|cancel|drop|turn\s+off)\s+(?:the\s+)?(?:repeat|repetition|recurrence|recurring\s+schedule|schedule)\s+(?:from|of|on|for)\s+(.+)$/i.exec(
        text,
      )) ||
    (m =
      /^(?:please\s+)?make\s+(.+?)\s+(?:not\s+(?:repeat|recur)(?:ring)?|non-?recurring|one-?off|a\s+one-?time\s+task|one\s+time(?:\s+only)?)$/i.exec(
        text,
      )) ||
    (m =
      /^(.+?)\s+(?:should\s+(?:no\s+longer|not|stop)|shouldn'?t|doesn'?t\s+need\s+to|does\s+not\s+need\s+to)\s+(?:repeat|recur)(?:ing)?(?:\s+anymore)?$/i.exec(
        text,
      ))
  ) {
    return { intent: "update_task", target: tidyTarget(captured(m, 1)), recurrence: null };
  }
  if (
    (m =
      /^(?:please\s+)?(?:remove|clear|delete|drop|unset|take\s+off)\s+(?:the\s+)?(?:due\s+(?:date|time)|deadline|date|due)\s+(?:from|of|on|for)\s+(.+)$/i.exec(
        text,
      )) ||
    (m = /^(?:please\s+)?make\s+(.+?)\s+(?:undated|not\s+due|have\s+no\s+(?:due\s+date|deadline))$/i.exec(text)) ||
    (m = /^(?:please\s+)?take\s+(?:the\s+)?(?:due\s+(?:date|time)|deadline|date)\s+off\s+(?:of\s+)?(.+)$/i.exec(text)) ||
    (m = /^(.+?)\s+(?:has|needs|should\s+have)\s+no\s+(?:due\s+date|deadline)(?:\s+anymore)?$/i.exec(text))
  ) {
    return { intent: "update_task", target: tidyTarget(captured(m, 1)), dueAt: null, dueDate: null };
  }
  if (
    (m = /^(?:please\s+)?(?:remove|clear|delete|cancel|turn\s+off|disable)\s+(?:the\s+)?reminders?\s+(?:from|of|on|for)\s+(.+)$/i.exec(text)) ||
    (m = /^(?:please\s+)?(?:don'?t|do\s+not)\s+remind\s+me\s+(?:about|of)\s+(.+)$/i.exec(text))
  ) {
    return { intent: "update_task", target: tidyTarget(captured(m, 1)), reminders: null };
  }
  if (
    (m =
      /^(?:please\s+)?(?:remind\s+me|set\s+(?:a\s+)?reminder)\s+(?:about|of|for)\s+(.+?)\s+((?:\d+|an?|one|two|three|half\s+an?)[\s-]*(?:minutes?|mins?|hours?|hrs?|days?|weeks?)\s+(?:before(?:hand)?|early|earlier|ahead|in\s+advance))$/i.exec(
        text,
      ))
  ) {
    const fields = takeTaskFields(captured(m, 2), ctx);
    if (fields.reminderMinutesBefore !== undefined && !fields.rest) {
      return { intent: "update_task", target: tidyTarget(captured(m, 1)), reminderMinutesBefore: fields.reminderMinutesBefore };
    }
  }
  if ((m = /^(?:please\s+)?(?:add|put|apply|attach)\s+(?:the\s+)?(?:tags?|labels?)\s+(.+?)\s+(?:to|on)\s+(.+)$/i.exec(text))) {
    const fields = takeTaskFields(`tagged ${m[1]}`, ctx);
    return { intent: "update_task", target: tidyTarget(captured(m, 2)), ...(fields.tags && { tags: fields.tags }) };
  }
  if ((m = /^(?:please\s+)?(?:tag|label)\s+(.+?)\s+(?:as|with)\s+(.+)$/i.exec(text))) {
    const fields = takeTaskFields(`tagged ${m[2]}`, ctx);
    return { intent: "update_task", target: tidyTarget(captured(m, 1)), ...(fields.tags && { tags: fields.tags }) };
  }
  if (
    (m =
      /^(?:please\s+)?(?:move|reschedule|push|postpone|delay|shift|bump|snooze|defer|put\s+off|change|set|update)\s+(?:the\s+)?(?:due\s+(?:date|time)|deadline|date|time)\s+(?:of|for|on)\s+(.+?)\s+(?:to|until|till|for)\s+(.+)$/i.exec(
        text,
      )) ||
    (m =
      /^(?:please\s+)?(?:move|reschedule|push(?:\s+back)?|postpone|delay|shift|bump|snooze|defer|put\s+off)\s+(.+?)\s+(?:to|until|till|til|for|by|back\s+to|out\s+to|over\s+to)\s+(.+)$/i.exec(
        text,
      )) ||
    (m =
      /^(?:please\s+)?(?:move|reschedule|postpone|push)\s+(.+?)\s+((?:tomorrow|today|tonight|next\s+\w+|on\s+.+|in\s+\d+.+|(?:this\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday).*))$/i.exec(
        text,
      )) ||
    (m = /^(?:please\s+)?(?:set|make|mark|change|update)\s+(.+?)\s+(?:to\s+be\s+|as\s+)?due\s+(?:on\s+|at\s+|by\s+)?(.+)$/i.exec(text)) ||
    (m = /^(.+?)\s+is\s+(?:now\s+)?due\s+(.+)$/i.exec(text))
  ) {
    const fields = takeTaskFields(captured(m, 2), ctx);
    return { intent: "update_task", target: tidyTarget(captured(m, 1)), ...saidIn(fields) };
  }
  if (
    (m = /^(?:please\s+)?(?:make|set|have|turn)\s+(.+?)\s+(?:to\s+|into\s+(?:a\s+)?)?(?:repeat|recur|recurring|repeating)(?:\s+task)?\s+(.+)$/i.exec(
      text,
    )) ||
    (m = /^(.+?)\s+should\s+(?:repeat|recur)\s+(.+)$/i.exec(text))
  ) {
    const phrase = /^(every|each|daily|weekly|monthly|yearly|annually|on\s)/i.test(captured(m, 2)) ? captured(m, 2) : `every ${m[2]}`;
    const fields = takeTaskFields(phrase, ctx, { dueFromRepeat: false });
    if (fields.recurrence) {
      return { intent: "update_task", target: tidyTarget(captured(m, 1)), ...saidIn(fields) };
    }
  }
  if (
    (m =
      /^(?:please\s+)?(?:set|change|make|mark|update|raise|lower|bump|increase|decrease|switch)\s+(?:the\s+)?(?:priority\s+(?:of|on|for)\s+)?(.+?)\s+(?:to|as|at)\s+(.+)$/i.exec(
        text,
      )) ||
    (m =
      /^(?:please\s+)?(?:make|mark|flag)\s+(.+?)\s+((?:as\s+)?(?:urgent|critical|important|asap|high|low|medium|normal|top|p[1-4])(?:[\s-]+priority)?)$/i.exec(
        text,
      )) ||
    (m = /^(?:please\s+)?(?:prioriti[sz]e)\s+(.+?)()$/i.exec(text))
  ) {
    const value = m[2] || "high";
    // A bare priority word after "to"/"as" ("set X to high") is the priority itself.
    const bare = /^(?:as\s+)?(urgent|critical|important|high|low|medium|normal|top|p[1-4])$/i.exec(value.trim());
    const fields = takeTaskFields(bare ? `${captured(bare, 1).toLowerCase() === "top" ? "urgent" : bare[1]} priority` : value, ctx, {
      dueFromRepeat: false,
    });
    const said = Object.entries(fields).some(([key, value]) => key !== "rest" && value !== undefined);
    if (said) {
      return { intent: "update_task", target: tidyTarget(captured(m, 1)), ...saidIn(fields) };
    }
    if (/^(?:change|update|set)$/i.test(text.split(/\s+/)[0] ?? "")) {
      return { intent: "update_task", target: tidyTarget(captured(m, 1)), title: cleanTitle(captured(m, 2)) };
    }
  }
  return undefined;
}

/** Reads a phrase as a new task: its fields, and the words left as the title (unknown when none are left). */
export function parseAdd(text: string, ctx: ParseContext): AddTaskIntent | { intent: "unknown" } {
  const { text: body, remindMe } = stripLeadIn(text);
  const fields = takeTaskFields(body, ctx, { reminderByDefault: remindMe });
  // A task title holds at most 500 characters; "add X to my list" names the list, not the task.
  const title = cleanTitle(
    stripLeadIn(fields.rest).text.replace(/\s+(?:to|on|onto)\s+(?:my|the)\s+(?:todo\s+|to-do\s+|task\s+)?(?:list|tasks|todos)$/i, ""),
  )
    .slice(0, 500)
    .trim();
  if (!title || !/[\p{L}\p{N}]/u.test(title)) return { intent: "unknown" };
  return { intent: "add_task", title, ...saidIn(fields) };
}

/**
 * Understands one utterance without any language model: which of the task intents it is, and its
 * fields, with every relative date resolved against `now` in `timeZone`. Never throws: anything it
 * cannot place is `unknown`.
 */
export function parse(utterance: string, ctx: ParseContext): ParsedIntent {
  const text = String(utterance ?? "")
    .slice(0, MAX_LENGTH)
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, " ")
    .trim();
  if (!text || !/[\p{L}\p{N}]/u.test(text) || SMALL_TALK.test(text)) return { intent: "unknown" };
  // Closing punctuation goes; a separate "!!" stays, as it marks priority.
  const bare = text
    .replace(/(?<=[^\s!])[.!?]+$/, "")
    .replace(/\s[.?]+$/, "")
    .trim();

  if (
    LIST_FIRST.test(bare) ||
    (LIST_START.test(bare) && TASK_WORDS.test(bare) && !/^(?:mark|set|make|move|change|rename|delete|remove)\b/i.test(bare))
  ) {
    return listRequest(bare, ctx);
  }
  const complete = parseComplete(bare, ctx);
  if (complete?.target) return complete;
  const update = parseUpdate(bare, ctx);
  if (update?.target) return update;
  const remove = parseDelete(bare);
  if (remove?.target) return remove;

  if (FIND_TASKS.test(bare) || (LIST_START.test(bare) && (TASK_WORDS.test(bare) || !QUESTION.test(bare)))) return listRequest(bare, ctx);
  if (QUESTION.test(bare)) return { intent: "unknown" };
  return parseAdd(bare, ctx);
}

/**
 * What a chat message says about lists (projects), read before the task phrases:
 * - `create`: "create a list called Home", "new list: Groceries", "make a list named Side project"
 * - `show`: "what's on my work list", "show my groceries list", "what's in the Home list"
 * - `add`: "add milk to groceries", "put eggs on my shopping list" (a task in a list)
 * - `move`: "move the report to work", "put call mom in the family list" (a task to another list)
 *
 * `add` and `move` say `saidList` when the word "list" was there: without it ("add milk to
 * groceries") the phrase is about a list only if the user has one of that name, which the caller
 * checks (it could be "move X to friday").
 */
export type ListPhrase =
  | { kind: "create"; name: string; then?: { add: string } }
  | { kind: "show"; list: string }
  | { kind: "add"; title: string; list: string; saidList: boolean }
  | { kind: "move"; target: string; list: string; saidList: boolean };

const CREATE_THEN_ADD = /^create\s+a\s+list\s+called\s+"(.+)"\s+and\s+add\s+"(.+)"$/i;
const CREATE =
  /^(?:(?:create|make|add|start|set\s+up|open)\s+(?:a\s+|an\s+|the\s+|one\s+)?(?:new\s+)?(?:task\s+|to-?do\s+)?list|new\s+(?:task\s+|to-?do\s+)?list)\s*(?:(?:called|named|titled|for)\s+|:\s*)?["'“‘]?(.+?)["'”’]?$/i;
const SHOW =
  /^(?:(?:what'?s|what\s+is|what\s+are|whats)\s+(?:(?:on|in)\s+)?|(?:show|list|open|view|display|see|check)\s+(?:me\s+)?(?:(?:what'?s|everything)\s+(?:on|in)\s+)?|(?:tasks|things|items)\s+(?:on|in)\s+)(?:my|the)\s+(.+?)\s+list$/i;
const ADD = /^(?:add|put|throw|stick)\s+(.+?)\s+(?:to|on|onto|in|into)\s+(?:my\s+|the\s+)?(.+?)(\s+list)?$/i;
const MOVE = /^(?:move|put|file|shift|transfer)\s+(.+?)\s+(?:to|on|onto|in|into|over\s+to)\s+(?:my\s+|the\s+)?(.+?)(\s+list)?$/i;

/** Words that name the whole task list, not one list of it ("add X to my list", "show my to-do list"). */
const WHOLE_LIST = /^(?:to-?do|todo|task|tasks|todos|to-?dos|)$/i;

function tidy(message: string): string {
  return message
    .trim()
    .replace(/^(?:please\s+|can\s+you\s+|could\s+you\s+)+/i, "")
    .replace(/[\s,]+(?:please|thanks|thank\s+you)$/i, "")
    .replace(/(?<=\S)[.!?]+$/, "")
    .trim();
}

/** The list phrase `message` is, if any (see ListPhrase); undefined for everything else. */
export function readListPhrase(message: string): ListPhrase | undefined {
  const text = tidy(message);
  if (text.length > 300) return undefined;
  const then = CREATE_THEN_ADD.exec(text);
  if (then?.[1] && then[2]) return { kind: "create", name: then[1], then: { add: then[2] } };
  const create = CREATE.exec(text);
  if (create?.[1] && !WHOLE_LIST.test(create[1].trim())) return { kind: "create", name: create[1].trim() };
  const show = SHOW.exec(text);
  if (show?.[1] && !WHOLE_LIST.test(show[1].trim())) return { kind: "show", list: show[1].trim() };
  // "add a note to X: …" and "add X to my list" belong to the task phrases.
  if (/\bnote\b/i.test(text) && /:/.test(text)) return undefined;
  const add = ADD.exec(text);
  if (add?.[1] && add[2] && !WHOLE_LIST.test(add[2].trim()) && !/^list$/i.test(add[2].trim())) {
    return { kind: "add", title: add[1].trim(), list: add[2].trim(), saidList: Boolean(add[3]) };
  }
  const move = MOVE.exec(text);
  if (move?.[1] && move[2] && !WHOLE_LIST.test(move[2].trim())) {
    return { kind: "move", target: move[1].trim(), list: move[2].trim(), saidList: Boolean(move[3]) };
  }
  return undefined;
}

import { nameKey, parseAdd, readListPhrase, resolveDue, type ToolInput, type ToolName, type ToolOutput } from "@todo/services";
import { taskInWords } from "@todo/services/format";
import type { ToolOutcome } from "../tool-client.ts";
import type { TurnResult } from "../turn.ts";
import type { OfflineTurnInput } from "./offline-turn.ts";

type Call = <N extends ToolName>(tool: N, input: ToolInput<N>) => Promise<ToolOutcome<ToolOutput<N>>>;

/** What a list phrase came to: a reply, a task to move (found by the task phrases' own search), or nothing about lists. */
export type ListTurn = { reply: TurnResult } | { move: { target: string; list: string } } | undefined;

/** True when `text` reads as a due moment on its own ("friday", "next week 5pm"): "move X to friday" is not about lists. */
function isDuePhrase(text: string, input: OfflineTurnInput): boolean {
  try {
    resolveDue(text, { now: input.now, timeZone: input.timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The lists side of an offline chat turn (see readListPhrase): "create a list called Home",
 * "what's on my work list", "add milk to groceries", "move the report to work". A list named but
 * not there gets an offer to create it (a yes creates it and adds the task). Undefined when the
 * message is not about lists, so the task phrases read it.
 */
export async function listTurn(input: OfflineTurnInput, call: Call): Promise<ListTurn> {
  const phrase = readListPhrase(input.message);
  if (!phrase) return undefined;
  const { timeZone, now } = input;
  const done = (reply: string, extra: Partial<TurnResult> = {}): ListTurn => ({ reply: { reply, actions: [], ...extra } });

  if (phrase.kind === "create") {
    const made = await call("add_list", { name: phrase.name });
    if (!made.ok) return done(`I couldn't make that list: ${made.message.replace(/^name: /, "")}`);
    if (!phrase.then) return done(`Made the list '${made.data.list.name}'. Add to it with "add milk to ${made.data.list.name}".`);
    return addTo(made.data.list.name, phrase.then.add, input, call);
  }
  if (phrase.kind === "show") {
    const listed = await call("list_tasks", { list: phrase.list, limit: 20 });
    if (!listed.ok) return done(await noSuchList(phrase.list, call));
    const name = listed.data.tasks[0]?.list.name ?? phrase.list;
    if (listed.data.tasks.length === 0) return done(`Nothing open on your ${name} list.`);
    const lines = listed.data.tasks.slice(0, 10).map((task) => `• ${taskInWords(task, timeZone, now)}`);
    const more = listed.data.tasks.length > 10 || listed.data.nextCursor ? "\n…and more." : "";
    return done(`On your ${name} list:\n${lines.join("\n")}${more}`);
  }
  // "add X to Y" / "move X to Y": about lists when Y is one of the user's, or "list" was said.
  if (!phrase.saidList && isDuePhrase(phrase.list, input)) return undefined;
  const lists = await call("list_lists", {});
  const known = lists.ok ? lists.data.lists.find((list) => nameKey(list.name) === nameKey(phrase.list)) : undefined;
  if (!known) {
    if (!phrase.saidList) return undefined;
    const what = phrase.kind === "add" ? phrase.title : phrase.target;
    if (phrase.kind === "move") return done(await noSuchList(phrase.list, call));
    return done(`You have no list called '${phrase.list}'. Shall I make it and add '${what}' to it?`, {
      pending: { kind: "suggestion", message: `create a list called "${phrase.list}" and add "${what}"` },
    });
  }
  if (phrase.kind === "move") return { move: { target: phrase.target, list: known.name } };
  return addTo(known.name, phrase.title, input, call);
}

async function addTo(list: string, said: string, input: OfflineTurnInput, call: Call): Promise<ListTurn> {
  const parsed = parseAdd(said, { now: input.now, timeZone: input.timeZone });
  const fields = parsed.intent === "add_task" ? (({ intent: _add, ...rest }) => rest)(parsed) : { title: said };
  const added = await call("add_task", { ...fields, list });
  if (!added.ok) return { reply: { reply: `I couldn't add that: ${added.message}`, actions: [] } };
  const task = added.data.task;
  return {
    reply: {
      reply: `Added ${taskInWords(task, input.timeZone, input.now)} to ${task.list.name}.`,
      actions: [],
      undo: { kind: "added", ids: [task.id] },
      focus: task.id,
    },
  };
}

async function noSuchList(name: string, call: Call): Promise<string> {
  const lists = await call("list_lists", {});
  const names = lists.ok ? lists.data.lists.map((list) => `'${list.name}'`).join(", ") : "";
  return `You have no list called '${name}'.${names ? ` Your lists: ${names}.` : ""} Say "create a list called ${name}" to make it.`;
}

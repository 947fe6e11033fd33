import { nextOccurrence, parse, resolveDue, statedDue, type TaskView, type ToolInput, type ToolName, type ToolOutput } from "@todo/services";
import { dueInWords, reminderInWords, repeatInWords, taskInWords } from "@todo/services/format";
import type { ToolClient, ToolOutcome } from "../tool-client.ts";
import type { ChatAction, PendingChoice, TurnResult } from "../turn.ts";
import { findTask, readChoice } from "./find-task.ts";

export interface OfflineTurnInput {
  message: string;
  timeZone: string;
  now: Date;
  tools: ToolClient;
  /** The question the previous turn left open, if any. */
  pending?: PendingChoice;
}

const HELP =
  'I can add, change, complete, delete and list your tasks. Try "remind me to call mom tomorrow at 6pm", "what\'s due this week" or "mark call mom as done".';

/** Calls a tool and records the call, with its result or error, among the turn's actions. */
async function call<N extends ToolName>(tools: ToolClient, actions: ChatAction[], tool: N, input: ToolInput<N>): Promise<ToolOutcome<ToolOutput<N>>> {
  const outcome = await tools.call(tool, input);
  actions.push({ tool, input, ...(outcome.ok ? { result: outcome.data } : { error: outcome.message, code: outcome.code }) });
  return outcome;
}

/** What a failed tool call means to the person chatting: the tool's message says what to fix. */
function failure(outcome: { message: string }): string {
  return `I couldn't do that: ${outcome.message}`;
}

function changeSummary(before: TaskView, after: TaskView, changes: PendingChoice["changes"], timeZone: string, now: Date): string {
  if (changes.title !== undefined) return `Renamed '${before.title}' to '${after.title}'.`;
  const parts: string[] = [];
  if ("dueAt" in changes || "dueDate" in changes)
    parts.push(after.dueAt || after.dueDate ? `due ${dueInWords(after, timeZone, now)}` : "no due date");
  if (changes.priority !== undefined) parts.push(`${after.priority} priority`);
  if (changes.tags !== undefined) parts.push(`tags ${after.tags.map((t) => `#${t}`).join(" ") || "none"}`);
  if (changes.recurrence !== undefined) parts.push(after.recurrence ? `repeating ${repeatInWords(after.recurrence)}` : "no longer repeating");
  if (changes.reminderMinutesBefore !== undefined)
    parts.push(after.reminderMinutesBefore === null ? "no reminder" : `reminder ${reminderInWords(after.reminderMinutesBefore)}`);
  return `Updated '${after.title}': ${parts.join(", ") || "no change"}.`;
}

/**
 * The time-only due phrase that ends the message ("change X to 2pm"), when that is exactly what
 * the parser read as `dueAt`: the longest ending that reads as a due moment on its own and
 * resolves to the same instant. The parser resolves a time alone to today and does not say that
 * no day was given; the update_task `due` phrase keeps the task's own day instead.
 */
function timeOnlyPhrase(message: string, dueAt: string, context: { now: Date; timeZone: string }): string | undefined {
  const words = message
    .trim()
    .replace(/[.!?]+$/, "")
    .split(/\s+/);
  for (let start = 0; start < words.length; start++) {
    const phrase = words.slice(start).join(" ");
    let resolved: Date | undefined;
    try {
      resolved = resolveDue(phrase, context).dueAt;
    } catch {
      continue; // not a due phrase on its own: more words than the moment
    }
    if (resolved?.getTime() !== new Date(dueAt).getTime()) continue;
    return statedDue(phrase, context).kind === "time" ? phrase : undefined;
  }
  return undefined;
}

/**
 * The update_task arguments for what the message said. A day said without a time ("move X to
 * friday") or a time without a day ("change X to 2pm") goes as a `due` phrase, which keeps the
 * part not said; as `dueDate` or `dueAt` it would make the task all-day, or move it to today.
 */
function toolChanges(changes: PendingChoice["changes"], input: OfflineTurnInput): Omit<ToolInput<"update_task">, "id"> {
  const { dueDate, dueAt, ...rest } = changes;
  if (typeof dueDate === "string" && dueAt === undefined) return { ...rest, due: dueDate };
  const timeOnly = typeof dueAt === "string" && dueDate === undefined ? timeOnlyPhrase(input.message, dueAt, input) : undefined;
  return timeOnly ? { ...rest, due: timeOnly } : changes;
}

async function act(
  intent: PendingChoice["intent"],
  task: TaskView,
  changes: PendingChoice["changes"],
  input: OfflineTurnInput,
  actions: ChatAction[],
): Promise<string> {
  const { tools, timeZone, now } = input;
  if (intent === "complete_task") {
    if (task.status === "done") return `'${task.title}' was already done.`;
    const outcome = await call(tools, actions, "complete_task", { id: task.id });
    if (!outcome.ok) return failure(outcome);
    const done = outcome.data.task;
    if (!done.recurrence) return `Done: '${done.title}'. Nice work!`;
    const next = nextOccurrence(
      {
        recurrence: done.recurrence,
        recurrenceMode: done.recurrenceMode,
        dueAt: done.dueAt ? new Date(done.dueAt) : null,
        dueDate: done.dueDate,
        occurrenceIndex: done.occurrenceIndex,
        seriesWallTime: done.seriesWallTime ?? null,
      },
      { timeZone, completedAt: now, now },
    );
    const when = next ? dueInWords({ dueAt: next.dueAt?.toISOString() ?? null, dueDate: next.dueDate ?? null }, timeZone, now) : null;
    return when ? `Done: '${done.title}'. Next one: ${when}.` : `Done: '${done.title}'. That was the last one in the series.`;
  }
  if (intent === "delete_task") {
    const outcome = await call(tools, actions, "delete_task", { id: task.id });
    return outcome.ok ? `Deleted '${task.title}'.` : failure(outcome);
  }
  const outcome = await call(tools, actions, "update_task", { id: task.id, ...toolChanges(changes, input) });
  return outcome.ok ? changeSummary(task, outcome.data.task, changes, timeZone, now) : failure(outcome);
}

function listReply(tasks: TaskView[], more: boolean, timeZone: string, now: Date): string {
  if (tasks.length === 0) return "Nothing matches. You're all clear!";
  const shown = tasks.slice(0, 10);
  const lines = shown.map((task) => `• ${taskInWords(task, timeZone, now)}`);
  const extra = tasks.length > shown.length || more ? "\n…and more in the list." : "";
  return `${tasks.length === 1 ? "1 task" : `${tasks.length}${more ? "+" : ""} tasks`}:\n${lines.join("\n")}${extra}`;
}

/**
 * One chat turn without a language model: the offline engine reads the message, and its intent
 * becomes a tool call. A target that matches several tasks becomes a question (answered next turn
 * by number or title); one that matches none gets close suggestions.
 */
export async function offlineTurn(input: OfflineTurnInput): Promise<TurnResult> {
  const actions: ChatAction[] = [];
  const { tools, timeZone, now } = input;

  if (input.pending) {
    const chosen = readChoice(input.message, input.pending.options);
    if (chosen) {
      const found = await call(tools, actions, "get_task", { id: chosen.id });
      if (!found.ok) return { reply: failure(found), actions };
      return { reply: await act(input.pending.intent, found.data.task, input.pending.changes, input, actions), actions };
    }
  }

  if (/^\s*(?:#?\d{1,2}|first|second|third|last)\s*[.!]?\s*$/i.test(input.message)) {
    return { reply: "I'm not sure what that refers to — there is no open question. " + HELP, actions };
  }
  const intent = parse(input.message, { now, timeZone });
  switch (intent.intent) {
    case "add_task": {
      const { intent: _add, ...fields } = intent;
      const outcome = await call(tools, actions, "add_task", fields);
      if (!outcome.ok) return { reply: failure(outcome), actions };
      const task = outcome.data.task;
      const when = dueInWords(task, timeZone, now);
      const repeat = task.recurrence ? `, repeating ${repeatInWords(task.recurrence)}` : "";
      const reminder =
        task.reminderMinutesBefore === null
          ? ""
          : task.reminderMinutesBefore === 0
            ? " I'll remind you then."
            : ` I'll remind you ${reminderInWords(task.reminderMinutesBefore)}.`;
      return { reply: `Added '${task.title}'${when ? ` for ${when}` : ""}${repeat}.${reminder}`, actions };
    }
    case "complete_task":
    case "delete_task":
    case "update_task": {
      const { intent: kind, target, ...changes } = intent;
      const found = await findTask(tools, target, kind === "complete_task" ? "open" : "all", actions);
      if (found.kind === "one") return { reply: await act(kind, found.task, changes, input, actions), actions };
      if (found.kind === "several") {
        const options = found.tasks.slice(0, 5).map((task) => ({ id: task.id, title: task.title }));
        const list = found.tasks
          .slice(0, 5)
          .map((task, i) => `${i + 1}. ${taskInWords(task, timeZone, now)}`)
          .join("\n");
        return { reply: `Which one do you mean?\n${list}\nReply with a number.`, actions, pending: { intent: kind, changes, options } };
      }
      const hint = found.suggestions.length ? ` Did you mean ${found.suggestions.map((task) => `'${task.title}'`).join(" or ")}?` : "";
      return { reply: `I couldn't find a task matching '${target}'.${hint}`, actions };
    }
    case "list_tasks": {
      const query: ToolInput<"list_tasks"> = { ...intent.filter, limit: 20, ...(intent.sort && { sort: intent.sort.by, order: intent.sort.order }) };
      const outcome = await call(tools, actions, "list_tasks", query);
      if (!outcome.ok) return { reply: failure(outcome), actions };
      return { reply: listReply(outcome.data.tasks, outcome.data.nextCursor !== null, timeZone, now), actions };
    }
    default:
      return { reply: HELP, actions };
  }
}

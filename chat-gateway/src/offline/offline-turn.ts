import {
  interpret,
  isNo,
  isUndo,
  isYes,
  nextDueOf,
  readChoice,
  resolveDue,
  statedDue,
  TaskViewSchema,
  type ChatIntent,
  type TaskView,
  type ToolInput,
  type ToolName,
  type ToolOutput,
} from "@todo/services";
import {
  actionInWords,
  dueInWords,
  reminderInWords,
  remindersInWords,
  repeatInWords,
  taskInWords,
  tasksInWords,
  countInWords,
} from "@todo/services/format";
import { DateTime } from "luxon";
import { z } from "zod";
import type { ToolClient, ToolOutcome } from "../tool-client.ts";
import type { ChatAction, Pending, PendingChoice, TurnResult, UndoRecord } from "../turn.ts";
import { findTask, listAll } from "./find-task.ts";
import { listTurn } from "./list-turn.ts";

export interface OfflineTurnInput {
  message: string;
  timeZone: string;
  now: Date;
  tools: ToolClient;
  /** The question the previous turn left open, if any. */
  pending?: Pending;
  /** What the previous turn changed, for "undo". */
  undo?: UndoRecord;
  /** The id of the task the bot last acted on or showed alone in this conversation: what "it" means. */
  focus?: string;
}

const HELP =
  'I can add, change, complete, delete and list your tasks, reopen them, and undo my last change. Try "remind me to call mom tomorrow at 6pm", "what\'s due this week" or "mark call mom as done".';

/** Calls a tool and records the call, with its result or error, among the turn's actions. */
async function call<N extends ToolName>(tools: ToolClient, actions: ChatAction[], tool: N, input: ToolInput<N>): Promise<ToolOutcome<ToolOutput<N>>> {
  const outcome = await tools.call(tool, input);
  const action: ChatAction = { tool, input, ...(outcome.ok ? { result: outcome.data } : { error: outcome.message, code: outcome.code }) };
  actions.push({ ...action, summary: actionInWords(action) });
  return outcome;
}

/** Field names a tool message may use, in the words a person would (conventions §12: never field names). */
const FIELD_WORDS: ReadonlyArray<[RegExp, string]> = [
  [/\breminderMinutesBefore\b/g, "a reminder"],
  [/\bdueAt\b/g, "a due time"],
  [/\bdueDate\b/g, "a due date"],
  [/\brecurrenceMode\b/g, "the repeat mode"],
  [/\brecurrence\b/g, "the repeat"],
  [/\b(?:list_tasks|add_task|update_task|delete_task|complete_task|get_task|restore_task)\b/g, "the task list"],
  [/\b[a-z]+(?:[A-Z][a-z]+)+\b/g, "that detail"],
];

/**
 * What a failed tool call means to the person chatting, in words (conventions §12): the tool's
 * message is written for a program (field and tool names, ids), so known failures get their own
 * sentence and any field name left is put in words.
 */
function failure(outcome: { message: string }): string {
  if (/reminderMinutesBefore needs a due|reminder before the due moment .* needs a due/i.test(outcome.message))
    return "A reminder needs a due date or time — when is it due?";
  if (/^No task with id\b/i.test(outcome.message)) return "I couldn't find that task any more.";
  let text = outcome.message.replace(/\s*\(got [^)]*\)/g, "");
  for (const [pattern, words] of FIELD_WORDS) text = text.replace(pattern, words);
  return `I couldn't do that: ${text}`;
}

/** "it", "that", "this one", "that task": words that point at the task last acted on, not a title. */
const PRONOUN = /^(?:it|that|this|them|one|task|that\s+one|this\s+one|the\s+one|same\s+one|same\s+task|the\s+same\s+one|the\s+task)$/i;

type Changes = PendingChoice["changes"];

function changeSummary(before: TaskView, after: TaskView, changes: Changes, timeZone: string, now: Date): string {
  if (changes.title !== undefined) return `Renamed '${before.title}' to '${after.title}'.`;
  const parts: string[] = [];
  if ("dueAt" in changes || "dueDate" in changes)
    parts.push(after.dueAt || after.dueDate ? `due ${dueInWords(after, timeZone, now)}` : "no due date");
  if (changes.priority !== undefined) parts.push(`${after.priority} priority`);
  if (changes.tags !== undefined) parts.push(`tags ${after.tags.map((t) => `#${t}`).join(" ") || "none"}`);
  if (changes.recurrence !== undefined) parts.push(after.recurrence ? `repeating ${repeatInWords(after.recurrence)}` : "no longer repeating");
  if (changes.list !== undefined) parts.push(`moved to ${after.list.name}`);
  if (changes.reminderMinutesBefore !== undefined || changes.reminders !== undefined) {
    const reminders = remindersInWords(after.reminders ?? [], timeZone, now);
    parts.push(reminders ? `${after.reminders?.length === 1 ? "reminder" : "reminders"} ${reminders}` : "no reminders");
  }
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
function toolChanges(changes: Changes, input: OfflineTurnInput, task: TaskView): Omit<ToolInput<"update_task">, "id"> {
  if (changes.reminders) changes = { ...changes, reminders: remindersAdded(task, changes.reminders) };
  const { dueDate, dueAt, ...rest } = changes;
  if (typeof dueDate === "string" && dueAt === undefined) return { ...rest, due: dueDate };
  const timeOnly = typeof dueAt === "string" && dueDate === undefined ? timeOnlyPhrase(input.message, dueAt, input) : undefined;
  return timeOnly ? { ...rest, due: timeOnly } : changes;
}

/**
 * A task's reminders with those said added: reminders before the due moment said replace the
 * task's relative ones; a moment said ("remind me on Dec 3 at 8am") is added to what it has.
 */
function remindersAdded(task: TaskView, said: NonNullable<Changes["reminders"]>): NonNullable<Changes["reminders"]> {
  const saysRelative = said.some((reminder) => reminder.minutesBefore !== undefined);
  const kept = (task.reminders ?? []).filter((reminder) => !saysRelative || "at" in reminder);
  return [...kept, ...said].slice(0, 5);
}

/** A task's reminders as update_task/add_task take them (a task kept from before several reminders: its one offset). */
function remindersOf(task: TaskView): Array<{ minutesBefore: number } | { at: string }> {
  if (!task.reminders) return task.reminderMinutesBefore === null ? [] : [{ minutesBefore: task.reminderMinutesBefore }];
  return task.reminders.map((r) => ("at" in r ? { at: r.at } : { minutesBefore: r.minutesBefore }));
}

/** "Added 'x' for Friday 5:00 PM, repeating weekly on Friday. I'll remind you 1 day before." */
function addedInWords(task: TaskView, timeZone: string, now: Date): string {
  const when = dueInWords(task, timeZone, now);
  const repeat = task.recurrence ? `, repeating ${repeatInWords(task.recurrence)}` : "";
  const reminders = task.reminders ?? [];
  const only = reminders.length === 1 ? reminders[0] : undefined;
  const reminder =
    reminders.length === 0
      ? ""
      : only && "minutesBefore" in only
        ? only.minutesBefore === 0
          ? " I'll remind you then."
          : ` I'll remind you ${reminderInWords(only.minutesBefore)}.`
        : ` I'll remind you ${remindersInWords(reminders, timeZone, now)}.`;
  return `Added '${task.title}'${when ? ` for ${when}` : ""}${repeat}.${reminder}`;
}

/**
 * Completes a task; the reply names the date of the next one of a repeating task. A task with open
 * subtasks is asked about first ("Complete its 2 open subtasks too?"); a yes completes them too.
 */
async function complete(
  task: TaskView,
  input: OfflineTurnInput,
  actions: ChatAction[],
  subtasks?: "complete",
): Promise<{ reply: string; done?: TaskView; pending?: Pending }> {
  const { tools, timeZone, now } = input;
  if (task.status === "done") return { reply: `'${task.title}' was already done.` };
  const outcome = await call(tools, actions, "complete_task", { id: task.id, ...(subtasks && { subtasks }) });
  if (!outcome.ok && outcome.code === "open_subtasks") {
    const open = countInWords(task.subtaskCount.total - task.subtaskCount.done, "open subtask");
    return {
      reply: `'${task.title}' still has ${open}. Complete its ${open} too? Reply yes or no.`,
      pending: { kind: "confirm_subtasks", id: task.id, title: task.title },
    };
  }
  if (!outcome.ok) return { reply: failure(outcome) };
  const done = outcome.data.task;
  const withSubtasks = outcome.data.completedSubtasks?.length ? ` and its ${countInWords(outcome.data.completedSubtasks.length, "subtask")}` : "";
  if (!done.recurrence) return { reply: `Done: '${done.title}'${withSubtasks}. Nice work!`, done };
  const next = nextDueOf(done, timeZone, now);
  const when = next ? dueInWords(next, timeZone, now) : null;
  return { reply: when ? `Done: '${done.title}'. Next one: ${when}.` : `Done: '${done.title}'. That was the last one in the series.`, done };
}

async function reopen(task: TaskView, input: OfflineTurnInput, actions: ChatAction[]): Promise<{ reply: string; reopened?: TaskView }> {
  if (task.status !== "done") return { reply: `'${task.title}' is already open.` };
  const outcome = await call(input.tools, actions, "complete_task", { id: task.id, reopen: true });
  if (!outcome.ok) return { reply: failure(outcome) };
  const next = outcome.data.nextOccurrence;
  const about = next && "removed" in next ? " I removed the next one its completion had made." : "";
  return { reply: `Reopened '${outcome.data.task.title}'.${about}`, reopened: outcome.data.task };
}

/** Acts on the one task a request named; returns the reply and what undo would reverse. */
async function act(
  intent: PendingChoice["intent"],
  task: TaskView,
  details: { changes: Changes; note?: string },
  input: OfflineTurnInput,
  actions: ChatAction[],
): Promise<{ reply: string; undo?: UndoRecord; pending?: Pending }> {
  const { tools, timeZone, now } = input;
  if (intent === "complete_task") {
    const { reply, done, pending } = await complete(task, input, actions);
    return { reply, ...(done && { undo: { kind: "completed", ids: [done.id] } }), ...(pending && { pending }) };
  }
  if (intent === "reopen_task") {
    const { reply, reopened } = await reopen(task, input, actions);
    return { reply, ...(reopened && { undo: { kind: "reopened", ids: [reopened.id] } }) };
  }
  if (intent === "delete_task") {
    const outcome = await call(tools, actions, "delete_task", { id: task.id });
    return outcome.ok ? { reply: `Deleted '${task.title}'.`, undo: { kind: "deleted", tasks: [task] } } : { reply: failure(outcome) };
  }
  if (intent === "add_note") {
    const note = details.note ?? "";
    const description = task.description ? `${task.description}\n${note}` : note;
    const outcome = await call(tools, actions, "update_task", { id: task.id, description });
    return outcome.ok
      ? { reply: `Added a note to '${task.title}': "${note}"`, undo: { kind: "updated", tasks: [task] } }
      : { reply: failure(outcome) };
  }
  const outcome = await call(tools, actions, "update_task", { id: task.id, ...toolChanges(details.changes, input, task) });
  return outcome.ok
    ? { reply: changeSummary(task, outcome.data.task, details.changes, timeZone, now), undo: { kind: "updated", tasks: [task] } }
    : { reply: failure(outcome) };
}

/**
 * A list filter in words, for the reply to an empty list: "high priority tasks tagged #work due
 * today"; undefined for the whole open list (nothing filtered).
 */
function filterInWords(filter: ToolInput<"list_tasks">, timeZone: string, now: Date): string | undefined {
  const before: string[] = [];
  const after: string[] = [];
  const priorities = [filter.priority ?? []].flat();
  const tags = [filter.tags ?? []].flat();
  if (String(filter.overdue) === "true") before.push("overdue");
  if (priorities.length) before.push(`${priorities.join(" or ")} priority`);
  if (filter.status === "done") before.push("completed");
  if (filter.recurring !== undefined) before.push(String(filter.recurring) === "true" ? "repeating" : "one-off");
  if (tags.length) after.push(`tagged ${tags.map((tag) => `#${tag}`).join(" and ")}`);
  if (filter.search) after.push(`about '${filter.search}'`);
  const day = (date: string) => dueInWords({ dueAt: null, dueDate: date }, timeZone, now) ?? date;
  if (filter.dueFrom && filter.dueTo)
    after.push(filter.dueFrom === filter.dueTo ? `due ${day(filter.dueFrom)}` : `due ${day(filter.dueFrom)} to ${day(filter.dueTo)}`);
  else if (filter.dueTo) after.push(`due by ${day(filter.dueTo)}`);
  else if (filter.dueFrom) after.push(`due from ${day(filter.dueFrom)}`);
  if (!before.length && !after.length && filter.status !== "all") return undefined;
  return [...before, "tasks", ...after].join(" ");
}

function listReply(tasks: TaskView[], more: boolean, timeZone: string, now: Date, filter: ToolInput<"list_tasks"> = {}): string {
  if (tasks.length === 0) {
    const what = filterInWords(filter, timeZone, now);
    return what ? `No ${what}.` : "Nothing matches. You're all clear!";
  }
  const shown = tasks.slice(0, 10);
  const lines = shown.map((task) => `• ${taskInWords(task, timeZone, now)}`);
  const extra = tasks.length > shown.length || more ? "\n…and more in the list." : "";
  return `${tasks.length === 1 ? "1 task" : `${tasks.length}${more ? "+" : ""} tasks`}:\n${lines.join("\n")}${extra}`;
}

const RestoredTask = z.object({ task: TaskViewSchema });

/**
 * Brings a deleted task back: from the trash with `restore_task` (same id, history and series)
 * where the server has it, else as a new task with the same fields.
 */
async function restore(task: TaskView, tools: ToolClient, actions: ChatAction[]): Promise<TaskView | string> {
  const restored = await tools.callByName("restore_task", { id: task.id });
  const parsed = restored.ok ? RestoredTask.safeParse(restored.data) : undefined;
  if (parsed?.success) {
    const action: ChatAction = { tool: "restore_task", input: { id: task.id }, result: parsed.data };
    actions.push({ ...action, summary: actionInWords(action) });
    return parsed.data.task;
  }
  // No trash on this server (restore_task unknown, or the task is not in it): add it again.
  const again = await call(tools, actions, "add_task", {
    title: task.title,
    ...(task.description !== null && { description: task.description }),
    priority: task.priority,
    tags: task.tags,
    ...(task.dueAt ? { dueAt: task.dueAt } : task.dueDate ? { dueDate: task.dueDate } : {}),
    ...(task.recurrence && { recurrence: task.recurrence, recurrenceMode: task.recurrenceMode ?? undefined }),
    ...(remindersOf(task).length && { reminders: remindersOf(task) }),
  });
  if (!again.ok) return again.message;
  if (task.status === "done") await call(tools, actions, "complete_task", { id: again.data.task.id });
  return again.data.task;
}

/** Reverses the bot's last change (conventions §4); the reply says what was undone. */
async function undo(record: UndoRecord | undefined, input: OfflineTurnInput, actions: ChatAction[]): Promise<string> {
  const { tools, timeZone, now } = input;
  if (!record) return "There's nothing to undo: my last reply didn't change any task.";
  const titles: string[] = [];
  const problems: string[] = [];
  const note = (outcome: ToolOutcome<{ task: TaskView }>) => (outcome.ok ? titles.push(outcome.data.task.title) : problems.push(outcome.message));
  switch (record.kind) {
    case "added":
      for (const id of record.ids) note(await call(tools, actions, "delete_task", { id }));
      return problems.length ? failure({ message: problems.join("; ") }) : `Undone: removed ${tasksInWords(titles)}.`;
    case "completed": {
      // Reopening also opens the subtasks that completion completed with it.
      let subtasks = 0;
      for (const id of record.ids) {
        const outcome = await call(tools, actions, "complete_task", { id, reopen: true });
        if (outcome.ok) subtasks += outcome.data.reopenedSubtasks?.length ?? 0;
        note(outcome);
      }
      const withSubtasks = subtasks ? ` and ${titles.length === 1 ? "its" : "their"} ${countInWords(subtasks, "subtask")}` : "";
      return problems.length
        ? failure({ message: problems.join("; ") })
        : `Undone: ${tasksInWords(titles)}${withSubtasks} ${titles.length === 1 && !subtasks ? "is" : "are"} open again.`;
    }
    case "reopened":
      for (const id of record.ids) note(await call(tools, actions, "complete_task", { id }));
      return problems.length
        ? failure({ message: problems.join("; ") })
        : `Undone: ${tasksInWords(titles)} ${titles.length === 1 ? "is" : "are"} done again.`;
    case "deleted":
      for (const task of record.tasks) {
        const back = await restore(task, tools, actions);
        if (typeof back === "string") problems.push(back);
        else titles.push(back.title);
      }
      return problems.length
        ? failure({ message: problems.join("; ") })
        : `Undone: ${tasksInWords(titles)} ${titles.length === 1 ? "is" : "are"} back.`;
    case "updated": {
      const shown: string[] = [];
      for (const before of record.tasks) {
        const outcome = await call(tools, actions, "update_task", {
          id: before.id,
          title: before.title,
          description: before.description,
          priority: before.priority,
          tags: before.tags,
          ...(before.dueAt ? { dueAt: before.dueAt } : before.dueDate ? { dueDate: before.dueDate } : { dueAt: null, dueDate: null }),
          recurrence: before.recurrence,
          ...(before.recurrence && before.recurrenceMode && { recurrenceMode: before.recurrenceMode }),
          reminders: remindersOf(before),
          // "move X to work" is an update too: undo puts it back in the list it was in.
          list: before.list.id,
        });
        if (outcome.ok) shown.push(taskInWords(outcome.data.task, timeZone, now));
        else problems.push(outcome.message);
      }
      return problems.length
        ? failure({ message: problems.join("; ") })
        : `Undone: ${shown.join(", ")} ${shown.length === 1 ? "is" : "are"} back as before.`;
    }
  }
}

/** Acts on every task a description matches (conventions §11); a delete asks first. */
async function bulk(intent: Extract<ChatIntent, { intent: "bulk" }>, input: OfflineTurnInput, actions: ChatAction[]): Promise<TurnResult> {
  const { tools, timeZone, now } = input;
  const tasks = await listAll(tools, intent.filter, actions);
  if (typeof tasks === "string") return { reply: failure({ message: tasks }), actions };
  if (tasks.length === 0) return { reply: "No tasks match that, so nothing changed.", actions };
  const lines = tasks
    .slice(0, 10)
    .map((task) => `• ${taskInWords(task, timeZone, now)}`)
    .join("\n");
  const more = tasks.length > 10 ? `\n…and ${tasks.length - 10} more.` : "";
  if (intent.action === "delete") {
    return {
      reply: `Delete ${countInWords(tasks.length, "task")}? Reply yes or no.\n${lines}${more}`,
      actions,
      pending: { kind: "confirm_delete", ids: tasks.map((task) => task.id) },
    };
  }
  const changed: TaskView[] = [];
  const problems: string[] = [];
  for (const task of tasks) {
    const outcome =
      intent.action === "complete"
        ? await call(tools, actions, "complete_task", { id: task.id })
        : intent.action === "reopen"
          ? await call(tools, actions, "complete_task", { id: task.id, reopen: true })
          : await call(tools, actions, "update_task", { id: task.id, ...intent.changes });
    if (outcome.ok) changed.push(intent.action === "update" ? task : outcome.data.task);
    else problems.push(`'${task.title}': ${outcome.message}`);
  }
  const verb = intent.action === "complete" ? "Completed" : intent.action === "reopen" ? "Reopened" : "Updated";
  const failed = problems.length ? `\nCouldn't change ${problems.join("; ")}.` : "";
  const ids = changed.map((task) => task.id);
  const record: UndoRecord | undefined = !changed.length
    ? undefined
    : intent.action === "complete"
      ? { kind: "completed", ids }
      : intent.action === "reopen"
        ? { kind: "reopened", ids }
        : { kind: "updated", tasks: changed };
  const after = intent.action === "update" ? "" : `\n${lines}${more}`;
  return { reply: `${verb} ${countInWords(changed.length, "task")}.${after}${failed}`, actions, ...(record && { undo: record }) };
}

/** The reply to a pending bulk delete: yes deletes them all, anything else nothing. */
async function confirmDelete(ids: string[], input: OfflineTurnInput, actions: ChatAction[]): Promise<TurnResult> {
  const deleted: TaskView[] = [];
  const problems: string[] = [];
  for (const id of ids) {
    const outcome = await call(input.tools, actions, "delete_task", { id });
    if (outcome.ok) deleted.push(outcome.data.task);
    else problems.push(outcome.message);
  }
  const failed = problems.length ? ` ${problems.length} could not be deleted: ${problems.join("; ")}.` : "";
  return {
    reply: `Deleted ${countInWords(deleted.length, "task")}.${failed}`,
    actions,
    ...(deleted.length && { undo: { kind: "deleted", tasks: deleted } }),
  };
}

/** A question for the user: which of these tasks? */
function whichOne(
  intent: PendingChoice["intent"],
  tasks: TaskView[],
  details: { changes: Changes; note?: string },
  input: OfflineTurnInput,
  actions: ChatAction[],
): TurnResult {
  const shown = tasks.slice(0, 5);
  const options = shown.map((task) => ({ id: task.id, title: task.title }));
  const list = shown.map((task, i) => `${i + 1}. ${taskInWords(task, input.timeZone, input.now)}`).join("\n");
  return {
    reply: `Which one do you mean?\n${list}\nReply with a number.`,
    actions,
    pending: { intent, changes: details.changes, ...(details.note !== undefined && { note: details.note }), options },
  };
}

/** Finds the task a request names, then acts on it, asks which one, or says none matches. */
async function onOneTask(
  intent: PendingChoice["intent"],
  target: string,
  details: { changes: Changes; note?: string; pastTense?: boolean },
  input: OfflineTurnInput,
  actions: ChatAction[],
): Promise<TurnResult> {
  if (PRONOUN.test(target.trim())) {
    const task = input.focus ? await call(input.tools, actions, "get_task", { id: input.focus }) : undefined;
    if (task?.ok) return { ...(await act(intent, task.data.task, details, input, actions)), actions, focus: task.data.task.id };
    return { reply: 'Which task do you mean? Tell me its name, for example "move call mom to friday".', actions };
  }
  const status = intent === "complete_task" ? "open" : intent === "reopen_task" ? "done" : "all";
  const found = await findTask(input.tools, target, status, actions);
  if (found.kind === "one") return { ...(await act(intent, found.task, details, input, actions)), actions, focus: found.task.id };
  if (found.kind === "several") return whichOne(intent, found.tasks, details, input, actions);
  // "I went for a run this morning" with no open task about running is not a request.
  if (details.pastTense) return { reply: `Sounds good! I didn't change anything: no open task matches '${target}'. ${HELP}`, actions };
  const hint = found.suggestions.length ? ` Did you mean ${found.suggestions.map((task) => `'${task.title}'`).join(" or ")}?` : "";
  const where = status === "open" ? "an open task" : status === "done" ? "a done task" : "a task";
  return { reply: `I couldn't find ${where} matching '${target}'.${hint}`, actions };
}

/**
 * One chat turn without a language model: the offline engine reads the message, and its intent
 * becomes tool calls. A target that matches several tasks becomes a question (answered next turn
 * by number, ordinal or distinguishing words); a bulk delete asks for a yes first; "undo"
 * reverses what the previous turn changed.
 */
export async function offlineTurn(input: OfflineTurnInput): Promise<TurnResult> {
  const actions: ChatAction[] = [];
  const { tools, timeZone, now, pending } = input;
  let message = input.message;

  if (pending) {
    if (isUndo(message)) return { reply: "OK, never mind. Nothing changed.", actions };
    if ("kind" in pending && pending.kind === "confirm_delete") {
      if (isYes(message)) return confirmDelete(pending.ids, input, actions);
      if (isNo(message)) return { reply: "OK, I didn't delete anything.", actions };
    } else if ("kind" in pending && pending.kind === "confirm_subtasks") {
      if (isNo(message)) return { reply: `OK, I left '${pending.title}' open.`, actions };
      if (isYes(message)) {
        const found = await call(tools, actions, "get_task", { id: pending.id });
        if (!found.ok) return { reply: failure(found), actions };
        const { reply, done } = await complete(found.data.task, input, actions, "complete");
        return { reply, actions, ...(done && { undo: { kind: "completed", ids: [done.id] } }), focus: pending.id };
      }
    } else if ("kind" in pending && pending.kind === "suggestion") {
      if (isYes(message)) message = pending.message;
      else if (isNo(message)) return { reply: `OK. ${HELP}`, actions };
    } else if ("options" in pending) {
      const chosen = readChoice(message, pending.options);
      if (chosen) {
        const found = await call(tools, actions, "get_task", { id: chosen.id });
        if (!found.ok) return { reply: failure(found), actions };
        const details = { changes: pending.changes, ...(pending.note !== undefined && { note: pending.note }) };
        return { ...(await act(pending.intent, found.data.task, details, input, actions)), actions, focus: found.data.task.id };
      }
    }
  }

  if (/^\s*(?:#?\d{1,2}|first|second|third|last)\s*[.!]?\s*$/i.test(message)) {
    return { reply: "I'm not sure what that refers to — there is no open question. " + HELP, actions };
  }
  const here = { ...input, message };
  // Lists: "what's on my work list", "add milk to groceries", "move X to work", "create a list called Home".
  const listed = await listTurn(here, (tool, toolInput) => call(tools, actions, tool, toolInput));
  if (listed && "reply" in listed) return { ...listed.reply, actions };
  if (listed) return onOneTask("update_task", listed.move.target, { changes: { list: listed.move.list } }, here, actions);
  const intent = interpret(message, { now, timeZone });
  switch (intent.intent) {
    case "undo":
      return { reply: await undo(input.undo, here, actions), actions };
    case "add_task": {
      const { intent: _add, ...fields } = intent;
      const outcome = await call(tools, actions, "add_task", fields);
      if (!outcome.ok) return { reply: failure(outcome), actions };
      return {
        reply: addedInWords(outcome.data.task, timeZone, now),
        actions,
        undo: { kind: "added", ids: [outcome.data.task.id] },
        focus: outcome.data.task.id,
      };
    }
    case "add_tasks": {
      const added: TaskView[] = [];
      const problems: string[] = [];
      for (const { intent: _add, ...fields } of intent.tasks) {
        const outcome = await call(tools, actions, "add_task", fields);
        if (outcome.ok) added.push(outcome.data.task);
        else problems.push(`'${fields.title}': ${outcome.message}`);
      }
      const lines = added.map((task) => `• ${taskInWords(task, timeZone, now)}`).join("\n");
      const failed = problems.length ? `\nI couldn't add ${problems.join("; ")}.` : "";
      return {
        reply: `Added ${countInWords(added.length, "task")}:\n${lines}${failed}`,
        actions,
        ...(added.length && { undo: { kind: "added", ids: added.map((task) => task.id) } }),
      };
    }
    case "complete_task":
      return onOneTask("complete_task", intent.target, { changes: {}, pastTense: intent.pastTense }, here, actions);
    case "reopen_task":
      return onOneTask("reopen_task", intent.target, { changes: {} }, here, actions);
    case "delete_task":
      return onOneTask("delete_task", intent.target, { changes: {} }, here, actions);
    case "add_note":
      return onOneTask("add_note", intent.target, { changes: {}, note: intent.note }, here, actions);
    case "update_task": {
      const { intent: _update, target, ...changes } = intent;
      return onOneTask("update_task", target, { changes }, here, actions);
    }
    case "bulk":
      return bulk(intent, here, actions);
    case "list_tasks": {
      const query: ToolInput<"list_tasks"> = { ...intent.filter, limit: 20, ...(intent.sort && { sort: intent.sort.by, order: intent.sort.order }) };
      const outcome = await call(tools, actions, "list_tasks", query);
      if (!outcome.ok) return { reply: failure(outcome), actions };
      const [only] = outcome.data.tasks;
      return {
        reply: listReply(outcome.data.tasks, outcome.data.nextCursor !== null, timeZone, now, query),
        actions,
        ...(only && outcome.data.tasks.length === 1 && { focus: only.id }),
      };
    }
    case "add_subtask":
    case "list_subtasks":
      return subtaskTurn(intent, here, actions);
    case "list_completed": {
      const done = await listAll(tools, { status: "done" }, actions);
      if (typeof done === "string") return { reply: failure({ message: done }), actions };
      const inPeriod = done.filter((task) => {
        const day = task.completedAt ? DateTime.fromISO(task.completedAt, { zone: timeZone }).toISODate() : null;
        return day !== null && day >= intent.from && day <= intent.to;
      });
      const day = intent.from === intent.to ? dueInWords({ dueAt: null, dueDate: intent.from }, timeZone, now) : null;
      const when = day === null ? "in that time" : day === "today" ? "today" : `on ${day}`;
      if (!inPeriod.length) return { reply: `You haven't completed any tasks ${when}.`, actions };
      const lines = inPeriod.slice(0, 10).map((task) => `• ${task.title}`);
      const extra = inPeriod.length > 10 ? `\n…and ${inPeriod.length - 10} more.` : "";
      return { reply: `You completed ${countInWords(inPeriod.length, "task")} ${when}:\n${lines.join("\n")}${extra}`, actions };
    }
    case "did_you_mean":
      return {
        reply: `Did you mean '${intent.suggestion}'? Reply yes and I'll do that.`,
        actions,
        pending: { kind: "suggestion", message: intent.suggestion },
      };
    case "not_a_request":
      if (intent.title) {
        const suggestion = `add ${message.trim()}`;
        return {
          reply: `I'm not sure that's a task, so I left your list as it is. Should I add '${intent.title}'? Reply yes and I will. ${HELP}`,
          actions,
          pending: { kind: "suggestion", message: suggestion },
        };
      }
      return { reply: HELP, actions };
    default:
      return { reply: HELP, actions };
  }
}

/** Subtasks: "add 'book flights' under trip planning" and "what's under trip planning". */
async function subtaskTurn(
  intent: Extract<ChatIntent, { intent: "add_subtask" | "list_subtasks" }>,
  input: OfflineTurnInput,
  actions: ChatAction[],
): Promise<TurnResult> {
  const { tools, timeZone, now } = input;
  const target = intent.intent === "add_subtask" ? intent.parent : intent.target;
  const found = await findTask(tools, target, "all", actions);
  if (found.kind === "several") {
    return { reply: `Which one do you mean: ${tasksInWords(found.tasks.slice(0, 5).map((task) => task.title))}? Say its full name.`, actions };
  }
  if (found.kind === "none") return { reply: `I couldn't find a task matching '${target}'.`, actions };
  const parent = found.task;
  if (intent.intent === "add_subtask") {
    const { intent: _add, ...fields } = intent.task;
    const outcome = await call(tools, actions, "add_task", { ...fields, parentId: parent.id });
    if (!outcome.ok) return { reply: failure(outcome), actions };
    const added = outcome.data.task;
    const when = dueInWords(added, timeZone, now);
    return {
      reply: `Added '${added.title}' under '${parent.title}'${when ? `, for ${when}` : ""}.`,
      actions,
      undo: { kind: "added", ids: [added.id] },
      focus: added.id,
    };
  }
  const shown = await call(tools, actions, "get_task", { id: parent.id });
  if (!shown.ok) return { reply: failure(shown), actions };
  const { subtasks } = shown.data;
  if (!subtasks.length) return { reply: `'${parent.title}' has no subtasks.`, actions, focus: parent.id };
  const done = subtasks.filter((subtask) => subtask.status === "done").length;
  const lines = subtasks.map((subtask, i) => `${i + 1}. ${taskInWords(subtask, timeZone, now)}${subtask.status === "done" ? " ✓" : ""}`);
  return { reply: `Under '${parent.title}' (${done} of ${subtasks.length} done):\n${lines.join("\n")}`, actions, focus: parent.id };
}

import { z } from "zod";
import { TaskViewSchema, UpdateTaskInput, type ToolErrorCode } from "@todo/services";

/** One tool call made during a turn, as the chat API reports it. */
export interface ChatAction {
  tool: string;
  input: Record<string, unknown>;
  result?: unknown;
  /** What went wrong, in words; `code` says which kind of failure it was. */
  error?: string;
  code?: ToolErrorCode;
  /** The step in words, for the page's action lines ("Added 'buy milk'"); never the tool's name. */
  summary?: string;
}

/**
 * A question the assistant left open: which of these tasks did you mean? It is stored with the
 * reply and read back on the next turn, so it has a schema: what comes back from the database is
 * parsed, not trusted.
 */
export const PendingChoice = z.object({
  intent: z.enum(["complete_task", "delete_task", "update_task", "reopen_task", "add_note"]),
  /** The change to make once the task is chosen (update_task only; empty otherwise). */
  changes: UpdateTaskInput,
  /** add_note: the text to append to the chosen task's description. */
  note: z.string().max(10_000).optional(),
  options: z.array(z.object({ id: z.string(), title: z.string() })),
});
export type PendingChoice = z.infer<typeof PendingChoice>;

/** "Delete 3 tasks? Reply yes or no": the tasks a yes deletes. */
export const PendingDelete = z.object({ kind: z.literal("confirm_delete"), ids: z.array(z.string()).max(500) });
/** "Did you mean 'remind me to …'?": the message a yes runs. */
export const PendingSuggestion = z.object({ kind: z.literal("suggestion"), message: z.string().max(1_000) });
/** Subtasks: "Complete its 2 open subtasks too?": the task a yes completes with them. */
export const PendingSubtasks = z.object({ kind: z.literal("confirm_subtasks"), id: z.string(), title: z.string().max(500) });
/** Any question the previous turn left open. */
export const Pending = z.union([PendingChoice, PendingDelete, PendingSuggestion, PendingSubtasks]);
export type Pending = z.infer<typeof Pending>;

/**
 * What "undo" reverses: the bot's last change in the conversation. `deleted` and `updated` keep
 * the tasks as they were before (to restore them, or put back their previous values).
 */
export const UndoRecord = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("added"), ids: z.array(z.string()) }),
  z.object({ kind: z.literal("completed"), ids: z.array(z.string()) }),
  z.object({ kind: z.literal("reopened"), ids: z.array(z.string()) }),
  z.object({ kind: z.literal("deleted"), tasks: z.array(TaskViewSchema) }),
  z.object({ kind: z.literal("updated"), tasks: z.array(TaskViewSchema) }),
]);
export type UndoRecord = z.infer<typeof UndoRecord>;

/**
 * The language model's side of a turn besides its reply, in the order it happened: each assistant
 * message that called tools (its text, if any, and the calls) and each tool result fed back. Kept
 * with the reply so the next turn shows the model what it did ("move it to friday" needs the id a
 * result gave). Read back from the database, so it has a schema.
 */
export const ToolExchange = z.discriminatedUnion("role", [
  z.object({
    role: z.literal("assistant"),
    content: z.string().nullable(),
    toolCalls: z.array(z.object({ id: z.string(), name: z.string(), arguments: z.string() })).min(1),
  }),
  z.object({ role: z.literal("tool"), toolCallId: z.string(), content: z.string() }),
]);
export type ToolExchange = z.infer<typeof ToolExchange>;

export interface TurnResult {
  reply: string;
  actions: ChatAction[];
  pending?: Pending;
  undo?: UndoRecord;
  /** Offline mode: the id of the one task this turn acted on or showed, which "it" means next. */
  focus?: string;
  /** LLM mode: the tool calls and results of this turn (see ToolExchange). */
  toolExchanges?: ToolExchange[];
}

/** Receives the reply's text as it is produced (a token or a few at a time). */
export type OnDelta = (text: string) => Promise<void> | void;

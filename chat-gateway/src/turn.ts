import { z } from "zod";
import { UpdateTaskInput, type ToolErrorCode } from "@todo/services";

/** One tool call made during a turn, as the chat API reports it. */
export interface ChatAction {
  tool: string;
  input: Record<string, unknown>;
  result?: unknown;
  /** What went wrong, in words; `code` says which kind of failure it was. */
  error?: string;
  code?: ToolErrorCode;
}

/**
 * A question the assistant left open: which of these tasks did you mean? It is stored with the
 * reply and read back on the next turn, so it has a schema: what comes back from the database is
 * parsed, not trusted.
 */
export const PendingChoice = z.object({
  intent: z.enum(["complete_task", "delete_task", "update_task"]),
  /** The change to make once the task is chosen (update_task only; empty otherwise). */
  changes: UpdateTaskInput,
  options: z.array(z.object({ id: z.string(), title: z.string() })),
});
export type PendingChoice = z.infer<typeof PendingChoice>;

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
  pending?: PendingChoice;
  /** LLM mode: the tool calls and results of this turn (see ToolExchange). */
  toolExchanges?: ToolExchange[];
}

/** Receives the reply's text as it is produced (a token or a few at a time). */
export type OnDelta = (text: string) => Promise<void> | void;

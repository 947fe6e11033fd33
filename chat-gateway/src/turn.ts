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

export interface TurnResult {
  reply: string;
  actions: ChatAction[];
  pending?: PendingChoice;
}

/** One tool call made during a turn, as the chat API reports it. */
export interface ChatAction {
  tool: string;
  input: Record<string, unknown>;
  result?: unknown;
  error?: string;
}

/** A question the assistant left open: which of these tasks did you mean? */
export interface PendingChoice {
  intent: "complete_task" | "delete_task" | "update_task";
  changes: Record<string, unknown>;
  options: Array<{ id: string; title: string }>;
}

export interface TurnResult {
  reply: string;
  actions: ChatAction[];
  pending?: PendingChoice;
}

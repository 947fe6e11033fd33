import type { Priority, RecurrenceMode } from "../tasks/task-model.ts";
import type { SortField } from "../tasks/task-inputs.ts";

export const INTENTS = ["add_task", "update_task", "complete_task", "delete_task", "list_tasks", "unknown"] as const;
export type IntentName = (typeof INTENTS)[number];

export interface ListFilter {
  status?: "open" | "done" | "all";
  priority?: Priority[];
  tags?: string[];
  dueFrom?: string;
  dueTo?: string;
  overdue?: boolean;
  recurring?: boolean;
  search?: string;
}

/** What one utterance asks for, following ../shared/nl/CONVENTIONS.md. Absent fields were not said; null clears. */
export interface ParsedIntent {
  intent: IntentName;
  title?: string;
  target?: string;
  priority?: Priority;
  tags?: string[];
  dueAt?: string | null;
  dueDate?: string | null;
  recurrence?: string | null;
  recurrenceMode?: RecurrenceMode;
  reminderMinutesBefore?: number | null;
  filter?: ListFilter;
  sort?: { by: SortField; order: "asc" | "desc" };
}

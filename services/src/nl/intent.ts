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

/** Task fields a phrase said; a field not said is absent. */
export interface SaidFields {
  priority?: Priority;
  tags?: string[];
  dueAt?: string;
  dueDate?: string;
  recurrence?: string;
  recurrenceMode?: RecurrenceMode;
  reminderMinutesBefore?: number;
  /** Several reminders, or an absolute one ("remind me 1 day before and 1 hour before", "remind me on Dec 3 at 8am"). */
  reminders?: SaidReminder[];
}

/** A reminder said: minutes before the due moment, or an instant (ISO 8601 with the user's offset). */
export type SaidReminder = { minutesBefore: number } | { at: string };

/** "remind me to call mom every sunday at 6pm": a new task and what was said about it. */
export interface AddTaskIntent extends SaidFields {
  intent: "add_task";
  title: string;
}

/** A change to the task `target` names: absent fields stay as they are, null clears a field. */
export interface UpdateTaskIntent {
  intent: "update_task";
  target: string;
  title?: string;
  priority?: Priority;
  tags?: string[];
  dueAt?: string | null;
  dueDate?: string | null;
  recurrence?: string | null;
  recurrenceMode?: RecurrenceMode;
  reminderMinutesBefore?: number | null;
  /** null: remove all the task's reminders ("remove the reminders from X"). */
  reminders?: SaidReminder[] | null;
}

export interface CompleteTaskIntent {
  intent: "complete_task";
  target: string;
}

export interface DeleteTaskIntent {
  intent: "delete_task";
  target: string;
}

export interface ListTasksIntent {
  intent: "list_tasks";
  filter?: ListFilter;
  sort?: { by: SortField; order: "asc" | "desc" };
}

/** Small talk, a question that is not about tasks, or nothing that could be a title. */
export interface UnknownIntent {
  intent: "unknown";
}

/** What one utterance asks for, following ../shared/nl/CONVENTIONS.md, told apart by `intent`. */
export type ParsedIntent = AddTaskIntent | UpdateTaskIntent | CompleteTaskIntent | DeleteTaskIntent | ListTasksIntent | UnknownIntent;

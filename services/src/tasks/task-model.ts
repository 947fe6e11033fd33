import { DateTime } from "luxon";
import { formatInstant, localDate } from "../time/zone.ts";
import { firstMinutesBefore, remindersToView, type ReminderView, type TaskReminder } from "../reminders/task-reminders.ts";
import type { ListRef } from "../lists/list-model.ts";

export const PRIORITIES = ["low", "medium", "high", "urgent"] as const;
export type Priority = (typeof PRIORITIES)[number];
export const STATUSES = ["open", "done"] as const;
export type TaskStatus = (typeof STATUSES)[number];
export const RECURRENCE_MODES = ["schedule", "completion"] as const;
export type RecurrenceMode = (typeof RECURRENCE_MODES)[number];

/** A task as stored. `dueDate` is a local calendar date (YYYY-MM-DD). */
export interface TaskRecord {
  id: string;
  userId: string;
  title: string;
  description: string | null;
  status: TaskStatus;
  priority: Priority;
  tags: string[];
  dueAt: Date | null;
  dueDate: string | null;
  /** dueAt, or the start of dueDate in the owner's zone: orders timed and all-day tasks together */
  dueSortAt: Date | null;
  recurrence: string | null;
  recurrenceMode: RecurrenceMode | null;
  /** Reminders (0-5): relative to the due moment or absolute; see TaskReminder. */
  reminders: TaskReminder[];
  seriesId: string | null;
  /** 1-based position in its series */
  occurrenceIndex: number;
  /**
   * A timed task's intended local time of day "HH:MM:SS" in the owner's zone: dueAt's, except when
   * that time fell in a DST gap and dueAt moved forward. Its series' next occurrences keep it.
   */
  seriesWallTime: string | null;
  completedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  /** Set while the task is in the trash: deleted, restorable until purged. */
  deletedAt: Date | null;
  // Subtasks
  /** The task this one is a subtask of (one level only), or null. */
  parentId: string | null;
  /** 0-based order among its parent's subtasks (0 for a task that is not a subtask). */
  position: number;
  /** Its subtasks outside the trash, as the store counted them when it read the task. */
  subtaskCount: SubtaskCount;
  // Lists (projects)
  listId: string;
  /** its list, read with the task */
  list: ListRef;
}

/** How many subtasks a task has outside the trash, and how many of them are done. */
export interface SubtaskCount {
  total: number;
  done: number;
}

/** The fields a use case may write; the store adds ids, timestamps and the version (and moves tasks to and from the trash). */
export type TaskFields = Omit<TaskRecord, "id" | "userId" | "createdAt" | "updatedAt" | "version" | "deletedAt" | "subtaskCount" | "list">;

/** A task as the API, the tools and the events show it: instants in the owner's zone. */
export interface TaskView {
  id: string;
  title: string;
  description: string | null;
  status: TaskStatus;
  priority: Priority;
  tags: string[];
  dueAt: string | null;
  dueDate: string | null;
  overdue: boolean;
  recurrence: string | null;
  recurrenceMode: RecurrenceMode | null;
  /** The first relative reminder's offset in minutes, or null (the one-reminder field, kept for older clients). */
  reminderMinutesBefore: number | null;
  /** Reminders: `{ id, minutesBefore }` before the due moment, or `{ id, at }` at an instant (owner's offset); absent in events written before several reminders. */
  reminders?: ReminderView[];
  seriesId: string | null;
  occurrenceIndex: number;
  /** The intended local time of day "HH:MM:SS" of a timed task (see TaskRecord); absent in events written before it existed. */
  seriesWallTime?: string | null;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** When it was moved to the trash; present only on a task in the trash. */
  deletedAt?: string;
  // Subtasks
  /** The task this one is a subtask of, or null. */
  parentId: string | null;
  /** 0-based order among its parent's subtasks (0 when not a subtask). */
  position: number;
  /** Its subtasks (outside the trash) and how many of them are done; {0, 0} for a subtask. */
  subtaskCount: SubtaskCount;
  /** The list it is in (Lists). */
  list: ListRef;
}

/** A timed task is overdue once its instant passed; an all-day task once its day is over. */
export function isOverdue(task: Pick<TaskRecord, "status" | "dueAt" | "dueDate">, now: Date, timeZone: string): boolean {
  if (task.status !== "open") return false;
  if (task.dueAt) return task.dueAt.getTime() < now.getTime();
  if (task.dueDate) return task.dueDate < localDate(now, timeZone);
  return false;
}

/** The instant used to order timed and all-day tasks together (an all-day task at the start of its day). */
export function dueSortInstant(task: Pick<TaskRecord, "dueAt" | "dueDate">, timeZone: string): Date | null {
  if (task.dueAt) return task.dueAt;
  if (task.dueDate) return DateTime.fromISO(task.dueDate, { zone: timeZone }).startOf("day").toJSDate();
  return null;
}

export function toTaskView(task: TaskRecord, now: Date, timeZone: string): TaskView {
  return {
    id: task.id,
    title: task.title,
    description: task.description,
    status: task.status,
    priority: task.priority,
    tags: task.tags,
    dueAt: task.dueAt ? formatInstant(task.dueAt, timeZone) : null,
    dueDate: task.dueDate,
    overdue: isOverdue(task, now, timeZone),
    recurrence: task.recurrence,
    recurrenceMode: task.recurrenceMode,
    reminderMinutesBefore: firstMinutesBefore(task.reminders),
    reminders: remindersToView(task.reminders, timeZone),
    seriesId: task.seriesId,
    occurrenceIndex: task.occurrenceIndex,
    seriesWallTime: task.seriesWallTime,
    completedAt: task.completedAt ? formatInstant(task.completedAt, timeZone) : null,
    createdAt: formatInstant(task.createdAt, timeZone),
    updatedAt: formatInstant(task.updatedAt, timeZone),
    version: task.version,
    ...(task.deletedAt ? { deletedAt: formatInstant(task.deletedAt, timeZone) } : {}),
    parentId: task.parentId,
    position: task.position,
    subtaskCount: task.subtaskCount,
    list: { id: task.list.id, name: task.list.name, color: task.list.color },
  };
}

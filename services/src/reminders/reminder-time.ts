import { DateTime } from "luxon";
import type { TaskView } from "../tasks/task-model.ts";

export interface ReminderPlan {
  taskId: string;
  userId: string;
  title: string;
  /** When the reminder fires. */
  fireAt: Date;
  /** The due moment in words for the notification ("due 2026-11-27 18:00" or "due 2026-11-27"). */
  dueLabel: string;
}

/**
 * When a task's reminder fires: its due moment minus the offset. An all-day task's due moment is
 * `allDayHour` o'clock on its date in the owner's zone. No reminder for a done task, a task without
 * a due moment, or one without an offset.
 */
export function planReminder(task: Omit<TaskView, "list">, owner: { userId: string; timeZone: string }, allDayHour: number): ReminderPlan | null {
  if (task.status !== "open" || task.reminderMinutesBefore === null) return null;
  let due: DateTime;
  let dueLabel: string;
  if (task.dueAt) {
    due = DateTime.fromISO(task.dueAt, { zone: owner.timeZone });
    dueLabel = `due ${due.toFormat("ccc d LLL, HH:mm")}`;
  } else if (task.dueDate) {
    due = DateTime.fromISO(task.dueDate, { zone: owner.timeZone }).set({ hour: allDayHour });
    dueLabel = `due ${due.toFormat("ccc d LLL")}`;
  } else {
    return null;
  }
  const fireAt = due.minus({ minutes: task.reminderMinutesBefore }).toJSDate();
  return { taskId: task.id, userId: owner.userId, title: task.title, fireAt, dueLabel };
}

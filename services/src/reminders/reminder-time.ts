import { DateTime } from "luxon";
import type { TaskView } from "../tasks/task-model.ts";
import type { ReminderView } from "./task-reminders.ts";

/** The id a reminder is known by when its event predates reminder ids (it carried reminderMinutesBefore only). */
export const LEGACY_REMINDER_ID = "00000000-0000-0000-0000-000000000000";

export interface ReminderPlan {
  taskId: string;
  /** Which of the task's reminders (TaskView.reminders[].id). */
  reminderId: string;
  userId: string;
  title: string;
  /** When the reminder fires. */
  fireAt: Date;
  /** The due moment in words for the notification ("due Thu 26 Nov, 14:00" or "due Thu 26 Nov"), or "no due date". */
  dueLabel: string;
}

/**
 * When each of a task's reminders fires: a relative one at its due moment minus the offset (an
 * all-day task's due moment is `allDayHour` o'clock on its date in the owner's zone), an absolute
 * one at its instant. None for a task that is not open; a relative one needs a due moment. A task
 * from an event that predates several reminders has its `reminderMinutesBefore` as one relative
 * reminder with id LEGACY_REMINDER_ID.
 */
export function planReminders(
  task: Pick<TaskView, "id" | "title" | "status" | "dueAt" | "dueDate" | "reminderMinutesBefore"> & {
    reminders?: readonly ReminderView[] | undefined;
  },
  owner: { userId: string; timeZone: string },
  allDayHour: number,
): ReminderPlan[] {
  if (task.status !== "open") return [];
  const reminders: readonly ReminderView[] =
    task.reminders ?? (task.reminderMinutesBefore === null ? [] : [{ id: LEGACY_REMINDER_ID, minutesBefore: task.reminderMinutesBefore }]);
  if (reminders.length === 0) return [];
  let due: DateTime | null = null;
  let dueLabel = "no due date";
  if (task.dueAt) {
    due = DateTime.fromISO(task.dueAt, { zone: owner.timeZone });
    dueLabel = `due ${due.toFormat("ccc d LLL, HH:mm")}`;
  } else if (task.dueDate) {
    due = DateTime.fromISO(task.dueDate, { zone: owner.timeZone }).set({ hour: allDayHour });
    dueLabel = `due ${due.toFormat("ccc d LLL")}`;
  }
  const plans: ReminderPlan[] = [];
  for (const reminder of reminders) {
    let fireAt: Date;
    if ("minutesBefore" in reminder) {
      if (!due) continue;
      fireAt = due.minus({ minutes: reminder.minutesBefore }).toJSDate();
    } else {
      fireAt = new Date(reminder.at);
      if (Number.isNaN(fireAt.getTime())) continue;
    }
    plans.push({ taskId: task.id, reminderId: reminder.id, userId: owner.userId, title: task.title, fireAt, dueLabel });
  }
  return plans;
}

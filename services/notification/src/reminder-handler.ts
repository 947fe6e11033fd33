import { classifyFailure, planReminders, type Clock, type EventHandler, type TaskCloudEvent } from "@todo/services";
import type { Logger } from "pino";
import type { ReminderScheduler } from "./reminder-scheduler.ts";
import { notificationMetrics } from "./metrics.ts";

export const NOTIFICATION_CONSUMER = "notification";

export interface ReminderHandlerOptions {
  scheduler: ReminderScheduler;
  clock: Clock;
  logger: Logger;
  /** The local hour an all-day task's reminder is counted from (default 9). */
  allDayHour: number;
  /** How far in the past a reminder may be and still be scheduled (it then fires at once). */
  graceMs?: number;
  /** Also tell open pages that a task changed (the live dashboard). */
  onTaskChanged?: (userId: string, taskId: string, type: string, title: string) => void;
}

const REMINDER_FIELDS = ["reminders", "reminderMinutesBefore", "dueAt", "dueDate", "status"];

/**
 * Whether a reminder might exist that this event should remove. A new task has none yet, and a
 * change that left the task without a reminder offset and touched none of the fields a reminder
 * depends on cannot have had one either — skipping those spares the scheduler a call per edit.
 */
function mayHaveReminder(event: TaskCloudEvent): boolean {
  if (event.type === "task.created") return false;
  const task = event.data.task;
  if (event.type !== "task.updated" || task.reminderMinutesBefore !== null || (task.reminders?.length ?? 0) > 0) return true;
  const changed = event.data.changedFields;
  return !changed || changed.some((field) => REMINDER_FIELDS.includes(field));
}

/**
 * Keeps each task's reminders in step with the task: created or moved when the task is created,
 * changed, reopened or restored from the trash; cancelled when it is completed, deleted (moved to
 * the trash), or when a reminder is removed or (a relative one) loses its due moment. Reminders
 * more than the grace period in the past are not scheduled. A failure is
 * answered as `classifyFailure` says: DROP for data that can never be planned, RETRY otherwise.
 */
export function reminderHandler(options: ReminderHandlerOptions): EventHandler {
  const graceMs = options.graceMs ?? 60 * 60_000;
  return async (event) => {
    const { task, userId, timeZone } = event.data;
    try {
      options.onTaskChanged?.(userId, task.id, event.type, task.title);
      const earliest = options.clock.now().getTime() - graceMs;
      const plans =
        event.type === "task.deleted"
          ? []
          : planReminders(task, { userId, timeZone }, options.allDayHour).filter((plan) => plan.fireAt.getTime() > earliest);
      if (plans.length || mayHaveReminder(event)) await options.scheduler.sync(task.id, plans);
      notificationMetrics.eventsConsumed.inc({ consumer: NOTIFICATION_CONSUMER, result: "SUCCESS" });
      return "SUCCESS";
    } catch (error) {
      if (classifyFailure(error) === "DROP") {
        options.logger.warn(
          { eventId: event.id, taskId: task.id, reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) },
          "cannot plan a reminder for this event; dropping",
        );
        notificationMetrics.eventsConsumed.inc({ consumer: NOTIFICATION_CONSUMER, result: "DROP" });
        return "DROP";
      }
      options.logger.error({ err: error, eventId: event.id }, "could not update the reminder; will retry");
      notificationMetrics.eventsConsumed.inc({ consumer: NOTIFICATION_CONSUMER, result: "RETRY" });
      return "RETRY";
    }
  };
}

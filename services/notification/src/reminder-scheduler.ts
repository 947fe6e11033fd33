import type { ReminderPlan } from "@todo/services";

/** Where reminders wait for their time: a table in embedded mode, Dapr jobs in distributed mode. */
export interface ReminderScheduler {
  /** Creates or moves the task's reminder. */
  schedule(plan: ReminderPlan): Promise<void>;
  /** Removes the task's reminder, if it has one. */
  cancel(taskId: string): Promise<void>;
}

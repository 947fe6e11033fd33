import type { ReminderPlan } from "@todo/services";

/** Where reminders wait for their time: a table in embedded mode, Dapr jobs in distributed mode. */
export interface ReminderScheduler {
  /**
   * Makes the task's scheduled reminders exactly `plans` (each for `taskId`, told apart by
   * reminderId): new ones scheduled, moved ones moved, the task's other pending ones cancelled.
   * A reminder already delivered at the same fireAt is not scheduled again.
   */
  sync(taskId: string, plans: readonly ReminderPlan[]): Promise<void>;
  /** Removes all the task's pending reminders (same as sync with none). */
  cancel(taskId: string): Promise<void>;
}

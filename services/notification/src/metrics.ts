import { Counter } from "prom-client";

export const notificationMetrics = {
  remindersScheduled: new Counter({ name: "todo_reminders_scheduled_total", help: "Reminders scheduled or moved" }),
  remindersCancelled: new Counter({ name: "todo_reminders_cancelled_total", help: "Reminders cancelled" }),
  remindersFired: new Counter({ name: "todo_reminders_fired_total", help: "Reminders delivered" }),
  remindersLate: new Counter({
    name: "todo_reminders_late_total",
    help: "Reminders delivered after their time (missed while down, within the grace period)",
  }),
  remindersMissed: new Counter({ name: "todo_reminders_missed_total", help: "Reminders given up: too late or failing" }),
  pushFailures: new Counter({ name: "todo_push_failures_total", help: "Web Push deliveries that failed", labelNames: ["reason"] }),
  eventsConsumed: new Counter({ name: "todo_events_consumed_total", help: "Task events handled", labelNames: ["consumer", "result"] }),
};

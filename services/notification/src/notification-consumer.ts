import { idempotent, idempotentBatch, type BatchEventHandler, type Clock, type EventHandler, type ProcessedEvents } from "@todo/services";
import type { Logger } from "pino";
import type { NotificationHub } from "./notification-hub.ts";
import type { ReminderScheduler } from "./reminder-scheduler.ts";
import { NOTIFICATION_CONSUMER, reminderHandler } from "./reminder-handler.ts";

export interface NotificationConsumerDeps {
  /** The Reminder table (embedded) or Dapr Jobs (distributed). */
  scheduler: ReminderScheduler;
  processed: ProcessedEvents;
  /** Open pages of each user (SSE): told of every task change, for the live dashboard. */
  hub: NotificationHub;
  clock: Clock;
  logger: Logger;
  /** The local hour (0–23) an all-day task's reminder is counted from. */
  allDayHour: number;
  /** How far in the past (minutes) a reminder may be and still be scheduled, firing at once. */
  graceMinutes: number;
}

/**
 * The notification consumer, wired once: the embedded in-process bus and the service's Dapr app
 * both subscribe exactly this handler, so the two modes answer the same event the same way. `handleBatch`
 * answers a batch (Dapr bulk subscribe, the in-process bus) with one idempotency look-up and write.
 */
export function createNotificationConsumer(deps: NotificationConsumerDeps): { name: string; handle: EventHandler; handleBatch: BatchEventHandler } {
  const handler = reminderHandler({
    scheduler: deps.scheduler,
    clock: deps.clock,
    logger: deps.logger,
    allDayHour: deps.allDayHour,
    graceMs: deps.graceMinutes * 60_000,
    onTaskChanged: (userId, taskId, type, title) =>
      deps.hub.publish(userId, { kind: "task-changed", taskId, title, body: type, at: deps.clock.now().toISOString() }),
  });
  return {
    name: NOTIFICATION_CONSUMER,
    handle: idempotent(NOTIFICATION_CONSUMER, deps.processed, handler),
    handleBatch: idempotentBatch(NOTIFICATION_CONSUMER, deps.processed, handler, {
      onError: (error, event) => deps.logger.error({ err: error, eventId: event.id }, "could not update the reminder; will retry"),
    }),
  };
}

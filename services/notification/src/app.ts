import { Hono } from "hono";
import type { Logger } from "pino";
import { register } from "prom-client";
import { idempotent, systemClock, type ProcessedEvents } from "@todo/services";
import { daprSubscriberRoutes, type DaprSubscription } from "@todo/event-consumer";
import type { DeliverReminder } from "./deliver-reminder.ts";
import type { NotificationHub } from "./notification-hub.ts";
import type { PushStore } from "./push-store.ts";
import type { ReminderScheduler } from "./reminder-scheduler.ts";
import { NOTIFICATION_CONSUMER, reminderHandler } from "./reminder-handler.ts";
import { notificationRoutes, type Authenticate } from "./routes.ts";

export interface NotificationAppOptions {
  subscription: DaprSubscription;
  scheduler: ReminderScheduler;
  deliver: DeliverReminder;
  processed: ProcessedEvents;
  hub: NotificationHub;
  pushes: PushStore;
  authenticate: Authenticate;
  vapidPublicKey: string;
  allDayHour: number;
  logger: Logger;
}

/** The notification service for Dapr: events in, reminder jobs out and back, push and SSE for the browser. */
export function createNotificationApp(options: NotificationAppOptions): Hono {
  const app = new Hono();
  const handler = idempotent(
    NOTIFICATION_CONSUMER,
    options.processed,
    reminderHandler({
      scheduler: options.scheduler,
      clock: systemClock,
      logger: options.logger,
      allDayHour: options.allDayHour,
      onTaskChanged: (userId, taskId, type, title) =>
        options.hub.publish(userId, { kind: "task-changed", taskId, title, body: type, at: new Date().toISOString() }),
    }),
  );
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/metrics", async (c) => c.body(await register.metrics(), 200, { "content-type": register.contentType }));
  app.route("/", daprSubscriberRoutes(options.subscription, handler, options.logger));
  // Dapr calls the job back with the data it was scheduled with; a non-2xx answer makes it retry.
  app.post("/job/:name", async (c) => {
    const body = (await c.req.json().catch(() => null)) as { taskId?: string; userId?: string; title?: string; dueLabel?: string; fireAt?: string } | null;
    const data = body && "data" in body ? (body as { data: typeof body }).data : body;
    if (!data?.taskId || !data.userId || !data.title) {
      options.logger.warn({ job: c.req.param("name") }, "reminder job without its data; dropping");
      return c.json({ status: "DROP" });
    }
    try {
      await options.deliver({ taskId: data.taskId, userId: data.userId, title: data.title, dueLabel: data.dueLabel ?? "", ...(data.fireAt ? { fireAt: new Date(data.fireAt) } : {}) });
      return c.json({ status: "SUCCESS" });
    } catch (error) {
      options.logger.warn({ err: error, job: c.req.param("name") }, "reminder delivery failed; Dapr will retry");
      return c.json({ status: "RETRY" }, 500);
    }
  });
  app.route("/", notificationRoutes(options));
  return app;
}

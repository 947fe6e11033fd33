import { Hono } from "hono";
import type { Logger } from "pino";
import type { EventHandler } from "@todo/services";
import { daprSubscriberRoutes, type DaprSubscription } from "@todo/event-consumer";
import type { DeliverReminder } from "./deliver-reminder.ts";
import type { NotificationHub } from "./notification-hub.ts";
import type { PushStore } from "./push-store.ts";
import { notificationRoutes, type Authenticate } from "./routes.ts";

export interface NotificationAppOptions {
  subscription: DaprSubscription;
  /** See createNotificationConsumer. */
  consumer: { handle: EventHandler };
  deliver: DeliverReminder;
  hub: NotificationHub;
  pushes: PushStore;
  authenticate: Authenticate;
  vapidPublicKey: string;
  /** Tests and labs only: accept push endpoints on loopback/private hosts. */
  allowPrivatePushEndpoints?: boolean;
  logger: Logger;
}

/** The notification service for Dapr: events in, reminder jobs out and back, push and SSE for the browser. */
export function createNotificationApp(options: NotificationAppOptions): Hono {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.route("/", daprSubscriberRoutes(options.subscription, options.consumer.handle, options.logger));
  // Dapr calls the job back with the data it was scheduled with; a non-2xx answer makes it retry.
  app.post("/job/:name", async (c) => {
    const body = (await c.req.json().catch(() => null)) as {
      taskId?: string;
      reminderId?: string;
      userId?: string;
      title?: string;
      dueLabel?: string;
      fireAt?: string;
    } | null;
    const data = body && "data" in body ? (body as { data: typeof body }).data : body;
    if (!data?.taskId || !data.userId || !data.title) {
      options.logger.warn({ job: c.req.param("name") }, "reminder job without its data; dropping");
      return c.json({ status: "DROP" });
    }
    try {
      await options.deliver({
        taskId: data.taskId,
        ...(typeof data.reminderId === "string" ? { reminderId: data.reminderId } : {}),
        userId: data.userId,
        title: data.title,
        dueLabel: data.dueLabel ?? "",
        ...(data.fireAt ? { fireAt: new Date(data.fireAt) } : {}),
      });
      return c.json({ status: "SUCCESS" });
    } catch (error) {
      options.logger.warn({ err: error, job: c.req.param("name") }, "reminder delivery failed; Dapr will retry");
      return c.json({ status: "RETRY" }, 500);
    }
  });
  app.route("/", notificationRoutes(options));
  return app;
}

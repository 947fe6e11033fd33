import { Hono } from "hono";
import type { EventHandler } from "@todo/services";
import type { Logger } from "pino";
import { daprSubscriberRoutes, type DaprSubscription } from "@todo/event-consumer";

/** The recurrence worker's HTTP app for Dapr: subscription, deliveries (to `consumer`, see createRecurrenceConsumer), health. */
export function createRecurrenceApp(options: { subscription: DaprSubscription; consumer: { handle: EventHandler }; logger: Logger }) {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.route("/", daprSubscriberRoutes(options.subscription, options.consumer.handle, options.logger));
  return app;
}

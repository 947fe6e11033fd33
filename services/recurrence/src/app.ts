import { Hono } from "hono";
import type { Logger } from "pino";
import { daprSubscriberRoutes, type DaprSubscription, type SubscribedConsumer } from "@todo/event-consumer";

/** The recurrence worker's HTTP app for Dapr: subscription, deliveries (to `consumer`, see createRecurrenceConsumer), health. */
export function createRecurrenceApp(options: { subscription: DaprSubscription; consumer: SubscribedConsumer; logger: Logger }) {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.route("/", daprSubscriberRoutes(options.subscription, options.consumer, options.logger));
  return app;
}

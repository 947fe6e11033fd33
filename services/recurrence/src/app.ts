import { Hono } from "hono";
import type { Logger } from "pino";
import type { ProcessedEvents } from "@todo/services";
import { idempotent } from "@todo/services";
import { daprSubscriberRoutes, type DaprSubscription } from "@todo/event-consumer";
import { RECURRENCE_CONSUMER, recurrenceHandler, type ContinueSeries } from "./recurrence-handler.ts";

/** The recurrence worker's HTTP app for Dapr: subscription, deliveries, health. */
export function createRecurrenceApp(options: { subscription: DaprSubscription; continueSeries: ContinueSeries; processed: ProcessedEvents; logger: Logger }) {
  const app = new Hono();
  const handler = idempotent(RECURRENCE_CONSUMER, options.processed, recurrenceHandler(options.continueSeries, options.logger));
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.route("/", daprSubscriberRoutes(options.subscription, handler, options.logger));
  return app;
}

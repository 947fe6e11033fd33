import { Hono } from "hono";
import { describeZodError, ListCloudEvent, TaskCloudEvent, type EventHandler } from "@todo/services";
import type { Logger } from "pino";

export interface DaprSubscription {
  pubsubName: string;
  topic: string;
  deadLetterTopic: string;
  /** The route Dapr delivers to, e.g. /events/task-events */
  route: string;
}

/**
 * Answers Dapr's pub/sub callbacks for one consumer: `GET /dapr/subscribe` lists the subscription
 * (with its dead-letter topic), and each delivery is answered with an explicit status. A handler
 * that throws is answered RETRY, never acknowledged by accident; an event that is not a valid
 * task CloudEvent is logged and answered DROP (Dapr then sends it to the dead-letter topic).
 */
export function daprSubscriberRoutes(subscription: DaprSubscription, handler: EventHandler, logger: Logger): Hono {
  const app = new Hono();
  app.get("/dapr/subscribe", (c) =>
    c.json([
      {
        pubsubname: subscription.pubsubName,
        topic: subscription.topic,
        route: subscription.route,
        deadLetterTopic: subscription.deadLetterTopic,
      },
    ]),
  );
  app.post(subscription.route, async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      logger.warn({ route: subscription.route }, "dropping a delivery that is not JSON");
      return c.json({ status: "DROP" });
    }
    const parsed = TaskCloudEvent.safeParse(body);
    // List events share the topic; the task consumers have nothing to do with them.
    if (!parsed.success && ListCloudEvent.safeParse(body).success) return c.json({ status: "SUCCESS" });
    if (!parsed.success) {
      const id = (body as { id?: unknown } | null)?.id;
      logger.warn({ eventId: typeof id === "string" ? id : undefined, reason: describeZodError(parsed.error, "event") }, "dropping an invalid event");
      return c.json({ status: "DROP" });
    }
    try {
      return c.json({ status: await handler(parsed.data) });
    } catch (error) {
      logger.error({ err: error, eventId: parsed.data.id }, "event handler failed; asking Dapr to retry");
      return c.json({ status: "RETRY" });
    }
  });
  return app;
}

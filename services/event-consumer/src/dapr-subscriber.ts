import { Hono } from "hono";
import { z } from "zod";
import { describeZodError, ListCloudEvent, TaskCloudEvent, type BatchEventHandler, type EventHandler, type HandlerResult } from "@todo/services";
import type { Logger } from "pino";

export interface DaprSubscription {
  pubsubName: string;
  topic: string;
  deadLetterTopic: string;
  /** The route Dapr delivers to, e.g. /events/task-events */
  route: string;
  /**
   * Dapr bulk subscribe: up to `maxMessagesCount` events per delivery, sent when that many are
   * waiting or after `maxAwaitDurationMs` (ms). Absent: one event per delivery.
   */
  bulk?: { maxMessagesCount: number; maxAwaitDurationMs: number };
}

/** What a consumer offers the routes: one event at a time, and a batch (bulk subscribe). */
export interface SubscribedConsumer {
  handle: EventHandler;
  handleBatch: BatchEventHandler;
}

/** A bulk delivery from Dapr (bulk subscribe): entries, each with its own id and event. */
const BulkEnvelope = z.object({
  entries: z.array(z.object({ entryId: z.string().min(1), event: z.unknown() })),
});

type Checked = { kind: "task"; event: TaskCloudEvent } | { kind: "other" } | { kind: "invalid"; reason: string };

/** A task event, a list event (nothing to do for these consumers), or something to drop. */
function check(body: unknown): Checked {
  const parsed = TaskCloudEvent.safeParse(body);
  if (parsed.success) return { kind: "task", event: parsed.data };
  // List events share the topic; the task consumers have nothing to do with them.
  if (ListCloudEvent.safeParse(body).success) return { kind: "other" };
  return { kind: "invalid", reason: describeZodError(parsed.error, "event") };
}

/**
 * Answers Dapr's pub/sub callbacks for one consumer: `GET /dapr/subscribe` lists the subscription
 * (with its dead-letter topic, and bulk subscribe when `subscription.bulk` is set), and each
 * delivery is answered with an explicit status — for a bulk delivery (`{entries: [...]}`), one
 * status per entry (`{statuses: [{entryId, status}]}`), the batch handled by
 * `consumer.handleBatch`. A handler that throws is answered RETRY, never acknowledged by accident;
 * an event that is not a valid task CloudEvent is logged and answered DROP (Dapr then sends it to
 * the dead-letter topic). Kafka hands one partition's events over in order, so a bulk delivery
 * holds each task's events in order; handleBatch keeps that order (see idempotentBatch).
 */
export function daprSubscriberRoutes(subscription: DaprSubscription, consumer: SubscribedConsumer, logger: Logger): Hono {
  const app = new Hono();
  app.get("/dapr/subscribe", (c) =>
    c.json([
      {
        pubsubname: subscription.pubsubName,
        topic: subscription.topic,
        route: subscription.route,
        deadLetterTopic: subscription.deadLetterTopic,
        ...(subscription.bulk ? { bulkSubscribe: { enabled: true, ...subscription.bulk } } : {}),
      },
    ]),
  );
  const dropInvalid = (body: unknown, reason: string): HandlerResult => {
    const id = (body as { id?: unknown } | null)?.id;
    logger.warn({ eventId: typeof id === "string" ? id : undefined, reason }, "dropping an invalid event");
    return "DROP";
  };
  app.post(subscription.route, async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      logger.warn({ route: subscription.route }, "dropping a delivery that is not JSON");
      return c.json({ status: "DROP" });
    }
    const bulk = BulkEnvelope.safeParse(body);
    if (bulk.success) return c.json({ statuses: await answerBulk(bulk.data.entries) });
    const checked = check(body);
    if (checked.kind === "other") return c.json({ status: "SUCCESS" });
    if (checked.kind === "invalid") return c.json({ status: dropInvalid(body, checked.reason) });
    try {
      return c.json({ status: await consumer.handle(checked.event) });
    } catch (error) {
      logger.error({ err: error, eventId: checked.event.id }, "event handler failed; asking Dapr to retry");
      return c.json({ status: "RETRY" });
    }
  });

  async function answerBulk(entries: Array<{ entryId: string; event: unknown }>): Promise<Array<{ entryId: string; status: HandlerResult }>> {
    const checked = entries.map((entry) => ({ entryId: entry.entryId, body: entry.event, checked: check(entry.event) }));
    const events = checked.flatMap((entry) => (entry.checked.kind === "task" ? [entry.checked.event] : []));
    let results: Map<string, HandlerResult>;
    try {
      results = await consumer.handleBatch(events);
    } catch (error) {
      logger.error({ err: error, events: events.length }, "batch handler failed; asking Dapr to retry the batch");
      results = new Map();
    }
    return checked.map(({ entryId, body, checked: entry }) => ({
      entryId,
      status:
        entry.kind === "other" ? "SUCCESS" : entry.kind === "invalid" ? dropInvalid(body, entry.reason) : (results.get(entry.event.id) ?? "RETRY"),
    }));
  }
  return app;
}

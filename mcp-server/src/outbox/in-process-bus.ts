import { isTaskCloudEvent, type DomainCloudEvent, type EventHandler, type HandlerResult } from "@todo/services";
import type { Logger } from "@todo/http-kit";
import { metrics } from "../metrics.ts";
import type { BatchFailure, EventPublisher } from "./event-publisher.ts";

/**
 * The embedded event bus: delivers each event to every subscribed handler in this process. An
 * event counts as published once every handler has answered SUCCESS or DROP; a RETRY (or a
 * handler that throws) fails the publish, so the relay delivers it again later — consumers are
 * idempotent, so those that already succeeded are unaffected.
 */
export class InProcessBus implements EventPublisher {
  private readonly handlers: Array<{ consumer: string; handle: EventHandler }> = [];

  constructor(private readonly logger: Logger) {}

  subscribe(consumer: string, handle: EventHandler): void {
    this.handlers.push({ consumer, handle });
  }

  /** Hands `event` to every subscribed consumer in turn; answers each consumer's result (a handler that throws counts as RETRY). */
  async deliver(event: DomainCloudEvent): Promise<Record<string, HandlerResult>> {
    const results: Record<string, HandlerResult> = {};
    // The consumers here handle task events; list events have none yet.
    if (!isTaskCloudEvent(event)) return results;
    for (const { consumer, handle } of this.handlers) {
      let result: HandlerResult;
      try {
        result = await handle(event);
      } catch (error) {
        this.logger.error({ err: error, consumer, eventId: event.id }, "event handler threw; will retry");
        result = "RETRY";
      }
      if (result === "DROP") {
        metrics.eventsDropped.inc({ consumer });
        this.logger.warn({ consumer, eventId: event.id, taskId: event.subject, type: event.type }, "event dropped by consumer");
      }
      results[consumer] = result;
    }
    return results;
  }

  async publish(event: DomainCloudEvent): Promise<void> {
    const retry = await this.retriesOf(event);
    if (retry) throw new Error(retry);
  }

  /**
   * Delivers a batch (the relay puts at most one event of a task in it) with every event handed
   * on at once; answers the events some consumer asked to retry.
   */
  async publishBatch(events: DomainCloudEvent[]): Promise<BatchFailure[]> {
    const retries = await Promise.all(events.map(async (event) => ({ id: event.id, error: await this.retriesOf(event) })));
    return retries.filter((entry): entry is BatchFailure => entry.error !== undefined);
  }

  private async retriesOf(event: DomainCloudEvent): Promise<string | undefined> {
    const results = await this.deliver(event);
    const retry = Object.keys(results).filter((consumer) => results[consumer] === "RETRY");
    return retry.length ? `consumers asked to retry: ${retry.join(", ")}` : undefined;
  }
}

import {
  isTaskCloudEvent,
  type BatchEventHandler,
  type DomainCloudEvent,
  type EventHandler,
  type HandlerResult,
  type TaskCloudEvent,
} from "@todo/services";
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
  private readonly handlers: Array<{ consumer: string; handle: EventHandler; handleBatch?: BatchEventHandler }> = [];

  constructor(private readonly logger: Logger) {}

  /** Adds a consumer; with `handleBatch`, a batch reaches it in one call (one idempotency look-up and write). */
  subscribe(consumer: string, handle: EventHandler, handleBatch?: BatchEventHandler): void {
    this.handlers.push({ consumer, handle, ...(handleBatch ? { handleBatch } : {}) });
  }

  /** Hands `event` to every subscribed consumer in turn; answers each consumer's result (a handler that throws counts as RETRY). */
  async deliver(event: DomainCloudEvent): Promise<Record<string, HandlerResult>> {
    const results: Record<string, HandlerResult> = {};
    // The consumers here handle task events; list events have none yet.
    if (!isTaskCloudEvent(event)) return results;
    for (const { consumer, handle } of this.handlers) {
      const result = await this.handleOne(consumer, handle, event);
      if (result === "DROP") this.dropped(consumer, event);
      results[consumer] = result;
    }
    return results;
  }

  async publish(event: DomainCloudEvent): Promise<void> {
    const retry = await this.retriesOf(event);
    if (retry) throw new Error(retry);
  }

  /**
   * Delivers a batch (the relay puts at most one event of a task in it) to each consumer in turn:
   * in one call to a consumer that takes batches, else every event handed on at once. Answers the
   * events some consumer asked to retry (a batch handler that throws asks for the whole batch).
   */
  async publishBatch(events: DomainCloudEvent[]): Promise<BatchFailure[]> {
    const tasks = events.filter(isTaskCloudEvent);
    const retries = new Map<string, string[]>();
    for (const { consumer, handle, handleBatch } of this.handlers) {
      let results: Map<string, HandlerResult>;
      try {
        results = handleBatch
          ? await handleBatch(tasks)
          : new Map(await Promise.all(tasks.map(async (event) => [event.id, await this.handleOne(consumer, handle, event)] as const)));
      } catch (error) {
        this.logger.error({ err: error, consumer, events: tasks.length }, "event batch handler threw; will retry");
        results = new Map();
      }
      for (const event of tasks) {
        const result = results.get(event.id) ?? "RETRY";
        if (result === "DROP") this.dropped(consumer, event);
        if (result === "RETRY") retries.set(event.id, [...(retries.get(event.id) ?? []), consumer]);
      }
    }
    return [...retries].map(([id, consumers]) => ({ id, error: `consumers asked to retry: ${consumers.join(", ")}` }));
  }

  private async handleOne(consumer: string, handle: EventHandler, event: TaskCloudEvent): Promise<HandlerResult> {
    try {
      return await handle(event);
    } catch (error) {
      this.logger.error({ err: error, consumer, eventId: event.id }, "event handler threw; will retry");
      return "RETRY";
    }
  }

  private dropped(consumer: string, event: TaskCloudEvent): void {
    metrics.eventsDropped.inc({ consumer });
    this.logger.warn({ consumer, eventId: event.id, taskId: event.subject, type: event.type }, "event dropped by consumer");
  }

  private async retriesOf(event: DomainCloudEvent): Promise<string | undefined> {
    const results = await this.deliver(event);
    const retry = Object.keys(results).filter((consumer) => results[consumer] === "RETRY");
    return retry.length ? `consumers asked to retry: ${retry.join(", ")}` : undefined;
  }
}

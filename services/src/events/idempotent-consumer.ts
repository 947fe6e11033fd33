import type { HandlerResult, TaskCloudEvent } from "./task-cloud-event.ts";

/** Remembers which events a consumer has handled. */
export interface ProcessedEvents {
  has(consumer: string, eventId: string): Promise<boolean>;
  /** Records the event; false when it was already recorded. */
  record(consumer: string, eventId: string): Promise<boolean>;
  /** Which of `eventIds` (CloudEvents ids, UUIDs) are recorded for `consumer`: one look-up for a batch. */
  handled(consumer: string, eventIds: readonly string[]): Promise<Set<string>>;
  /** Records every one of `eventIds` in one write; those already recorded stay as they are. */
  recordAll(consumer: string, eventIds: readonly string[]): Promise<void>;
}

export type EventHandler = (event: TaskCloudEvent) => Promise<HandlerResult>;

/** Answers every event of a batch: the result for each event id. */
export type BatchEventHandler = (events: readonly TaskCloudEvent[]) => Promise<Map<string, HandlerResult>>;

/**
 * Makes a handler idempotent: an event already handled is answered SUCCESS without running it again.
 * The record is written after a successful run, so a crash in between means one more run — the
 * handlers are written to make that harmless (unique keys, upserts).
 */
export function idempotent(consumer: string, processed: ProcessedEvents, handler: EventHandler): EventHandler {
  return async (event) => {
    if (await processed.has(consumer, event.id)) return "SUCCESS";
    const result = await handler(event);
    if (result !== "RETRY") await processed.record(consumer, event.id);
    return result;
  };
}

export interface BatchOptions {
  /** How many tasks' events are handled at once (default 8); one task's events always go one after another. */
  concurrency?: number;
  /** Told of a handler that threw (the event is answered RETRY). */
  onError?: (error: unknown, event: TaskCloudEvent) => void;
}

/**
 * The batch form of `idempotent` (Dapr bulk subscribe, the in-process bus's batches): one look-up
 * for the whole batch's idempotency records, the events not yet handled run through `handler`, and
 * one write records those answered SUCCESS or DROP. Per-task order is kept: a task's events run in
 * the batch's order, one after another, and once one is answered RETRY its task's later events in
 * the batch are answered RETRY without running (so a redelivery brings them back in order). An
 * event id twice in the batch (a redelivered publish) runs once and both get its answer. Throws
 * only when the records cannot be read or written (then the caller answers the batch RETRY).
 */
export function idempotentBatch(consumer: string, processed: ProcessedEvents, handler: EventHandler, options: BatchOptions = {}): BatchEventHandler {
  const concurrency = Math.max(1, options.concurrency ?? 8);
  return async (events) => {
    const results = new Map<string, HandlerResult>();
    if (events.length === 0) return results;
    const done = await processed.handled(consumer, [...new Set(events.map((event) => event.id))]);
    const byTask = new Map<string, TaskCloudEvent[]>();
    const seen = new Set<string>();
    for (const event of events) {
      if (done.has(event.id)) results.set(event.id, "SUCCESS");
      if (done.has(event.id) || seen.has(event.id)) continue;
      seen.add(event.id);
      const queue = byTask.get(event.subject);
      if (queue) queue.push(event);
      else byTask.set(event.subject, [event]);
    }
    const queues = [...byTask.values()];
    const worker = async () => {
      for (let queue = queues.shift(); queue; queue = queues.shift()) {
        let blocked = false;
        for (const event of queue) {
          let result: HandlerResult = "RETRY";
          if (!blocked) {
            try {
              result = await handler(event);
            } catch (error) {
              options.onError?.(error, event);
            }
          }
          results.set(event.id, result);
          if (result === "RETRY") blocked = true;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queues.length) }, worker));
    const handled = [...seen].filter((id) => results.get(id) !== "RETRY");
    if (handled.length) await processed.recordAll(consumer, handled);
    return results;
  };
}

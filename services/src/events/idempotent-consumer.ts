import type { HandlerResult, TaskCloudEvent } from "./task-cloud-event.ts";

/** Remembers which events a consumer has handled. */
export interface ProcessedEvents {
  has(consumer: string, eventId: string): Promise<boolean>;
  /** Records the event; false when it was already recorded. */
  record(consumer: string, eventId: string): Promise<boolean>;
}

export type EventHandler = (event: TaskCloudEvent) => Promise<HandlerResult>;

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

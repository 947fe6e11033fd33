import { idempotent, idempotentBatch, type BatchEventHandler, type EventHandler, type ProcessedEvents } from "@todo/services";
import type { Logger } from "pino";
import { RECURRENCE_CONSUMER, recurrenceHandler, type ContinueSeries } from "./recurrence-handler.ts";

export interface RecurrenceConsumerDeps {
  /** In-process (embedded) or Dapr service invocation of mcp-server (distributed). */
  continueSeries: ContinueSeries;
  processed: ProcessedEvents;
  logger: Logger;
}

/**
 * The recurrence consumer, wired once: the embedded in-process bus and the worker's Dapr app both
 * subscribe exactly this handler, so the two modes answer the same event the same way. `handleBatch`
 * answers a batch (Dapr bulk subscribe, the in-process bus) with one idempotency look-up and write.
 */
export function createRecurrenceConsumer(deps: RecurrenceConsumerDeps): { name: string; handle: EventHandler; handleBatch: BatchEventHandler } {
  const handler = recurrenceHandler(deps.continueSeries, deps.logger);
  return {
    name: RECURRENCE_CONSUMER,
    handle: idempotent(RECURRENCE_CONSUMER, deps.processed, handler),
    handleBatch: idempotentBatch(RECURRENCE_CONSUMER, deps.processed, handler, {
      onError: (error, event) => deps.logger.error({ err: error, eventId: event.id }, "continuing series failed; will retry"),
    }),
  };
}

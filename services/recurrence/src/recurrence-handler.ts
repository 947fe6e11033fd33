import { AppError, type EventHandler, type SeriesOutcome, type TaskCloudEvent } from "@todo/services";
import type { Logger } from "pino";

export const RECURRENCE_CONSUMER = "recurrence";

/** Creates the next occurrence for a completed task: in-process, or through mcp-server. */
export type ContinueSeries = (event: TaskCloudEvent) => Promise<SeriesOutcome>;

/**
 * On `task.completed` of a repeating task, asks for its next occurrence. Other events need nothing.
 * A transient failure is answered RETRY; a request the series cannot satisfy (bad data) DROP.
 */
export function recurrenceHandler(continueSeries: ContinueSeries, logger: Logger): EventHandler {
  return async (event) => {
    if (event.type !== "task.completed" || !event.data.task.recurrence) return "SUCCESS";
    try {
      const outcome = await continueSeries(event);
      logger.info({ eventId: event.id, taskId: event.subject, outcome: outcome.kind }, "series continued");
      return "SUCCESS";
    } catch (error) {
      if (error instanceof AppError && (error.code === "invalid_input" || error.code === "not_found")) {
        logger.warn({ eventId: event.id, reason: error.message }, "cannot continue series; dropping");
        return "DROP";
      }
      logger.error({ err: error, eventId: event.id }, "continuing series failed; will retry");
      return "RETRY";
    }
  };
}

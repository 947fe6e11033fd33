import { classifyFailure, type EventHandler, type SeriesOutcome, type TaskCloudEvent } from "@todo/services";
import type { Logger } from "pino";

export const RECURRENCE_CONSUMER = "recurrence";

/** Creates the next occurrence for a completed task: in-process, or through mcp-server. */
export type ContinueSeries = (event: TaskCloudEvent) => Promise<SeriesOutcome>;

/**
 * On `task.completed` of a repeating task, asks for its next occurrence. Other events need nothing.
 * A failure is answered as `classifyFailure` says: DROP when the event can never succeed (bad data,
 * a date out of range, a user that no longer exists), RETRY when it may (database or network down).
 */
export function recurrenceHandler(continueSeries: ContinueSeries, logger: Logger): EventHandler {
  return async (event) => {
    if (event.type !== "task.completed" || !event.data.task.recurrence) return "SUCCESS";
    try {
      const outcome = await continueSeries(event);
      logger.info({ eventId: event.id, taskId: event.subject, outcome: outcome.kind }, "series continued");
      return "SUCCESS";
    } catch (error) {
      if (classifyFailure(error) === "DROP") {
        logger.warn(
          { eventId: event.id, taskId: event.subject, reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) },
          "cannot continue series; dropping",
        );
        return "DROP";
      }
      logger.error({ err: error, eventId: event.id }, "continuing series failed; will retry");
      return "RETRY";
    }
  };
}

import type { DomainCloudEvent } from "@todo/services";

/** One event of a batch that was not published, and why. */
export interface BatchFailure {
  /** The event's CloudEvents id (the outbox row id). */
  id: string;
  error: string;
}

/** Sends events on their way; throws when it could not (the relay retries). */
export interface EventPublisher {
  publish(event: DomainCloudEvent): Promise<void>;
  /**
   * Optional: publishes several events in one go. The relay never puts two events of one task in
   * a batch (their order would not be kept), so the events may go in any order. Answers the events
   * that failed (the others are published); throws BusUnavailableError when the bus itself could
   * not take any of them, any other error when it refused all of them.
   */
  publishBatch?(events: DomainCloudEvent[]): Promise<BatchFailure[]>;
}

/**
 * Thrown by a publisher when the bus itself could not be reached (the Dapr sidecar is down or
 * answered 5xx). The event is not at fault, so the attempt does not count toward dead-lettering
 * it, and the relay stops the batch and backs off as a whole instead of trying every other task.
 */
export class BusUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BusUnavailableError";
  }
}

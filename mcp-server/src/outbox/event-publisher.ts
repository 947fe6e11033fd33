import type { TaskCloudEvent } from "@todo/services";

/** Sends one event on its way; throws when it could not (the relay retries). */
export interface EventPublisher {
  publish(event: TaskCloudEvent): Promise<void>;
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

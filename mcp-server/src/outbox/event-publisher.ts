import type { TaskCloudEvent } from "@todo/services";

/** Sends one event on its way; throws when it could not (the relay retries). */
export interface EventPublisher {
  publish(event: TaskCloudEvent): Promise<void>;
}

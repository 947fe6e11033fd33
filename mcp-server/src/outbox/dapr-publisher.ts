import { BusUnavailableError, type EventPublisher } from "./event-publisher.ts";

export interface DaprPublisherOptions {
  /** The sidecar's HTTP address, e.g. http://127.0.0.1:3500 */
  daprUrl: string;
  pubsubName: string;
  topic: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * Publishes through the Dapr sidecar. The event is sent as a CloudEvent already, so Dapr passes it
 * on unchanged; the task id is the partition key, so Kafka keeps one task's events in order.
 */
export function daprPublisher(options: DaprPublisherOptions): EventPublisher {
  const send = options.fetch ?? fetch;
  return {
    async publish(event) {
      const url = new URL(`/v1.0/publish/${encodeURIComponent(options.pubsubName)}/${encodeURIComponent(options.topic)}`, options.daprUrl);
      url.searchParams.set("metadata.partitionKey", event.subject);
      let response: Response;
      try {
        response = await send(url, {
          method: "POST",
          headers: { "content-type": "application/cloudevents+json" },
          body: JSON.stringify(event),
          signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
        });
      } catch (error) {
        throw new BusUnavailableError(`Dapr sidecar unreachable: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      if (!response.ok) {
        const detail = (await response.text().catch(() => "")).slice(0, 300);
        const message = `Dapr publish answered ${response.status}${detail ? `: ${detail}` : ""}`;
        // 5xx: the sidecar or the broker is in trouble, not this event; 4xx: this event was refused.
        throw response.status >= 500 ? new BusUnavailableError(message) : new Error(message);
      }
    },
  } satisfies EventPublisher;
}

import type { EventPublisher } from "./event-publisher.ts";

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
      const response = await send(url, {
        method: "POST",
        headers: { "content-type": "application/cloudevents+json" },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      });
      if (!response.ok) {
        const detail = (await response.text().catch(() => "")).slice(0, 300);
        throw new Error(`Dapr publish answered ${response.status}${detail ? `: ${detail}` : ""}`);
      }
    },
  } satisfies EventPublisher;
}


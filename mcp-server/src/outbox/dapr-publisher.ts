import { z } from "zod";
import { BusUnavailableError, type BatchFailure, type EventPublisher } from "./event-publisher.ts";

/** Dapr's answer to a bulk publish that did not deliver every entry (HTTP 500). */
const BulkPublishFailure = z.object({
  failedEntries: z.array(z.object({ entryId: z.string(), error: z.string().optional() })),
});

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
 * `publishBatch` uses Dapr's bulk publish API (`POST /v1.0-alpha1/publish/bulk/<pubsub>/<topic>`,
 * one entry per event with its own `partitionKey` metadata): one request for many events. Dapr
 * answers 204 when every entry was delivered, 500 with `failedEntries` when some were not.
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

    async publishBatch(events): Promise<BatchFailure[]> {
      if (events.length === 0) return [];
      const url = new URL(
        `/v1.0-alpha1/publish/bulk/${encodeURIComponent(options.pubsubName)}/${encodeURIComponent(options.topic)}`,
        options.daprUrl,
      );
      const entries = events.map((event) => ({
        entryId: event.id,
        event,
        contentType: "application/cloudevents+json",
        metadata: { partitionKey: event.subject },
      }));
      let response: Response;
      try {
        response = await send(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(entries),
          signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
        });
      } catch (error) {
        throw new BusUnavailableError(`Dapr sidecar unreachable: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      if (response.ok) return [];
      const detail = (await response.text().catch(() => "")).slice(0, 10_000);
      const message = `Dapr bulk publish answered ${response.status}${detail ? `: ${detail.slice(0, 300)}` : ""}`;
      if (response.status < 500) throw new Error(message);
      let parsed: ReturnType<typeof BulkPublishFailure.safeParse> | undefined;
      try {
        parsed = BulkPublishFailure.safeParse(JSON.parse(detail));
      } catch {
        parsed = undefined;
      }
      const failed = parsed?.success ? parsed.data.failedEntries : [];
      const ids = new Set(events.map((event) => event.id));
      // Every entry failed (or Dapr did not say which): the sidecar or the broker is in trouble,
      // not these events, as for a single publish answered 5xx.
      if (failed.length === 0 || failed.length >= events.length || failed.some((entry) => !ids.has(entry.entryId)))
        throw new BusUnavailableError(message);
      return failed.map((entry) => ({ id: entry.entryId, error: `Dapr bulk publish failed this entry: ${entry.error ?? "no reason given"}` }));
    },
  } satisfies EventPublisher;
}

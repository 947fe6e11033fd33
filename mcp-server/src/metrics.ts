import { Counter, Gauge, Histogram } from "prom-client";

// One registry per process: in the embedded start every part reports to the same /metrics.
export const metrics = {
  eventsPublished: new Counter({ name: "todo_events_published_total", help: "Outbox events published", labelNames: ["type"] }),
  eventPublishFailures: new Counter({ name: "todo_event_publish_failures_total", help: "Failed attempts to publish an outbox event" }),
  outboxPending: new Gauge({ name: "todo_outbox_pending", help: "Outbox events not yet published" }),
  outboxLagSeconds: new Gauge({ name: "todo_outbox_lag_seconds", help: "Age of the oldest unpublished outbox event" }),
  outboxDeadLettered: new Counter({
    name: "todo_outbox_dead_lettered_total",
    help: "Outbox events dead-lettered after their last allowed attempt",
    labelNames: ["type"],
  }),
  outboxDeadLetters: new Gauge({ name: "todo_outbox_dead_letters", help: "Dead-lettered outbox events awaiting an operator (npx todo outbox)" }),
  eventsDropped: new Counter({ name: "todo_events_dropped_total", help: "Events an in-process consumer answered DROP", labelNames: ["consumer"] }),
  toolCallSeconds: new Histogram({
    name: "todo_mcp_request_seconds",
    help: "MCP request handling time",
    buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1],
  }),
};

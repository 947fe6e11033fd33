import { z } from "zod";

/**
 * Settings every service reads the same way. Each service's `env.ts` builds its schema from these
 * pieces, so a variable means one thing (and is validated one way) wherever it is read.
 */
export const LogLevel = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info");

/** A TCP port (0 = any free port). */
export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** The interface to listen on; 127.0.0.1 unless told otherwise (security by default). */
export const Host = z.string().min(1).default("127.0.0.1");

/** A PostgreSQL connection URL. */
export const PostgresUrl = z.string().regex(/^postgres(ql)?:\/\//, { error: "must be a postgres:// or postgresql:// URL" });

/** An optional PostgreSQL URL; unset or empty means the embedded database. */
export const OptionalPostgresUrl = PostgresUrl.optional().or(z.literal("").transform(() => undefined));

/** Where /metrics is served: its own port, so the public port never exposes it (unset = not served, 0 = any free port). */
export const MetricsPort = z.coerce.number().int().min(0).max(65535).optional();

/** The Dapr sidecar and the pub/sub topic task events travel on. */
export const daprPubSubEnv = {
  DAPR_HTTP_ENDPOINT: z.url().default("http://127.0.0.1:3500"),
  PUBSUB_NAME: z.string().min(1).default("task-pubsub"),
  TASK_EVENTS_TOPIC: z.string().min(1).default("task-events"),
};

/** What an event consumer adds: the topic Dapr moves dropped events to. */
export const deadLetterEnv = {
  DEAD_LETTER_TOPIC: z.string().min(1).default("task-events-dlq"),
};

/**
 * What an event consumer takes per delivery: Dapr bulk subscribe with up to
 * BULK_SUBSCRIBE_MAX_MESSAGES events (0 = one event per delivery), sent once that many wait or
 * after BULK_SUBSCRIBE_MAX_AWAIT_MS milliseconds.
 */
export const bulkSubscribeEnv = {
  BULK_SUBSCRIBE_MAX_MESSAGES: z.coerce.number().int().min(0).max(1_000).default(100),
  BULK_SUBSCRIBE_MAX_AWAIT_MS: z.coerce.number().int().min(1).max(60_000).default(20),
};

/**
 * A worker's Dapr subscription to the task events, from its env: pub/sub, topic, dead-letter topic,
 * the delivery route, and bulk delivery (Dapr bulk subscribe; undefined when
 * BULK_SUBSCRIBE_MAX_MESSAGES is 0, i.e. one event per delivery).
 */
export function taskEventsSubscription(env: {
  PUBSUB_NAME: string;
  TASK_EVENTS_TOPIC: string;
  DEAD_LETTER_TOPIC: string;
  BULK_SUBSCRIBE_MAX_MESSAGES: number;
  BULK_SUBSCRIBE_MAX_AWAIT_MS: number;
}) {
  return {
    pubsubName: env.PUBSUB_NAME,
    topic: env.TASK_EVENTS_TOPIC,
    deadLetterTopic: env.DEAD_LETTER_TOPIC,
    route: "/events/task-events",
    bulk:
      env.BULK_SUBSCRIBE_MAX_MESSAGES > 0
        ? { maxMessagesCount: env.BULK_SUBSCRIBE_MAX_MESSAGES, maxAwaitDurationMs: env.BULK_SUBSCRIBE_MAX_AWAIT_MS }
        : undefined,
  };
}

/** The shared secret mcp-server's /internal routes accept. */
export const InternalApiToken = z
  .string()
  .min(16, { error: "must be at least 16 characters (the same value in mcp-server and the recurrence worker)" });

/** Web Push signing (RFC 8292 VAPID): the contact the push services see. */
export const vapidEnv = {
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:)/, { error: "must start with mailto: or https:" })
    .default("mailto:admin@localhost"),
};

/** Reminder timing: the local hour (0–23) an all-day task's reminder counts from; how late (minutes) a missed one may still fire. */
export const reminderEnv = {
  REMINDER_ALL_DAY_HOUR: z.coerce.number().int().min(0).max(23).default(9),
  REMINDER_GRACE_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
};

/** An OpenAI-compatible model for the chat; without a key the offline engine answers. */
export const openAiEnv = {
  OPENAI_API_KEY: z
    .string()
    .min(1)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  OPENAI_BASE_URL: z.url({ error: "must be the API base URL, e.g. http://127.0.0.1:11434/v1" }).optional(),
  OPENAI_MODEL: z.string().min(1).default("gpt-4o-mini"),
};

/** The LLM settings of an environment, or undefined for the offline engine. */
export function llmSettings(env: { OPENAI_API_KEY?: string; OPENAI_BASE_URL?: string; OPENAI_MODEL: string }) {
  return env.OPENAI_API_KEY ? { apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, model: env.OPENAI_MODEL } : undefined;
}

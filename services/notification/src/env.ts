import { z } from "zod";
import { parseEnvironment } from "@todo/services";

/** The notification service's settings (distributed mode); nothing else reads process.env. */
export const NotificationEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3003),
  HOST: z.string().min(1).default("127.0.0.1"),
  DAPR_HTTP_ENDPOINT: z.url().default("http://127.0.0.1:3500"),
  PUBSUB_NAME: z.string().min(1).default("task-pubsub"),
  TASK_EVENTS_TOPIC: z.string().min(1).default("task-events"),
  DEAD_LETTER_TOPIC: z.string().min(1).default("task-events-dlq"),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, { error: "must be a postgres:// URL" }),
  VAPID_PUBLIC_KEY: z.string().min(20, { error: "must be the base64url public key (npx web-push generate-vapid-keys)" }),
  VAPID_PRIVATE_KEY: z.string().min(20, { error: "must be the base64url private key" }),
  VAPID_SUBJECT: z.string().regex(/^(mailto:|https:)/, { error: "must start with mailto: or https:" }).default("mailto:admin@localhost"),
  REMINDER_ALL_DAY_HOUR: z.coerce.number().int().min(0).max(23).default(9),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});
export type NotificationEnv = z.infer<typeof NotificationEnv>;


/** The settings from the process environment (or `env`); throws naming each bad variable. */
export function readNotificationEnv(env: NodeJS.ProcessEnv = process.env): NotificationEnv {
  return parseEnvironment(NotificationEnv, env);
}

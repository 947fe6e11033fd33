import { z } from "zod";
import {
  daprPubSubEnv,
  deadLetterEnv,
  bulkSubscribeEnv,
  Host,
  LogLevel,
  MetricsPort,
  parseEnvironment,
  port,
  PostgresUrl,
  vapidEnv,
  reminderEnv,
} from "@todo/http-kit";

/** The notification service's settings (distributed mode); nothing else reads process.env. */
export const NotificationEnv = z.object({
  PORT: port(3003),
  HOST: Host,
  ...daprPubSubEnv,
  ...deadLetterEnv,
  ...bulkSubscribeEnv,
  DATABASE_URL: PostgresUrl,
  VAPID_PUBLIC_KEY: z.string().min(20, { error: "must be the base64url public key (npx web-push generate-vapid-keys)" }),
  VAPID_PRIVATE_KEY: z.string().min(20, { error: "must be the base64url private key" }),
  ...vapidEnv,
  ...reminderEnv,
  /** Tests and labs only: accept and send to push endpoints on loopback/private hosts (a local push service). */
  ALLOW_PRIVATE_PUSH_ENDPOINTS: z.enum(["true", "false"], { error: "must be true or false" }).default("false"),
  LOG_LEVEL: LogLevel,
  METRICS_PORT: MetricsPort,
});
export type NotificationEnv = z.infer<typeof NotificationEnv>;

/** The settings from the process environment (or `env`); throws naming each bad variable. */
export function readNotificationEnv(env: NodeJS.ProcessEnv = process.env): NotificationEnv {
  return parseEnvironment(NotificationEnv, env);
}

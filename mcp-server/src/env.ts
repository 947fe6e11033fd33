import { z } from "zod";
import { machineTimeZone, parseEnvironment, TimeZone } from "@todo/services";
import { DEFAULT_AUTH_RATE_LIMITS } from "./http/rate-limits.ts";

const ProxyEntry = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]);
const ProxyList = z
  .string()
  .transform((value) => value.split(",").map((entry) => entry.trim()).filter(Boolean))
  .pipe(z.array(ProxyEntry, { error: "must be a comma-separated list of IP addresses or CIDR subnets, e.g. 10.0.0.0/8,127.0.0.1" }));
const perWindow = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000).default(fallback);

/** Every setting of mcp-server and the embedded start; nothing else reads process.env. */
export const ServerEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: "must be a postgres:// or postgresql:// URL" })
    .optional()
    .or(z.literal("").transform(() => undefined)),
  TODO_DATA_DIR: z.string().min(1).default("./.data"),
  DEFAULT_TIME_ZONE: TimeZone.default(machineTimeZone()),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  TODO_TOKEN: z.string().optional(),
  TODO_PASSWORD: z.string().optional(),
  EVENT_BUS: z.enum(["inprocess", "dapr"], { error: "must be inprocess (default, one process) or dapr" }).default("inprocess"),
  OUTBOX_RELAY: z.enum(["on", "off"]).default("on"),
  DAPR_HTTP_ENDPOINT: z.url().default("http://127.0.0.1:3500"),
  PUBSUB_NAME: z.string().min(1).default("task-pubsub"),
  TASK_EVENTS_TOPIC: z.string().min(1).default("task-events"),
  INTERNAL_API_TOKEN: z.string().min(16, { error: "must be at least 16 characters" }).optional(),
  VAPID_PUBLIC_KEY: z.string().min(20).optional(),
  VAPID_PRIVATE_KEY: z.string().min(20).optional(),
  VAPID_SUBJECT: z.string().regex(/^(mailto:|https:)/, { error: "must start with mailto: or https:" }).default("mailto:admin@localhost"),
  REMINDER_ALL_DAY_HOUR: z.coerce.number().int().min(0).max(23).default(9),
  OPENAI_API_KEY: z.string().min(1).optional().or(z.literal("").transform(() => undefined)),
  OPENAI_BASE_URL: z.url({ error: "must be the API base URL, e.g. http://127.0.0.1:11434/v1" }).optional(),
  OPENAI_MODEL: z.string().min(1).default("gpt-4o-mini"),
  REMINDER_GRACE_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
  TODO_SERVER_URL: z.url({ error: "must be a URL like http://127.0.0.1:3000" }).optional(),
  TRUSTED_PROXIES: ProxyList.default([]),
  LOGIN_LIMIT_PER_IP_PER_MINUTE: perWindow(DEFAULT_AUTH_RATE_LIMITS.loginPerIpPerMinute),
  LOGIN_LIMIT_PER_MINUTE: perWindow(DEFAULT_AUTH_RATE_LIMITS.loginPerMinute),
  SIGNUP_LIMIT_PER_IP_PER_HOUR: perWindow(DEFAULT_AUTH_RATE_LIMITS.signupPerIpPerHour),
  SIGNUP_LIMIT_PER_MINUTE: perWindow(DEFAULT_AUTH_RATE_LIMITS.signupPerMinute),
});
export type ServerEnv = z.infer<typeof ServerEnv>;

/** The settings from the process environment (or `env`); throws naming each bad variable. */
export function readServerEnv(env: NodeJS.ProcessEnv = process.env): ServerEnv {
  return parseEnvironment(ServerEnv, env);
}

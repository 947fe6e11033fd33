import { z } from "zod";
import { DEFAULT_TRASH_RETENTION_DAYS, TimeZone } from "@todo/services";
import { daprPubSubEnv, Host, InternalApiToken, LogLevel, MetricsPort, OptionalPostgresUrl, parseEnvironment, port } from "@todo/http-kit";
import { DEFAULT_AUTH_RATE_LIMITS, type AuthRateLimits } from "./http/rate-limits.ts";

const ProxyEntry = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]);
const ProxyList = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .pipe(z.array(ProxyEntry, { error: "must be a comma-separated list of IP addresses or CIDR subnets, e.g. 10.0.0.0/8,127.0.0.1" }));
const perWindow = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000).default(fallback);

/** mcp-server's settings as a service of its own: tasks, MCP, accounts and the outbox relay. Nothing else reads process.env. */
export const ServerEnv = z.object({
  PORT: port(3000),
  HOST: Host,
  DATABASE_URL: OptionalPostgresUrl,
  TODO_DATA_DIR: z.string().min(1).default("./.data"),
  // UTC, not the machine's zone: a server's own zone (a container's UTC, a laptop's Paris) must not
  // become a user's. The page and `npx todo signup` send the user's zone; this is only the fallback.
  DEFAULT_TIME_ZONE: TimeZone.default("UTC"),
  LOG_LEVEL: LogLevel,
  OUTBOX_RELAY: z.enum(["on", "off"], { error: "must be on (this replica publishes task events) or off" }).default("on"),
  ...daprPubSubEnv,
  INTERNAL_API_TOKEN: InternalApiToken.optional(),
  METRICS_PORT: MetricsPort,
  TRUSTED_PROXIES: ProxyList.default([]),
  LOGIN_LIMIT_PER_IP_PER_MINUTE: perWindow(DEFAULT_AUTH_RATE_LIMITS.loginPerIpPerMinute),
  LOGIN_LIMIT_PER_MINUTE: perWindow(DEFAULT_AUTH_RATE_LIMITS.loginPerMinute),
  SIGNUP_LIMIT_PER_IP_PER_HOUR: perWindow(DEFAULT_AUTH_RATE_LIMITS.signupPerIpPerHour),
  SIGNUP_LIMIT_PER_MINUTE: perWindow(DEFAULT_AUTH_RATE_LIMITS.signupPerMinute),
  RATE_LIMIT_LOOPBACK: z.enum(["on", "off"], { error: "must be on (count clients on this machine too) or off" }).default("off"),
  TRASH_RETENTION_DAYS: z.coerce
    .number({ error: "must be a whole number of days, 1-3650" })
    .int({ error: "must be a whole number of days, 1-3650" })
    .min(1, { error: "must be a whole number of days, 1-3650" })
    .max(3650, { error: "must be a whole number of days, 1-3650" })
    .default(DEFAULT_TRASH_RETENTION_DAYS),
});
export type ServerEnv = z.infer<typeof ServerEnv>;

/** What `npx todo` adds: the token and password it acts with, and the server it relays to. */
export const CliEnv = ServerEnv.extend({
  TODO_TOKEN: z.string().optional(),
  TODO_PASSWORD: z.string().optional(),
  TODO_SERVER_URL: z.url({ error: "must be a URL like http://127.0.0.1:3000" }).optional(),
});
export type CliEnv = z.infer<typeof CliEnv>;

/** mcp-server's settings from the process environment (or `env`); throws naming each bad variable. */
export function readServerEnv(env: NodeJS.ProcessEnv = process.env): ServerEnv {
  return parseEnvironment(ServerEnv, env);
}

/** The CLI's settings from the process environment (or `env`); throws naming each bad variable. */
export function readCliEnv(env: NodeJS.ProcessEnv = process.env): CliEnv {
  return parseEnvironment(CliEnv, env);
}

/** What `createApp` takes from mcp-server's settings: default zone, internal token, trusted proxies, sign-in rate limits, trash retention. */
export function appSettings(env: ServerEnv): {
  defaultTimeZone: string;
  internalToken?: string;
  trustedProxies: string[];
  rateLimits: AuthRateLimits;
  trashRetentionDays: number;
} {
  return {
    trashRetentionDays: env.TRASH_RETENTION_DAYS,
    defaultTimeZone: env.DEFAULT_TIME_ZONE,
    internalToken: env.INTERNAL_API_TOKEN,
    trustedProxies: env.TRUSTED_PROXIES,
    rateLimits: {
      loginPerIpPerMinute: env.LOGIN_LIMIT_PER_IP_PER_MINUTE,
      loginPerMinute: env.LOGIN_LIMIT_PER_MINUTE,
      signupPerIpPerHour: env.SIGNUP_LIMIT_PER_IP_PER_HOUR,
      signupPerMinute: env.SIGNUP_LIMIT_PER_MINUTE,
      limitLoopback: env.RATE_LIMIT_LOOPBACK === "on",
    },
  };
}

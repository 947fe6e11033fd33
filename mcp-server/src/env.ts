import { z } from "zod";
import { DEFAULT_TRASH_RETENTION_DAYS, TimeZone } from "@todo/services";
import { chooseDataDir } from "@todo/db";
import { daprPubSubEnv, Host, InternalApiToken, LogLevel, MetricsPort, OptionalPostgresUrl, parseEnvironment, port } from "@todo/http-kit";
import { DEFAULT_AUTH_RATE_LIMITS, type AuthRateLimits } from "./http/rate-limits.ts";
import { DEFAULT_OAUTH_SETTINGS, type OAuthSettings } from "./oauth/authorization-server.ts";
import { UrlPatternList } from "./oauth/client-metadata.ts";

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
const BaseUrl = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL without a path, like https://todo.example.com" })
  .refine((value) => new URL(value).pathname === "/" && !new URL(value).search, {
    error: "must be an http(s) URL without a path, like https://todo.example.com",
  })
  .transform((value) => value.replace(/\/+$/, ""))
  .optional();
const seconds = (fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(10 * 365 * 24 * 3600)
    .default(fallback);
const OriginList = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z.url({ protocol: /^https?$/, error: "must be a comma-separated list of web origins, e.g. https://todo.example.com,http://localhost:6274" }),
    ),
  );
const perWindow = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000).default(fallback);

/** mcp-server's settings as a service of its own: tasks, MCP, accounts and the outbox relay. Nothing else reads process.env. */
export const ServerEnv = z.object({
  PORT: port(3000),
  HOST: Host,
  DATABASE_URL: OptionalPostgresUrl,
  // Unset: the per-user folder ($XDG_DATA_HOME/todo-chatbot or ~/.local/share/todo-chatbot), the
  // same from any working directory, so the server and `npx todo mcp` agree (see chooseDataDir).
  TODO_DATA_DIR: z.string().min(1).optional(),
  XDG_DATA_HOME: z.string().min(1).optional(),
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
  MCP_ALLOWED_ORIGINS: OriginList.default([]),
  RATE_LIMIT_LOOPBACK: z.enum(["on", "off"], { error: "must be on (count clients on this machine too) or off" }).default("off"),
  TRASH_RETENTION_DAYS: z.coerce
    .number({ error: "must be a whole number of days, 1-3650" })
    .int({ error: "must be a whole number of days, 1-3650" })
    .min(1, { error: "must be a whole number of days, 1-3650" })
    .max(3650, { error: "must be a whole number of days, 1-3650" })
    .default(DEFAULT_TRASH_RETENTION_DAYS),
  OAUTH_ISSUER: BaseUrl,
  OAUTH_WEB_APP_URL: BaseUrl,
  OAUTH_ACCESS_TOKEN_TTL_SECONDS: seconds(DEFAULT_OAUTH_SETTINGS.accessTokenTtlSeconds),
  OAUTH_REFRESH_TOKEN_TTL_SECONDS: seconds(DEFAULT_OAUTH_SETTINGS.refreshTokenTtlSeconds),
  OAUTH_CLIENT_METADATA_ALLOW: UrlPatternList,
  OAUTH_CLIENT_METADATA_DENY: UrlPatternList,
});
/** Settings with the data folder chosen: TODO_DATA_DIR is always a path. */
export type WithDataDir<T extends { TODO_DATA_DIR?: string }> = Omit<T, "TODO_DATA_DIR"> & { TODO_DATA_DIR: string };
export type ServerEnv = WithDataDir<z.infer<typeof ServerEnv>>;

/**
 * Fills in TODO_DATA_DIR with the folder {@link chooseDataDir} picks. Throws LegacyDataDirError
 * (its message says what to do) when an old `./.data` holds the tasks and the per-user folder none.
 */
export function withDataDir<T extends { TODO_DATA_DIR?: string; XDG_DATA_HOME?: string; DATABASE_URL?: string }>(env: T): WithDataDir<T> {
  return { ...env, TODO_DATA_DIR: chooseDataDir({ dataDir: env.TODO_DATA_DIR, xdgDataHome: env.XDG_DATA_HOME, databaseUrl: env.DATABASE_URL }) };
}

/** What `npx todo` adds: the token and password it acts with, and the server it relays to. */
export const CliEnv = ServerEnv.extend({
  TODO_TOKEN: z.string().optional(),
  TODO_PASSWORD: z.string().optional(),
  TODO_SERVER_URL: z.url({ error: "must be a URL like http://127.0.0.1:3000" }).optional(),
});
export type CliEnv = WithDataDir<z.infer<typeof CliEnv>>;

/** mcp-server's settings from the process environment (or `env`); throws naming each bad variable. */
export function readServerEnv(env: NodeJS.ProcessEnv = process.env): ServerEnv {
  return withDataDir(parseEnvironment(ServerEnv, env));
}

/** The CLI's settings from the process environment (or `env`); throws naming each bad variable. */
export function readCliEnv(env: NodeJS.ProcessEnv = process.env): CliEnv {
  return withDataDir(parseEnvironment(CliEnv, env));
}

/** What `createApp` takes from mcp-server's settings: default zone, internal token, trusted proxies, sign-in rate limits, trash retention, OAuth. */
export function appSettings(env: ServerEnv): {
  defaultTimeZone: string;
  internalToken?: string;
  trustedProxies: string[];
  allowedOrigins: string[];
  rateLimits: AuthRateLimits;
  trashRetentionDays: number;
  oauth: OAuthSettings;
} {
  return {
    trashRetentionDays: env.TRASH_RETENTION_DAYS,
    oauth: {
      issuer: env.OAUTH_ISSUER,
      webAppUrl: env.OAUTH_WEB_APP_URL,
      accessTokenTtlSeconds: env.OAUTH_ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: env.OAUTH_REFRESH_TOKEN_TTL_SECONDS,
      clientMetadata: { allow: env.OAUTH_CLIENT_METADATA_ALLOW, deny: env.OAUTH_CLIENT_METADATA_DENY },
    },
    defaultTimeZone: env.DEFAULT_TIME_ZONE,
    internalToken: env.INTERNAL_API_TOKEN,
    trustedProxies: env.TRUSTED_PROXIES,
    allowedOrigins: env.MCP_ALLOWED_ORIGINS,
    rateLimits: {
      loginPerIpPerMinute: env.LOGIN_LIMIT_PER_IP_PER_MINUTE,
      loginPerMinute: env.LOGIN_LIMIT_PER_MINUTE,
      signupPerIpPerHour: env.SIGNUP_LIMIT_PER_IP_PER_HOUR,
      signupPerMinute: env.SIGNUP_LIMIT_PER_MINUTE,
      limitLoopback: env.RATE_LIMIT_LOOPBACK === "on",
    },
  };
}

import { z } from "zod";
import { machineTimeZone, TimeZone } from "@todo/services";
import { daprPubSubEnv, Host, InternalApiToken, LogLevel, MetricsPort, OptionalPostgresUrl, parseEnvironment, port } from "@todo/http-kit";

/** mcp-server's settings as a service of its own: tasks, MCP, accounts and the outbox relay. Nothing else reads process.env. */
export const ServerEnv = z.object({
  PORT: port(3000),
  HOST: Host,
  DATABASE_URL: OptionalPostgresUrl,
  TODO_DATA_DIR: z.string().min(1).default("./.data"),
  DEFAULT_TIME_ZONE: TimeZone.default(machineTimeZone()),
  LOG_LEVEL: LogLevel,
  OUTBOX_RELAY: z.enum(["on", "off"], { error: "must be on (this replica publishes task events) or off" }).default("on"),
  ...daprPubSubEnv,
  INTERNAL_API_TOKEN: InternalApiToken.optional(),
  METRICS_PORT: MetricsPort,
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

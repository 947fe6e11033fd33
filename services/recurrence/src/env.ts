import { z } from "zod";
import {
  bulkSubscribeEnv,
  daprPubSubEnv,
  deadLetterEnv,
  Host,
  InternalApiToken,
  LogLevel,
  MetricsPort,
  parseEnvironment,
  port,
  PostgresUrl,
} from "@todo/http-kit";

/** The recurrence worker's settings (distributed mode); nothing else reads process.env. */
export const RecurrenceEnv = z.object({
  PORT: port(3002),
  HOST: Host,
  ...daprPubSubEnv,
  ...deadLetterEnv,
  ...bulkSubscribeEnv,
  MCP_SERVER_APP_ID: z.string().min(1).default("mcp-server"),
  INTERNAL_API_TOKEN: InternalApiToken,
  DATABASE_URL: PostgresUrl,
  LOG_LEVEL: LogLevel,
  METRICS_PORT: MetricsPort,
});
export type RecurrenceEnv = z.infer<typeof RecurrenceEnv>;

/** The settings from the process environment (or `env`); throws naming each bad variable. */
export function readRecurrenceEnv(env: NodeJS.ProcessEnv = process.env): RecurrenceEnv {
  return parseEnvironment(RecurrenceEnv, env);
}

import { z } from "zod";
import { parseEnvironment } from "@todo/services";

/** The recurrence worker's settings (distributed mode); nothing else reads process.env. */
export const RecurrenceEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  HOST: z.string().min(1).default("127.0.0.1"),
  DAPR_HTTP_ENDPOINT: z.url().default("http://127.0.0.1:3500"),
  PUBSUB_NAME: z.string().min(1).default("task-pubsub"),
  TASK_EVENTS_TOPIC: z.string().min(1).default("task-events"),
  DEAD_LETTER_TOPIC: z.string().min(1).default("task-events-dlq"),
  MCP_SERVER_APP_ID: z.string().min(1).default("mcp-server"),
  INTERNAL_API_TOKEN: z.string().min(16, { error: "must be at least 16 characters (shared with mcp-server)" }),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, { error: "must be a postgres:// URL" }),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});
export type RecurrenceEnv = z.infer<typeof RecurrenceEnv>;


/** The settings from the process environment (or `env`); throws naming each bad variable. */
export function readRecurrenceEnv(env: NodeJS.ProcessEnv = process.env): RecurrenceEnv {
  return parseEnvironment(RecurrenceEnv, env);
}

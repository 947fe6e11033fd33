import { z } from "zod";
import { parseEnvironment } from "@todo/services";

/** The chat gateway's settings when it runs as its own service; nothing else reads process.env. */
export const GatewayEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, { error: "must be a postgres:// URL (conversations are stored there)" }),
  MCP_SERVER_URL: z.url({ error: "must be mcp-server's base URL, e.g. http://mcp-server:3000" }),
  OPENAI_API_KEY: z.string().min(1).optional().or(z.literal("").transform(() => undefined)),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_MODEL: z.string().min(1).default("gpt-4o-mini"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});
export type GatewayEnv = z.infer<typeof GatewayEnv>;


/** The settings from the process environment (or `env`); throws naming each bad variable. */
export function readGatewayEnv(env: NodeJS.ProcessEnv = process.env): GatewayEnv {
  return parseEnvironment(GatewayEnv, env);
}

import { z } from "zod";
import { Host, LogLevel, MetricsPort, openAiEnv, parseEnvironment, port, PostgresUrl } from "@todo/http-kit";

/** The chat gateway's settings when it runs as its own service; nothing else reads process.env. */
export const GatewayEnv = z.object({
  PORT: port(3001),
  HOST: Host,
  DATABASE_URL: PostgresUrl.describe("conversations are stored there"),
  MCP_SERVER_URL: z.url({ error: "must be mcp-server's base URL, e.g. http://mcp-server:3000" }),
  ...openAiEnv,
  LOG_LEVEL: LogLevel,
  METRICS_PORT: MetricsPort,
});
export type GatewayEnv = z.infer<typeof GatewayEnv>;

/** The settings from the process environment (or `env`); throws naming each bad variable. */
export function readGatewayEnv(env: NodeJS.ProcessEnv = process.env): GatewayEnv {
  return parseEnvironment(GatewayEnv, env);
}

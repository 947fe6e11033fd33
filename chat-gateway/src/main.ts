import { serve } from "@hono/node-server";
import { pino } from "pino";
import { openDatabase } from "@todo/db";
import { createGatewayApp } from "./app.ts";
import { readGatewayEnv } from "./env.ts";
import { remoteAuthenticate, remoteTools } from "./remote-mcp.ts";

// Distributed mode: the chat gateway as its own service, driving mcp-server over Streamable HTTP.
async function main(): Promise<void> {
  const env = readGatewayEnv();
  const logger = pino({ level: env.LOG_LEVEL, base: { service: "chat-gateway" } });
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, migrate: false });
  const app = createGatewayApp({
    prisma: db.prisma,
    logger,
    authenticate: remoteAuthenticate(env.MCP_SERVER_URL),
    connectTools: remoteTools(env.MCP_SERVER_URL),
    llm: env.OPENAI_API_KEY ? { apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, model: env.OPENAI_MODEL } : undefined,
  });
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  const server = serve({ fetch: app.fetch, hostname: env.HOST, port: env.PORT }, (info) => logger.info({ port: info.port }, "chat-gateway ready"));
  const stop = () => server.close(() => void db.close().then(() => process.exit(0)));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`chat-gateway could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

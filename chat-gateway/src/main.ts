import { openDatabase } from "@todo/db";
import { createLogger, llmSettings, runService, serveService } from "@todo/http-kit";
import { createGatewayApp } from "./app.ts";
import { readGatewayEnv } from "./env.ts";
import { remoteAuthenticate, remoteTools } from "./remote-mcp.ts";

// Distributed mode: the chat gateway as its own service, driving mcp-server over Streamable HTTP.
runService("chat-gateway", async () => {
  const env = readGatewayEnv();
  const logger = createLogger("chat-gateway", { level: env.LOG_LEVEL });
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, migrate: false });
  const app = createGatewayApp({
    prisma: db.prisma,
    logger,
    authenticate: remoteAuthenticate(env.MCP_SERVER_URL),
    connectTools: remoteTools(env.MCP_SERVER_URL),
    llm: llmSettings(env),
  });
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  return serveService(app.fetch, env, { logger, closeAfter: () => db.close() });
});

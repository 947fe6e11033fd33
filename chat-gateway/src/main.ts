import { openDatabase } from "@todo/db";
import { createLogger, listen, listenMetrics, llmSettings, runService } from "@todo/http-kit";
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
  const server = await listen(app.fetch, env.HOST, env.PORT);
  const metrics = env.METRICS_PORT !== undefined ? await listenMetrics(env.HOST, env.METRICS_PORT) : undefined;
  return {
    logger,
    ready: { url: server.url, metricsPort: metrics?.port },
    async close() {
      await server.close();
      await metrics?.close();
      await db.close();
    },
  };
});

import { serve, type ServerType } from "@hono/node-server";
import { openDatabase, type Database } from "@todo/db";
import { createApp } from "./app.ts";
import { createEventBackbone, type EventBackbone } from "./event-backbone.ts";
import { createGatewayApp } from "@todo/chat-gateway";
import { inProcessTools } from "./in-process-tools.ts";
import type { ServerEnv } from "./env.ts";
import type { Logger } from "./logger.ts";

export interface RunningServer {
  url: string;
  db: Database;
  close(): Promise<void>;
}

/** Opens the database (applying pending migrations), then serves the app on HOST:PORT. */
export async function startServer(env: ServerEnv, logger: Logger): Promise<RunningServer> {
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.TODO_DATA_DIR });
  let backbone: EventBackbone | undefined;
  const built = createApp({
    prisma: db.prisma,
    logger,
    defaultTimeZone: env.DEFAULT_TIME_ZONE,
    internalToken: env.INTERNAL_API_TOKEN,
    onCommit: () => backbone?.relay.nudge(),
  });
  backbone = createEventBackbone({ prisma: db.prisma, env, logger, contextFor: built.contextFor, authenticate: built.accounts.authenticate });
  built.app.route("/", backbone.routes);
  built.accounts.onTokenRevoked((tokenHash) => backbone?.hub.closeToken(tokenHash));
  built.app.route(
    "/",
    createGatewayApp({
      prisma: db.prisma,
      logger,
      authenticate: built.accounts.authenticate,
      connectTools: inProcessTools(built.contextFor, logger),
      llm: env.OPENAI_API_KEY ? { apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, model: env.OPENAI_MODEL } : undefined,
    }),
  );
  const app = built.app;
  let server: ServerType;
  const port = await new Promise<number>((resolve, reject) => {
    server = serve({ fetch: app.fetch, hostname: env.HOST, port: env.PORT }, (info) => resolve(info.port));
    server.once("error", reject);
  }).catch(async (error: NodeJS.ErrnoException) => {
    await db.close();
    throw error.code === "EADDRINUSE" ? new Error(`Port ${env.PORT} on ${env.HOST} is in use; set PORT to another port`) : error;
  });
  // Events flow only once the port is ours: a failed start leaves nothing running.
  if (env.OUTBOX_RELAY === "on") backbone.start();
  const host = env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST;
  const url = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`;
  db.lock?.update({ serverUrl: url });
  return {
    url,
    db,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Open SSE streams would hold the close forever.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await backbone?.stop();
      await db.close();
    },
  };
}

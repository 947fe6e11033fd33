import { openDatabase, type Database } from "@todo/db";
import { createGatewayApp } from "@todo/chat-gateway";
import { llmSettings, serveApp, type Logger } from "@todo/http-kit";
import { appSettings, createApp, TrashPurger } from "@todo/mcp-server";
import { createEventBackbone } from "./event-backbone.ts";
import type { EmbeddedEnv } from "./env.ts";
import { inProcessTools } from "./in-process-tools.ts";

export interface RunningServer {
  url: string;
  db: Database;
  metricsUrl?: string;
  close(): Promise<void>;
}

/**
 * The whole product in one process on one port: mcp-server's app (REST, MCP, accounts), the chat
 * gateway and web page, push and the notification stream, and the event backbone. Opens the
 * database (applying pending migrations) first; events flow only once the port is bound.
 */
export async function startServer(env: EmbeddedEnv, logger: Logger): Promise<RunningServer> {
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.TODO_DATA_DIR });
  // The relay is created after the app, so a commit wakes it through this (no commit happens before).
  let nudgeRelay = () => {};
  const built = createApp({
    prisma: db.prisma,
    logger,
    ...appSettings(env),
    onCommit: () => nudgeRelay(),
  });
  const backbone = createEventBackbone({
    prisma: db.prisma,
    env,
    logger,
    continueSeriesOf: built.continueSeriesOf,
    authenticate: built.accounts.authenticate,
  });
  nudgeRelay = () => backbone.relay.nudge();
  built.app.route("/", backbone.routes);
  // Revoking a token here closes its open streams at once (other replicas re-check on a timer).
  built.accounts.onTokenRevoked((tokenHash) => backbone.hub.closeToken(tokenHash));
  built.app.route(
    "/",
    createGatewayApp({
      prisma: db.prisma,
      logger,
      authenticate: built.accounts.authenticate,
      connectTools: inProcessTools(built.contextFor, logger),
      llm: llmSettings(env),
    }),
  );
  const served = await serveApp(built.app.fetch, env).catch(async (error: unknown) => {
    await db.close();
    throw error;
  });
  // Events flow only once the port is ours: a failed start leaves nothing running.
  if (env.OUTBOX_RELAY === "on") backbone.start();
  const purger = new TrashPurger({ store: built.store, clock: built.clock, logger, retentionDays: env.TRASH_RETENTION_DAYS });
  purger.start();
  db.lock?.update({ serverUrl: served.url });
  return {
    url: served.url,
    db,
    metricsUrl: served.metricsUrl,
    async close() {
      await served.close();
      await purger.stop();
      await backbone.stop();
      await db.close();
    },
  };
}

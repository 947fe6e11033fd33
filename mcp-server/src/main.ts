import { openDatabase } from "@todo/db";
import { createLogger, runService, serveApp } from "@todo/http-kit";
import { createApp } from "./app.ts";
import { appSettings, readServerEnv } from "./env.ts";
import { daprPublisher } from "./outbox/dapr-publisher.ts";
import { OutboxRelay } from "./outbox/outbox-relay.ts";
import { TrashPurger } from "./trash/trash-purger.ts";

// Distributed mode: mcp-server as its own service — tasks, MCP, accounts, and the outbox relay
// publishing through its Dapr sidecar. (`npm start` runs everything in one process: embedded/.)
runService("mcp-server", async () => {
  const env = readServerEnv();
  const logger = createLogger("mcp-server", { level: env.LOG_LEVEL });
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.TODO_DATA_DIR });
  let relay: OutboxRelay | undefined;
  const built = createApp({
    prisma: db.prisma,
    logger,
    ...appSettings(env),
    onCommit: () => relay?.nudge(),
  });
  const served = await serveApp(built.app.fetch, env).catch(async (error: unknown) => {
    await db.close();
    throw error;
  });
  const purger = new TrashPurger({ store: built.store, clock: built.clock, logger, retentionDays: env.TRASH_RETENTION_DAYS });
  purger.start();
  if (env.OUTBOX_RELAY === "on") {
    const publisher = daprPublisher({ daprUrl: env.DAPR_HTTP_ENDPOINT, pubsubName: env.PUBSUB_NAME, topic: env.TASK_EVENTS_TOPIC });
    relay = new OutboxRelay({ prisma: db.prisma, publisher, logger, source: "todo-chatbot/mcp-server" });
    relay.start();
  }
  return {
    logger,
    ready: { url: served.url, database: db.kind, metricsUrl: served.metricsUrl },
    async close() {
      await served.close();
      await purger.stop();
      await relay?.stop();
      await db.close();
    },
  };
});

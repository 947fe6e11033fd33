import { serve } from "@hono/node-server";
import { pino } from "pino";
import { openDatabase } from "@todo/db";
import { prismaProcessedEvents } from "@todo/event-consumer";
import { createRecurrenceApp } from "./app.ts";
import { continueSeriesViaDapr } from "./dapr-continue-series.ts";
import { readRecurrenceEnv } from "./env.ts";

// Distributed mode: the recurrence worker as its own process beside a Dapr sidecar.
async function main(): Promise<void> {
  const env = readRecurrenceEnv();
  const logger = pino({ level: env.LOG_LEVEL, base: { service: "recurrence" } });
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, migrate: false });
  const app = createRecurrenceApp({
    subscription: { pubsubName: env.PUBSUB_NAME, topic: env.TASK_EVENTS_TOPIC, deadLetterTopic: env.DEAD_LETTER_TOPIC, route: "/events/task-events" },
    continueSeries: continueSeriesViaDapr({ daprUrl: env.DAPR_HTTP_ENDPOINT, appId: env.MCP_SERVER_APP_ID, internalToken: env.INTERNAL_API_TOKEN }),
    processed: prismaProcessedEvents(db.prisma),
    logger,
  });
  const server = serve({ fetch: app.fetch, hostname: env.HOST, port: env.PORT }, (info) => logger.info({ port: info.port }, "recurrence ready"));
  const stop = () => server.close(() => void db.close().then(() => process.exit(0)));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`recurrence could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

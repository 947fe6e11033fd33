import { openDatabase } from "@todo/db";
import { prismaProcessedEvents } from "@todo/event-consumer";
import { taskEventsSubscription, createLogger, runService, serveService } from "@todo/http-kit";
import { createRecurrenceApp } from "./app.ts";
import { continueSeriesViaDapr } from "./dapr-continue-series.ts";
import { readRecurrenceEnv } from "./env.ts";
import { createRecurrenceConsumer } from "./recurrence-consumer.ts";

// Distributed mode: the recurrence worker as its own process beside a Dapr sidecar.
runService("recurrence", async () => {
  const env = readRecurrenceEnv();
  const logger = createLogger("recurrence", { level: env.LOG_LEVEL });
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, migrate: false });
  const consumer = createRecurrenceConsumer({
    continueSeries: continueSeriesViaDapr({ daprUrl: env.DAPR_HTTP_ENDPOINT, appId: env.MCP_SERVER_APP_ID, internalToken: env.INTERNAL_API_TOKEN }),
    processed: prismaProcessedEvents(db.prisma),
    logger,
  });
  const app = createRecurrenceApp({
    subscription: taskEventsSubscription(env),
    consumer,
    logger,
  });
  return serveService(app.fetch, env, { logger, closeAfter: () => db.close() });
});

import { serve } from "@hono/node-server";
import { pino } from "pino";
import { openDatabase } from "@todo/db";
import { prismaProcessedEvents } from "@todo/event-consumer";
import { createNotificationApp } from "./app.ts";
import { daprJobsScheduler } from "./dapr-jobs-scheduler.ts";
import { reminderDeliverer } from "./deliver-reminder.ts";
import { readNotificationEnv } from "./env.ts";
import { NotificationHub } from "./notification-hub.ts";
import { pushStore } from "./push-store.ts";
import { apiTokenAuthenticator } from "./token-check.ts";

// Distributed mode: the notification service as its own process beside a Dapr sidecar.
async function main(): Promise<void> {
  const env = readNotificationEnv();
  const logger = pino({ level: env.LOG_LEVEL, base: { service: "notification" }, redact: ["keys", "*.keys", "token", "*.token"] });
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, migrate: false });
  const hub = new NotificationHub();
  const pushes = pushStore(db.prisma);
  const vapid = { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY, subject: env.VAPID_SUBJECT };
  const deliver = reminderDeliverer({ hub, pushes, vapid, logger });
  const app = createNotificationApp({
    subscription: { pubsubName: env.PUBSUB_NAME, topic: env.TASK_EVENTS_TOPIC, deadLetterTopic: env.DEAD_LETTER_TOPIC, route: "/events/task-events" },
    scheduler: daprJobsScheduler({ daprUrl: env.DAPR_HTTP_ENDPOINT }),
    deliver,
    processed: prismaProcessedEvents(db.prisma),
    hub,
    pushes,
    // Same tokens as mcp-server: the hash of a live, unrevoked, unexpired ApiToken.
    authenticate: apiTokenAuthenticator(db.prisma),
    vapidPublicKey: vapid.publicKey,
    allDayHour: env.REMINDER_ALL_DAY_HOUR,
    logger,
  });
  const server = serve({ fetch: app.fetch, hostname: env.HOST, port: env.PORT }, (info) => logger.info({ port: info.port }, "notification ready"));
  const stop = () => server.close(() => void db.close().then(() => process.exit(0)));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`notification could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

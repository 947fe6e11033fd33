import { openDatabase } from "@todo/db";
import { prismaProcessedEvents } from "@todo/event-consumer";
import { taskEventsSubscription, createLogger, runService, serveService } from "@todo/http-kit";
import { systemClock } from "@todo/services";
import { createNotificationApp } from "./app.ts";
import { daprJobsScheduler } from "./dapr-jobs-scheduler.ts";
import { reminderDeliverer } from "./deliver-reminder.ts";
import { readNotificationEnv } from "./env.ts";
import { createNotificationConsumer } from "./notification-consumer.ts";
import { NotificationHub } from "./notification-hub.ts";
import { pushStore } from "./push-store.ts";
import { apiTokenAuthenticator } from "./token-check.ts";

// Distributed mode: the notification service as its own process beside a Dapr sidecar.
runService("notification", async () => {
  const env = readNotificationEnv();
  const logger = createLogger("notification", { level: env.LOG_LEVEL });
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, migrate: false });
  const hub = new NotificationHub();
  const pushes = pushStore(db.prisma);
  const vapid = { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY, subject: env.VAPID_SUBJECT };
  const allowPrivatePushEndpoints = env.ALLOW_PRIVATE_PUSH_ENDPOINTS === "true";
  const deliver = reminderDeliverer({ hub, pushes, vapid, logger, allowPrivateEndpoints: allowPrivatePushEndpoints });
  const consumer = createNotificationConsumer({
    scheduler: daprJobsScheduler({ daprUrl: env.DAPR_HTTP_ENDPOINT, prisma: db.prisma }),
    processed: prismaProcessedEvents(db.prisma),
    hub,
    clock: systemClock,
    logger,
    allDayHour: env.REMINDER_ALL_DAY_HOUR,
    graceMinutes: env.REMINDER_GRACE_MINUTES,
  });
  const app = createNotificationApp({
    subscription: taskEventsSubscription(env),
    consumer,
    deliver,
    hub,
    pushes,
    // Same tokens as mcp-server: the hash of a live, unrevoked, unexpired ApiToken.
    authenticate: apiTokenAuthenticator(db.prisma),
    vapidPublicKey: vapid.publicKey,
    allowPrivatePushEndpoints,
    logger,
  });
  return serveService(app.fetch, env, { logger, closeAfter: () => db.close() });
});

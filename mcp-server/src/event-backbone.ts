import path from "node:path";
import type { Hono } from "hono";
import type { PrismaClient } from "@todo/db";
import { continueSeries, idempotent, systemClock, type Clock, type TaskContext } from "@todo/services";
import { prismaProcessedEvents } from "@todo/event-consumer";
import { RECURRENCE_CONSUMER, recurrenceHandler } from "@todo/recurrence";
import {
  loadVapidKeys, NOTIFICATION_CONSUMER, NotificationHub, notificationRoutes, pushStore, reminderDeliverer, reminderHandler, TableReminderScheduler,
} from "@todo/notification";
import type webpush from "web-push";
import type { ServerEnv } from "./env.ts";
import type { Logger } from "./logger.ts";
import { daprPublisher } from "./outbox/dapr-publisher.ts";
import { InProcessBus } from "./outbox/in-process-bus.ts";
import { OutboxRelay } from "./outbox/outbox-relay.ts";

export interface EventBackboneOptions {
  prisma: PrismaClient;
  env: Pick<ServerEnv, "EVENT_BUS" | "DAPR_HTTP_ENDPOINT" | "PUBSUB_NAME" | "TASK_EVENTS_TOPIC" | "VAPID_PUBLIC_KEY" | "VAPID_PRIVATE_KEY" | "VAPID_SUBJECT" | "REMINDER_ALL_DAY_HOUR" | "REMINDER_GRACE_MINUTES" | "TODO_DATA_DIR">;
  logger: Logger;
  /** The task context of a user, to continue a series in this process. */
  contextFor: (user: { id: string; username: string; timeZone: string }) => TaskContext;
  authenticate: (token: string) => Promise<{ id: string } | null>;
  clock?: Clock;
  /** Relay poll interval (the relay is also nudged after each commit). */
  pollMs?: number;
  /** For tests: options passed to web-push (e.g. a proxy-free agent). */
  pushOptions?: webpush.RequestOptions;
  /** Tests only: accept and send to push endpoints on loopback/private hosts (a local push service). */
  allowPrivatePushEndpoints?: boolean;
}

/**
 * Wires the events of one process. With EVENT_BUS=inprocess (the embedded default) the relay
 * hands each event to the recurrence and reminder handlers here, and reminders fire from the
 * Reminder table; with EVENT_BUS=dapr the relay publishes to the sidecar and the two workers run
 * as their own services. Either way events leave only through the outbox.
 */
export function createEventBackbone(options: EventBackboneOptions) {
  const { prisma, env, logger } = options;
  const clock = options.clock ?? systemClock;
  const hub = new NotificationHub();
  const pushes = pushStore(prisma);
  const vapid = loadVapidKeys({
    publicKey: env.VAPID_PUBLIC_KEY,
    privateKey: env.VAPID_PRIVATE_KEY,
    subject: env.VAPID_SUBJECT,
    dataDir: path.resolve(env.TODO_DATA_DIR),
  });
  const deliver = reminderDeliverer({ hub, pushes, vapid, logger, sendOptions: options.pushOptions, allowPrivateEndpoints: options.allowPrivatePushEndpoints });
  const scheduler = new TableReminderScheduler({ prisma, deliver, clock, logger, graceMs: env.REMINDER_GRACE_MINUTES * 60_000 });
  const processed = prismaProcessedEvents(prisma);
  const source = "todo-chatbot/mcp-server";

  let bus: InProcessBus | undefined;
  let publisher;
  if (env.EVENT_BUS === "dapr") {
    publisher = daprPublisher({ daprUrl: env.DAPR_HTTP_ENDPOINT, pubsubName: env.PUBSUB_NAME, topic: env.TASK_EVENTS_TOPIC });
  } else {
    bus = new InProcessBus(logger);
    bus.subscribe(
      RECURRENCE_CONSUMER,
      idempotent(
        RECURRENCE_CONSUMER,
        processed,
        recurrenceHandler(async (event) => {
          const user = await prisma.user.findUnique({ where: { id: event.data.userId } });
          if (!user) return { kind: "not-recurring" };
          return continueSeries({ ...options.contextFor(user), clock }, event.data.task);
        }, logger),
      ),
    );
    bus.subscribe(
      NOTIFICATION_CONSUMER,
      idempotent(
        NOTIFICATION_CONSUMER,
        processed,
        reminderHandler({
          scheduler,
          clock,
          logger,
          allDayHour: env.REMINDER_ALL_DAY_HOUR,
          graceMs: env.REMINDER_GRACE_MINUTES * 60_000,
          onTaskChanged: (userId, taskId, type, title) => hub.publish(userId, { kind: "task-changed", taskId, title, body: type, at: clock.now().toISOString() }),
        }),
      ),
    );
    publisher = bus;
  }
  const relay = new OutboxRelay({ prisma, publisher, logger, source, pollMs: options.pollMs });
  const routes: Hono = notificationRoutes({ authenticate: options.authenticate, pushes, hub, vapidPublicKey: vapid.publicKey, allowPrivatePushEndpoints: options.allowPrivatePushEndpoints });
  return {
    relay,
    scheduler,
    hub,
    pushes,
    vapid,
    routes,
    /** Starts the relay, and the reminder scheduler when reminders fire in this process. */
    start() {
      relay.start();
      if (bus) scheduler.start();
    },
    async stop() {
      scheduler.stop();
      hub.stop();
      await relay.stop();
    },
  };
}
export type EventBackbone = ReturnType<typeof createEventBackbone>;

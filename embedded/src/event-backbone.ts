import path from "node:path";
import type { Hono } from "hono";
import type { PrismaClient } from "@todo/db";
import { prismaProcessedEvents } from "@todo/event-consumer";
import type { Logger } from "@todo/http-kit";
import { daprPublisher, InProcessBus, OutboxRelay, type ContinueSeriesOf, type EventPublisher } from "@todo/mcp-server";
import {
  createNotificationConsumer,
  loadVapidKeys,
  NotificationHub,
  notificationRoutes,
  pushStore,
  reminderDeliverer,
  TableReminderScheduler,
} from "@todo/notification";
import { createRecurrenceConsumer } from "@todo/recurrence";
import { systemClock, type Clock } from "@todo/services";
import type webpush from "web-push";
import type { EmbeddedEnv } from "./env.ts";

export interface EventBackboneOptions {
  prisma: PrismaClient;
  env: Pick<
    EmbeddedEnv,
    | "EVENT_BUS"
    | "DAPR_HTTP_ENDPOINT"
    | "PUBSUB_NAME"
    | "TASK_EVENTS_TOPIC"
    | "VAPID_PUBLIC_KEY"
    | "VAPID_PRIVATE_KEY"
    | "VAPID_SUBJECT"
    | "REMINDER_ALL_DAY_HOUR"
    | "REMINDER_GRACE_MINUTES"
    | "TODO_DATA_DIR"
  >;
  logger: Logger;
  /** mcp-server's way to continue a series (the same one its /internal route uses). */
  continueSeriesOf: ContinueSeriesOf;
  authenticate: (token: string) => Promise<{ id: string } | null>;
  clock?: Clock;
  /** Relay poll interval in ms (the relay is also nudged after each commit). */
  pollMs?: number;
  /** For tests: options passed to web-push (e.g. a proxy-free agent). */
  pushOptions?: webpush.RequestOptions;
  /** Tests only: accept and send to push endpoints on loopback/private hosts (a local push service). */
  allowPrivatePushEndpoints?: boolean;
}

/**
 * Wires the events of the embedded process. With EVENT_BUS=inprocess (the default) the relay
 * hands each event to the recurrence and notification consumers — built by the same factories
 * their Dapr services use — and reminders fire from the Reminder table; with EVENT_BUS=dapr the
 * relay publishes to the sidecar and the two workers run as their own services. Either way events
 * leave only through the outbox.
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
  const deliver = reminderDeliverer({
    hub,
    pushes,
    vapid,
    logger,
    sendOptions: options.pushOptions,
    allowPrivateEndpoints: options.allowPrivatePushEndpoints,
  });
  const scheduler = new TableReminderScheduler({ prisma, deliver, clock, logger, graceMs: env.REMINDER_GRACE_MINUTES * 60_000 });
  const processed = prismaProcessedEvents(prisma);

  let bus: InProcessBus | undefined;
  let publisher: EventPublisher;
  if (env.EVENT_BUS === "dapr") {
    publisher = daprPublisher({ daprUrl: env.DAPR_HTTP_ENDPOINT, pubsubName: env.PUBSUB_NAME, topic: env.TASK_EVENTS_TOPIC });
  } else {
    bus = new InProcessBus(logger);
    const consumers = [
      createRecurrenceConsumer({ continueSeries: (event) => options.continueSeriesOf(event.data.userId, event.data.task), processed, logger }),
      createNotificationConsumer({
        scheduler,
        processed,
        hub,
        clock,
        logger,
        allDayHour: env.REMINDER_ALL_DAY_HOUR,
        graceMinutes: env.REMINDER_GRACE_MINUTES,
      }),
    ];
    for (const consumer of consumers) bus.subscribe(consumer.name, consumer.handle, consumer.handleBatch);
    publisher = bus;
  }
  const relay = new OutboxRelay({ prisma, publisher, logger, source: "todo-chatbot/mcp-server", pollMs: options.pollMs });
  const routes: Hono = notificationRoutes({
    authenticate: options.authenticate,
    pushes,
    hub,
    vapidPublicKey: vapid.publicKey,
    allowPrivatePushEndpoints: options.allowPrivatePushEndpoints,
  });
  return {
    relay,
    /** The in-process bus (EVENT_BUS=inprocess), undefined when events go to Dapr. */
    bus,
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

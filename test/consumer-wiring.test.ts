import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import type { AddressInfo } from "node:net";
import type { Database } from "@todo/db";
import { prismaProcessedEvents } from "@todo/event-consumer";
import { createApp } from "@todo/mcp-server";
import { createNotificationApp, createNotificationConsumer, daprJobsScheduler, NotificationHub, pushStore } from "@todo/notification";
import { continueSeriesViaDapr, createRecurrenceApp, createRecurrenceConsumer } from "@todo/recurrence";
import { TaskCloudEvent, type HandlerResult } from "@todo/services";
import { databaseTargets } from "./support/databases.ts";
import { testBackbone } from "./support/backbone.ts";
import { silentLogger } from "./support/app.ts";

const INTERNAL_TOKEN = "internal-secret-123456";
const subscription = { pubsubName: "task-pubsub", topic: "task-events", deadLetterTopic: "task-events-dlq", route: "/events/task-events" };

/** A Dapr sidecar stand-in: accepts job calls, forwards service invocation to mcp-server's app. */
async function sidecar(invoke: (request: Request) => Promise<Response>) {
  const app = new Hono();
  app.all("*", async (c) => {
    const target = /^\/v1\.0\/invoke\/[^/]+\/method(\/.*)$/.exec(c.req.path);
    if (target) return invoke(new Request(`http://app${target[1]}`, { method: c.req.method, headers: c.req.raw.headers, body: await c.req.text() }));
    return c.body(null, 204);
  });
  return new Promise<{ url: string; close(): void }>((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info: AddressInfo) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => server.close() }),
    );
  });
}

/**
 * The same events through both wirings of the two consumers: the embedded in-process bus, and the
 * workers' Dapr apps (service invocation and jobs through a sidecar stand-in). Each consumer must
 * answer every event the same way in both.
 */
describe.each(databaseTargets())("consumers wired embedded and for Dapr on $name", (target) => {
  let db: Database;
  let t: ReturnType<typeof testBackbone>;
  let token: string;
  let userId: string;
  let dapr: Awaited<ReturnType<typeof sidecar>>;

  beforeAll(async () => {
    db = await target.open();
    t = testBackbone(db, "2026-11-26T15:00:00Z");
    ({ token, userId } = await t.signup("wiring-user", "America/New_York"));
    const internal = createApp({ prisma: db.prisma, logger: silentLogger, defaultTimeZone: "UTC", internalToken: INTERNAL_TOKEN, clock: t.clock });
    dapr = await sidecar(async (request) => internal.app.fetch(request));
  });
  afterAll(async () => {
    dapr.close();
    await db.close();
  });

  async function eventOf(taskId: string, type: string) {
    const row = await db.prisma.outboxEvent.findFirstOrThrow({ where: { aggregateId: taskId, type }, orderBy: { seq: "desc" } });
    return TaskCloudEvent.parse({
      specversion: "1.0",
      id: row.id,
      source: "test",
      type: row.type,
      time: row.createdAt.toISOString(),
      subject: taskId,
      data: row.payload,
    });
  }

  async function newTask(body: Record<string, unknown>, complete = false) {
    const task = ((await (await t.request("POST", "/api/tasks", { token, body })).json()) as { task: { id: string } }).task;
    if (complete) await t.request("POST", `/api/tasks/${task.id}/complete`, { token });
    return task.id;
  }

  function daprApps() {
    const processed = prismaProcessedEvents(db.prisma);
    const hub = new NotificationHub();
    const recurrence = createRecurrenceApp({
      subscription,
      consumer: createRecurrenceConsumer({
        continueSeries: continueSeriesViaDapr({ daprUrl: dapr.url, appId: "mcp-server", internalToken: INTERNAL_TOKEN }),
        processed,
        logger: silentLogger,
      }),
      logger: silentLogger,
    });
    const notification = createNotificationApp({
      subscription,
      consumer: createNotificationConsumer({
        scheduler: daprJobsScheduler({ daprUrl: dapr.url, prisma: db.prisma }),
        processed,
        hub,
        clock: t.clock,
        logger: silentLogger,
        allDayHour: 9,
        graceMinutes: 60,
      }),
      deliver: async () => {},
      hub,
      pushes: pushStore(db.prisma),
      authenticate: async () => null,
      vapidPublicKey: "test-key",
      logger: silentLogger,
    });
    return { recurrence, notification };
  }

  async function throughDapr(event: TaskCloudEvent): Promise<Record<string, HandlerResult>> {
    const apps = daprApps();
    const post = async (app: Hono) =>
      (
        (await (
          await app.request("/events/task-events", {
            method: "POST",
            headers: { "content-type": "application/cloudevents+json" },
            body: JSON.stringify(event),
          })
        ).json()) as { status: HandlerResult }
      ).status;
    return { recurrence: await post(apps.recurrence), notification: await post(apps.notification) };
  }

  it("gives each consumer the same result for the same event in both wirings", async () => {
    const reminded = await newTask({ title: "dentist", due: "2026-12-01T15:00:00Z", reminderMinutesBefore: 30 });
    const repeating = await newTask({ title: "water plants", dueDate: "2026-11-26", recurrence: "every monday" }, true);
    const done = await newTask({ title: "one-off" }, true);
    const deleted = await newTask({ title: "gone" });
    await t.request("DELETE", `/api/tasks/${deleted}`, { token });

    const repeatingDone = await eventOf(repeating, "task.completed");
    const cases: Array<{ name: string; event: TaskCloudEvent; expected: Record<string, HandlerResult> }> = [
      {
        name: "created with a reminder",
        event: await eventOf(reminded, "task.created"),
        expected: { recurrence: "SUCCESS", notification: "SUCCESS" },
      },
      { name: "a repeating task completed", event: repeatingDone, expected: { recurrence: "SUCCESS", notification: "SUCCESS" } },
      {
        name: "a one-off task completed",
        event: await eventOf(done, "task.completed"),
        expected: { recurrence: "SUCCESS", notification: "SUCCESS" },
      },
      { name: "a task deleted", event: await eventOf(deleted, "task.deleted"), expected: { recurrence: "SUCCESS", notification: "SUCCESS" } },
      {
        name: "a completion whose user no longer exists",
        event: { ...repeatingDone, data: { ...repeatingDone.data, userId: randomUUID() } },
        expected: { recurrence: "DROP", notification: "SUCCESS" },
      },
    ];
    const bus = t.backbone.bus!;
    for (const { name, event, expected } of cases) {
      // Fresh ids: each wiring must really run its handlers, not find the event already processed.
      const embedded = await bus.deliver({ ...event, id: randomUUID() });
      const distributed = await throughDapr({ ...event, id: randomUUID() });
      expect({ name, embedded }).toEqual({ name, embedded: expected });
      expect({ name, distributed }).toEqual({ name, distributed: expected });
    }
    // Both wirings continued the one series, and exactly once between them.
    expect(await db.prisma.task.count({ where: { userId, title: "water plants" } })).toBe(2);
  });
});

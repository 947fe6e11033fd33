import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import type { AddressInfo } from "node:net";
import type { Database } from "@todo/db";
import { TaskCloudEvent, type TaskCloudEvent as Event } from "@todo/services";
import { continueSeriesViaDapr, createRecurrenceApp, createRecurrenceConsumer } from "@todo/recurrence";
import { createNotificationApp, createNotificationConsumer, daprJobsScheduler, NotificationHub, pushStore } from "@todo/notification";
import { prismaProcessedEvents } from "@todo/event-consumer";
import { createApp, daprPublisher } from "@todo/mcp-server";
import { databaseTargets } from "./support/databases.ts";
import { silentLogger, testApp } from "./support/app.ts";

interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType: string | undefined;
  body: any;
}

/** A Dapr sidecar stand-in: records what the app asks of it; forwards service invocation to `invokeTarget`. */
async function sidecar(invokeTarget?: (request: Request) => Promise<Response>) {
  const recorded: Recorded[] = [];
  const app = new Hono();
  app.all("*", async (c) => {
    const text = await c.req.text();
    recorded.push({
      method: c.req.method,
      path: c.req.path,
      query: c.req.query(),
      contentType: c.req.header("content-type"),
      body: text ? JSON.parse(text) : undefined,
    });
    const invoke = /^\/v1\.0\/invoke\/[^/]+\/method(\/.*)$/.exec(c.req.path);
    if (invoke && invokeTarget) {
      return invokeTarget(new Request(`http://app${invoke[1]}`, { method: c.req.method, headers: c.req.raw.headers, body: text }));
    }
    return c.body(null, 204);
  });
  const server = await new Promise<{ url: string; close(): void }>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info: AddressInfo) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => s.close() }),
    );
  });
  return { ...server, recorded };
}

const subscription = { pubsubName: "task-pubsub", topic: "task-events", deadLetterTopic: "task-events-dlq", route: "/events/task-events" };

describe.each(databaseTargets())("the Dapr contract on $name", (target) => {
  let db: Database;
  let t: ReturnType<typeof testApp>;
  let token: string;
  let completed: Event;

  beforeAll(async () => {
    db = await target.open();
    t = testApp(db, "2026-11-26T15:00:00Z");
    ({ token } = await t.signup("dapr-user", "America/New_York"));
    const created = (
      await (await t.request("POST", "/api/tasks", { token, body: { title: "gym", dueDate: "2026-11-26", recurrence: "every monday" } })).json()
    ).task;
    await t.request("POST", `/api/tasks/${created.id}/complete`, { token });
    const row = await db.prisma.outboxEvent.findFirstOrThrow({ where: { aggregateId: created.id, type: "task.completed" } });
    completed = TaskCloudEvent.parse({
      specversion: "1.0",
      id: row.id,
      source: "test",
      type: row.type,
      time: row.createdAt.toISOString(),
      subject: created.id,
      data: row.payload,
    });
  });
  afterAll(() => db.close());

  /** mcp-server with its /internal routes, behind a sidecar stand-in that forwards service invocation to it. */
  const sidecarToMcp = () => {
    const mcp = createApp({
      prisma: db.prisma,
      logger: silentLogger,
      defaultTimeZone: "UTC",
      internalToken: "internal-secret-123456",
      clock: t.clock,
    });
    return sidecar(async (request) => mcp.app.fetch(request));
  };

  /** The recurrence worker's Dapr app, continuing series through mcp-server via the sidecar at `daprUrl`. */
  const recurrenceWorker = (daprUrl: string, internalToken = "internal-secret-123456", timeoutMs?: number) =>
    createRecurrenceApp({
      subscription,
      consumer: createRecurrenceConsumer({
        continueSeries: continueSeriesViaDapr({ daprUrl, appId: "mcp-server", internalToken, timeoutMs }),
        processed: prismaProcessedEvents(db.prisma),
        logger: silentLogger,
      }),
      logger: silentLogger,
    });

  it("publishes through the sidecar as a CloudEvent keyed by task id", async () => {
    const dapr = await sidecar();
    try {
      await daprPublisher({ daprUrl: dapr.url, pubsubName: "task-pubsub", topic: "task-events" }).publish(completed);
      expect(dapr.recorded).toEqual([
        {
          method: "POST",
          path: "/v1.0/publish/task-pubsub/task-events",
          query: { "metadata.partitionKey": completed.subject },
          contentType: "application/cloudevents+json",
          body: JSON.parse(JSON.stringify(completed)),
        },
      ]);
    } finally {
      dapr.close();
    }
  });

  it("schedules, moves and cancels reminder jobs through the sidecar", async () => {
    const dapr = await sidecar();
    try {
      const jobs = daprJobsScheduler({ daprUrl: dapr.url });
      const plan = {
        taskId: completed.subject,
        userId: completed.data.userId,
        title: "gym",
        dueLabel: "due Mon 30 Nov",
        fireAt: new Date("2026-11-30T14:00:00Z"),
      };
      await jobs.schedule(plan);
      await jobs.cancel(plan.taskId);
      expect(dapr.recorded[0]).toMatchObject({
        method: "POST",
        path: `/v1.0-alpha1/jobs/reminder-${plan.taskId}`,
        body: {
          dueTime: "2026-11-30T14:00:00.000Z",
          overwrite: true,
          data: { taskId: plan.taskId, title: "gym" },
          failure_policy: { constant: { maxRetries: 20 } },
        },
      });
      expect(dapr.recorded[1]).toMatchObject({ method: "DELETE", path: `/v1.0-alpha1/jobs/reminder-${plan.taskId}` });
    } finally {
      dapr.close();
    }
  });

  it("answers Dapr from the recurrence service: subscription, SUCCESS, DROP for bad events, RETRY on failure", async () => {
    const dapr = await sidecarToMcp();
    try {
      const app = recurrenceWorker(dapr.url);
      expect(await (await app.request("/dapr/subscribe")).json()).toEqual([
        { pubsubname: "task-pubsub", topic: "task-events", route: "/events/task-events", deadLetterTopic: "task-events-dlq" },
      ]);
      const deliver = (body: unknown) =>
        app.request("/events/task-events", {
          method: "POST",
          headers: { "content-type": "application/cloudevents+json" },
          body: JSON.stringify(body),
        });
      expect(await (await deliver(completed)).json()).toEqual({ status: "SUCCESS" });
      expect(await (await deliver(completed)).json()).toEqual({ status: "SUCCESS" }); // redelivery: no second task
      expect(dapr.recorded.filter((r) => r.path === "/v1.0/invoke/mcp-server/method/internal/series/continue")).toHaveLength(1);
      expect(await db.prisma.task.count({ where: { seriesId: completed.data.task.seriesId } })).toBe(2);
      expect(await (await deliver({ ...completed, data: { nope: true } })).json()).toEqual({ status: "DROP" });
      expect(await (await app.request("/events/task-events", { method: "POST", body: "not json" })).json()).toEqual({ status: "DROP" });

      const broken = createRecurrenceApp({
        subscription,
        consumer: createRecurrenceConsumer({
          continueSeries: continueSeriesViaDapr({
            daprUrl: "http://127.0.0.1:1",
            appId: "mcp-server",
            internalToken: "x".repeat(16),
            timeoutMs: 500,
          }),
          processed: prismaProcessedEvents(db.prisma),
          logger: silentLogger,
        }),
        logger: silentLogger,
      });
      const retry = await broken.request("/events/task-events", { method: "POST", body: JSON.stringify({ ...completed, id: crypto.randomUUID() }) });
      expect(await retry.json()).toEqual({ status: "RETRY" });
    } finally {
      dapr.close();
    }
  });

  it("answers the poison event of issue 10 SUCCESS (its series ends) and DROP once its user is gone, never RETRY", async () => {
    const dapr = await sidecarToMcp();
    try {
      const app = recurrenceWorker(dapr.url);
      const added = await t.request("POST", "/api/tasks", {
        token,
        body: { title: "p", recurrence: "FREQ=YEARLY;INTERVAL=9999", recurrenceMode: "completion" },
      });
      let task = (await added.json()).task;
      if (added.status !== 201) {
        // Once rules are validated when a task is added, such a task can only be an older row.
        task = (
          await (
            await t.request("POST", "/api/tasks", { token, body: { title: "p", recurrence: "FREQ=YEARLY", recurrenceMode: "completion" } })
          ).json()
        ).task;
        await db.prisma.task.update({ where: { id: task.id }, data: { recurrence: "FREQ=YEARLY;INTERVAL=9999" } });
      }
      await t.request("POST", `/api/tasks/${task.id}/complete`, { token });
      const row = await db.prisma.outboxEvent.findFirstOrThrow({ where: { aggregateId: task.id, type: "task.completed" } });
      const poison = TaskCloudEvent.parse({
        specversion: "1.0",
        id: row.id,
        source: "test",
        type: row.type,
        time: row.createdAt.toISOString(),
        subject: task.id,
        data: row.payload,
      });
      const deliver = (body: unknown) =>
        app.request("/events/task-events", {
          method: "POST",
          headers: { "content-type": "application/cloudevents+json" },
          body: JSON.stringify(body),
        });
      expect(await (await deliver(poison)).json()).toEqual({ status: "SUCCESS" });
      expect(await db.prisma.task.count({ where: { seriesId: task.seriesId } })).toBe(1);
      const orphan = { ...poison, id: crypto.randomUUID(), data: { ...poison.data, userId: crypto.randomUUID() } };
      expect(await (await deliver(orphan)).json()).toEqual({ status: "DROP" });
    } finally {
      dapr.close();
    }
  });

  it("refuses internal calls without the shared token", async () => {
    const mcp = createApp({ prisma: db.prisma, logger: silentLogger, defaultTimeZone: "UTC", internalToken: "internal-secret-123456" });
    const response = await mcp.app.request("/internal/series/continue", { method: "POST", headers: { "x-internal-token": "wrong" }, body: "{}" });
    expect(response.status).toBe(401);
    const plain = createApp({ prisma: db.prisma, logger: silentLogger, defaultTimeZone: "UTC" });
    expect((await plain.app.request("/internal/series/continue", { method: "POST", body: "{}" })).status).toBe(404);
  });

  it("answers Dapr from the notification service and delivers a reminder job when called back", async () => {
    const dapr = await sidecar();
    const hub = new NotificationHub();
    const delivered: string[] = [];
    try {
      const app = createNotificationApp({
        subscription,
        consumer: createNotificationConsumer({
          scheduler: daprJobsScheduler({ daprUrl: dapr.url }),
          processed: prismaProcessedEvents(db.prisma),
          hub,
          clock: t.clock,
          logger: silentLogger,
          allDayHour: 9,
          graceMinutes: 60,
        }),
        deliver: async (plan) => {
          if (plan.title === "explode") throw new Error("push down");
          delivered.push(plan.title);
        },
        hub,
        pushes: pushStore(db.prisma),
        authenticate: async () => null,
        vapidPublicKey: "test-key",
        logger: silentLogger,
      });
      expect(((await (await app.request("/dapr/subscribe")).json()) as any[])[0]).toMatchObject({ deadLetterTopic: "task-events-dlq" });
      const created = {
        ...completed,
        id: crypto.randomUUID(),
        type: "task.created",
        data: { ...completed.data, task: { ...completed.data.task, status: "open", reminderMinutesBefore: 30, dueDate: "2026-12-07" } },
      };
      expect(await (await app.request("/events/task-events", { method: "POST", body: JSON.stringify(created) })).json()).toEqual({
        status: "SUCCESS",
      });
      expect(dapr.recorded[0]).toMatchObject({
        method: "POST",
        path: `/v1.0-alpha1/jobs/reminder-${completed.subject}`,
        body: { dueTime: "2026-12-07T13:30:00.000Z" },
      });
      expect(await (await app.request("/events/task-events", { method: "POST", body: JSON.stringify(completed) })).json()).toEqual({
        status: "SUCCESS",
      });
      expect(dapr.recorded[1]).toMatchObject({ method: "DELETE" });
      // A rename of a task that has no reminder cannot affect a job: no call at all.
      const renamed = {
        ...completed,
        id: crypto.randomUUID(),
        type: "task.updated",
        data: { ...completed.data, changedFields: ["title"], task: { ...completed.data.task, status: "open" } },
      };
      expect(await (await app.request("/events/task-events", { method: "POST", body: JSON.stringify(renamed) })).json()).toEqual({
        status: "SUCCESS",
      });
      expect(dapr.recorded).toHaveLength(2);
      // A task back from the trash gets its reminder job again.
      const restored = { ...created, id: crypto.randomUUID(), type: "task.restored" };
      expect(await (await app.request("/events/task-events", { method: "POST", body: JSON.stringify(restored) })).json()).toEqual({
        status: "SUCCESS",
      });
      expect(dapr.recorded[2]).toMatchObject({ method: "POST", path: `/v1.0-alpha1/jobs/reminder-${completed.subject}` });

      const job = await app.request(`/job/reminder-${completed.subject}`, {
        method: "POST",
        body: JSON.stringify({ taskId: completed.subject, userId: completed.data.userId, title: "gym", dueLabel: "x" }),
      });
      expect(await job.json()).toEqual({ status: "SUCCESS" });
      expect(delivered).toEqual(["gym"]);
      const failing = await app.request("/job/reminder-x", {
        method: "POST",
        body: JSON.stringify({ taskId: completed.subject, userId: completed.data.userId, title: "explode" }),
      });
      expect(failing.status).toBe(500);
    } finally {
      dapr.close();
    }
  });
});

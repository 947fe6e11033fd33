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

  it("publishes a batch through the sidecar's bulk publish API, each entry a CloudEvent keyed by its task id", async () => {
    const dapr = await sidecar();
    try {
      await daprPublisher({ daprUrl: dapr.url, pubsubName: "task-pubsub", topic: "task-events" }).publishBatch!([completed]);
      expect(dapr.recorded).toEqual([
        {
          method: "POST",
          path: "/v1.0-alpha1/publish/bulk/task-pubsub/task-events",
          query: {},
          contentType: "application/json",
          body: [
            {
              entryId: completed.id,
              event: JSON.parse(JSON.stringify(completed)),
              contentType: "application/cloudevents+json",
              metadata: { partitionKey: completed.subject },
            },
          ],
        },
      ]);
    } finally {
      dapr.close();
    }
  });

  it("schedules one job per reminder with a stable name, moves and cancels them through the sidecar", async () => {
    const dapr = await sidecar();
    try {
      const jobs = daprJobsScheduler({ daprUrl: dapr.url, prisma: db.prisma });
      const taskId = crypto.randomUUID();
      const [first, second] = [crypto.randomUUID(), crypto.randomUUID()];
      const base = { taskId, userId: completed.data.userId, title: "gym", dueLabel: "due Mon 30 Nov" };
      const early = { ...base, reminderId: first, fireAt: new Date("2026-11-30T14:00:00Z") };
      const late = { ...base, reminderId: second, fireAt: new Date("2026-11-30T15:00:00Z") };
      const calls = () => dapr.recorded.map((call) => `${call.method} ${call.path}`);
      await jobs.sync(taskId, [early, late]);
      expect(calls()).toEqual([
        `DELETE /v1.0-alpha1/jobs/reminder-${taskId}`, // the one job a task had before several reminders
        `POST /v1.0-alpha1/jobs/reminder-${taskId}-${first}-20261130T140000Z`,
        `POST /v1.0-alpha1/jobs/reminder-${taskId}-${second}-20261130T150000Z`,
      ]);
      expect(dapr.recorded[1]).toMatchObject({
        body: {
          dueTime: "2026-11-30T14:00:00.000Z",
          overwrite: true,
          data: { taskId, reminderId: first, title: "gym", fireAt: "2026-11-30T14:00:00.000Z" },
          failure_policy: { constant: { maxRetries: 20 } },
        },
      });
      // Names Dapr's scheduler accepts: no '|', and with '-', '_' and ':' removed a DNS-1123 subdomain.
      for (const call of dapr.recorded) {
        const name = call.path.split("/").at(-1) ?? "";
        expect(name).not.toContain("|");
        expect(name.replace(/[-_:]/g, "").toLowerCase()).toMatch(/^[a-z0-9]([a-z0-9.]{0,251}[a-z0-9])?$/);
      }

      await jobs.sync(taskId, [early, late]); // nothing changed: nothing asked of Dapr
      expect(dapr.recorded).toHaveLength(3);
      await jobs.sync(taskId, [{ ...early, fireAt: new Date("2026-11-30T13:00:00Z") }]); // one moved, the other removed
      expect(calls().slice(3).sort()).toEqual(
        [
          `DELETE /v1.0-alpha1/jobs/reminder-${taskId}-${first}-20261130T140000Z`,
          `DELETE /v1.0-alpha1/jobs/reminder-${taskId}-${second}-20261130T150000Z`,
          `POST /v1.0-alpha1/jobs/reminder-${taskId}-${first}-20261130T130000Z`,
        ].sort(),
      );
      await jobs.cancel(taskId);
      expect(calls().slice(6)).toEqual([`DELETE /v1.0-alpha1/jobs/reminder-${taskId}-${first}-20261130T130000Z`]);
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
          scheduler: daprJobsScheduler({ daprUrl: dapr.url, prisma: db.prisma }),
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
      const reminderId = crypto.randomUUID();
      const job = `reminder-${completed.subject}-${reminderId}-20261207T133000Z`;
      const created = {
        ...completed,
        id: crypto.randomUUID(),
        type: "task.created",
        data: {
          ...completed.data,
          task: {
            ...completed.data.task,
            status: "open",
            reminderMinutesBefore: 30,
            reminders: [{ id: reminderId, minutesBefore: 30 }],
            dueDate: "2026-12-07",
          },
        },
      };
      expect(await (await app.request("/events/task-events", { method: "POST", body: JSON.stringify(created) })).json()).toEqual({
        status: "SUCCESS",
      });
      expect(dapr.recorded[0]).toMatchObject({ method: "DELETE", path: `/v1.0-alpha1/jobs/reminder-${completed.subject}` });
      expect(dapr.recorded[1]).toMatchObject({ method: "POST", path: `/v1.0-alpha1/jobs/${job}`, body: { dueTime: "2026-12-07T13:30:00.000Z" } });
      expect(await (await app.request("/events/task-events", { method: "POST", body: JSON.stringify(completed) })).json()).toEqual({
        status: "SUCCESS",
      });
      expect(dapr.recorded[2]).toMatchObject({ method: "DELETE", path: `/v1.0-alpha1/jobs/${job}` });
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
      expect(dapr.recorded).toHaveLength(3);
      // A task back from the trash gets its reminder job again.
      const restored = { ...created, id: crypto.randomUUID(), type: "task.restored" };
      expect(await (await app.request("/events/task-events", { method: "POST", body: JSON.stringify(restored) })).json()).toEqual({
        status: "SUCCESS",
      });
      expect(dapr.recorded[3]).toMatchObject({ method: "POST", path: `/v1.0-alpha1/jobs/${job}` });

      const called = await app.request(`/job/${job}`, {
        method: "POST",
        body: JSON.stringify({ taskId: completed.subject, reminderId, userId: completed.data.userId, title: "gym", dueLabel: "x" }),
      });
      expect(await called.json()).toEqual({ status: "SUCCESS" });
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

  it("continues a series with several times a day through the recurrence worker: 8pm → 8am the next day", async () => {
    const body = { title: "meds", recurrence: "FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0" };
    const created = (await (await t.request("POST", "/api/tasks", { token, body })).json()).task;
    expect(created.dueAt).toBe("2026-11-26T20:00:00-05:00"); // 10:00 now: 8pm is the next of its times
    await t.request("POST", `/api/tasks/${created.id}/complete`, { token });
    const row = await db.prisma.outboxEvent.findFirstOrThrow({ where: { aggregateId: created.id, type: "task.completed" } });
    const event = {
      specversion: "1.0",
      id: row.id,
      source: "test",
      type: row.type,
      time: row.createdAt.toISOString(),
      subject: created.id,
      data: row.payload,
    };
    const dapr = await sidecarToMcp();
    try {
      const delivered = await recurrenceWorker(dapr.url).request("/events/task-events", {
        method: "POST",
        headers: { "content-type": "application/cloudevents+json" },
        body: JSON.stringify(event),
      });
      expect(await delivered.json()).toEqual({ status: "SUCCESS" });
      const next = await db.prisma.task.findFirstOrThrow({ where: { seriesId: created.seriesId, occurrenceIndex: 2 } });
      expect(next.dueAt?.toISOString()).toBe("2026-11-27T13:00:00.000Z"); // 08:00 EST
      expect(next.seriesWallTime).toBe("08:00:00");
    } finally {
      dapr.close();
    }
  });
});

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import type { AddressInfo } from "node:net";
import type { Database } from "@todo/db";
import { prismaProcessedEvents } from "@todo/event-consumer";
import { createApp } from "@todo/mcp-server";
import { continueSeriesViaDapr, createRecurrenceApp, createRecurrenceConsumer } from "@todo/recurrence";
import { idempotentBatch, TaskCloudEvent, type HandlerResult, type ProcessedEvents } from "@todo/services";
import { databaseTargets } from "./support/databases.ts";
import { testBackbone } from "./support/backbone.ts";
import { silentLogger } from "./support/app.ts";

const INTERNAL_TOKEN = "internal-secret-123456";
const subscription = {
  pubsubName: "task-pubsub",
  topic: "task-events",
  deadLetterTopic: "task-events-dlq",
  route: "/events/task-events",
  bulk: { maxMessagesCount: 100, maxAwaitDurationMs: 20 },
};

/** A Dapr sidecar stand-in that forwards service invocation to mcp-server's app. */
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

/** Counts the calls a consumer makes to its idempotency records. */
function counted(processed: ProcessedEvents) {
  const calls = { has: 0, record: 0, handled: 0, recordAll: 0 };
  const wrapped: ProcessedEvents = {
    has: (...args) => (calls.has++, processed.has(...args)),
    record: (...args) => (calls.record++, processed.record(...args)),
    handled: (...args) => (calls.handled++, processed.handled(...args)),
    recordAll: (...args) => (calls.recordAll++, processed.recordAll(...args)),
  };
  return { calls, processed: wrapped };
}

/**
 * Dapr bulk subscribe: a delivery of many events, answered entry by entry, with one idempotency
 * look-up and one write per batch, and each task's events kept in order.
 */
describe.each(databaseTargets())("bulk deliveries on $name", (target) => {
  let db: Database;
  let t: ReturnType<typeof testBackbone>;
  let token: string;
  let dapr: Awaited<ReturnType<typeof sidecar>>;

  beforeAll(async () => {
    db = await target.open();
    t = testBackbone(db, "2026-11-26T15:00:00Z");
    ({ token } = await t.signup("bulk-user", "America/New_York"));
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

  it("runs a task's events in order, holds back those after a RETRY, and records the batch in one write", async () => {
    const first = await newTask({ title: "first" });
    const second = await newTask({ title: "second" });
    await t.request("PATCH", `/api/tasks/${first}`, { token, body: { title: "first, renamed" } });
    const [a1, a2, b1] = [await eventOf(first, "task.created"), await eventOf(first, "task.updated"), await eventOf(second, "task.created")];
    const ran: string[] = [];
    let failFirst = true;
    const { calls, processed } = counted(prismaProcessedEvents(db.prisma));
    const batch = idempotentBatch(`order-${randomUUID()}`, processed, async (event) => {
      ran.push(event.id);
      if (event.id === a1.id && failFirst) return "RETRY";
      return "SUCCESS";
    });

    // a2 comes after a1 (same task): a1 asks to retry, so a2 must not run before it.
    const answered = await batch([a1, b1, a2, b1]);
    expect(Object.fromEntries(answered)).toEqual({ [a1.id]: "RETRY", [a2.id]: "RETRY", [b1.id]: "SUCCESS" });
    expect(ran.sort()).toEqual([a1.id, b1.id].sort());
    expect(calls).toEqual({ has: 0, record: 0, handled: 1, recordAll: 1 });

    // Redelivered (as Dapr retries the failed entries, in their order): a1 then a2; b1 is not run again.
    failFirst = false;
    ran.length = 0;
    const again = await batch([a1, a2, b1]);
    expect(Object.fromEntries(again)).toEqual({ [a1.id]: "SUCCESS", [a2.id]: "SUCCESS", [b1.id]: "SUCCESS" });
    expect(ran).toEqual([a1.id, a2.id]);
    expect(calls).toEqual({ has: 0, record: 0, handled: 2, recordAll: 2 });
  });

  it("answers a handler that throws RETRY and records nothing for it", async () => {
    const task = await newTask({ title: "thrower" });
    const event = await eventOf(task, "task.created");
    const errors: unknown[] = [];
    const consumer = `throws-${randomUUID()}`;
    const processed = prismaProcessedEvents(db.prisma);
    const batch = idempotentBatch(
      consumer,
      processed,
      async () => {
        throw new Error("database went away");
      },
      { onError: (error) => errors.push(error) },
    );
    expect(Object.fromEntries(await batch([event]))).toEqual({ [event.id]: "RETRY" });
    expect(errors).toHaveLength(1);
    expect(await processed.has(consumer, event.id)).toBe(false);
  });

  it("answers a bulk delivery from Dapr entry by entry and subscribes in bulk", async () => {
    const app = createRecurrenceApp({
      subscription,
      consumer: createRecurrenceConsumer({
        continueSeries: continueSeriesViaDapr({ daprUrl: dapr.url, appId: "mcp-server", internalToken: INTERNAL_TOKEN }),
        processed: prismaProcessedEvents(db.prisma),
        logger: silentLogger,
      }),
      logger: silentLogger,
    });
    expect(await (await app.request("/dapr/subscribe")).json()).toEqual([
      {
        pubsubname: "task-pubsub",
        topic: "task-events",
        route: "/events/task-events",
        deadLetterTopic: "task-events-dlq",
        bulkSubscribe: { enabled: true, maxMessagesCount: 100, maxAwaitDurationMs: 20 },
      },
    ]);

    const repeating = await newTask({ title: "water plants", dueDate: "2026-11-26", recurrence: "every monday" }, true);
    const plain = await newTask({ title: "one-off" }, true);
    const completed = await eventOf(repeating, "task.completed");
    const deliver = async (entries: Array<{ entryId: string; event: unknown }>) =>
      (await (
        await app.request("/events/task-events", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            id: randomUUID(),
            topic: "task-events",
            pubsubname: "task-pubsub",
            metadata: {},
            type: "com.dapr.event.sent.bulk",
            entries,
          }),
        })
      ).json()) as { statuses: Array<{ entryId: string; status: HandlerResult }> };

    const answer = await deliver([
      { entryId: "0", event: completed },
      { entryId: "1", event: await eventOf(plain, "task.completed") },
      { entryId: "2", event: { specversion: "1.0", id: "not-a-uuid", type: "task.completed" } },
      // The same event again (a republished outbox row): handled once.
      { entryId: "3", event: completed },
    ]);
    expect(answer).toEqual({
      statuses: [
        { entryId: "0", status: "SUCCESS" },
        { entryId: "1", status: "SUCCESS" },
        { entryId: "2", status: "DROP" },
        { entryId: "3", status: "SUCCESS" },
      ],
    });
    const series = await db.prisma.task.findMany({ where: { title: "water plants" }, orderBy: { occurrenceIndex: "asc" } });
    expect(series.map((task) => [task.occurrenceIndex, task.status])).toEqual([
      [1, "done"],
      [2, "open"],
    ]);

    // A redelivery of the whole batch creates nothing more.
    expect((await deliver([{ entryId: "a", event: completed }])).statuses).toEqual([{ entryId: "a", status: "SUCCESS" }]);
    expect(await db.prisma.task.count({ where: { title: "water plants" } })).toBe(2);
    // One event on its own (Dapr without bulk subscribe) is still answered.
    const single = await app.request("/events/task-events", { method: "POST", body: JSON.stringify(completed) });
    expect(await single.json()).toEqual({ status: "SUCCESS" });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@todo/db";
import { AppError, classifyFailure, continueSeries, idempotent, type TaskCloudEvent as Event } from "@todo/services";
import { RECURRENCE_CONSUMER, recurrenceHandler } from "@todo/recurrence";
import { reminderHandler } from "@todo/notification";
import { prismaProcessedEvents } from "@todo/event-consumer";
import { z } from "zod";
import { OutboxRelay } from "../mcp-server/src/outbox/outbox-relay.ts";
import { InProcessBus } from "../mcp-server/src/outbox/in-process-bus.ts";
import { BusUnavailableError, type EventPublisher } from "../mcp-server/src/outbox/event-publisher.ts";
import { localOutboxAdmin, OutboxUsageError, runOutboxCommand } from "../mcp-server/src/cli/outbox-command.ts";
import { register } from "prom-client";
import { databaseTargets } from "./support/databases.ts";
import { silentLogger } from "./support/app.ts";
import { testBackbone } from "./support/backbone.ts";

type Task = Record<string, any>;

const POISON = { title: "p", recurrence: "FREQ=YEARLY;INTERVAL=9999", recurrenceMode: "completion" } as const;

describe("classifyFailure", () => {
  const sqlError = (code: string) => Object.assign(new Error(`sql ${code}`), { code });
  const table: Array<[string, unknown, "DROP" | "RETRY"]> = [
    ["an out-of-range date (RangeError: Invalid time value)", new RangeError("Invalid time value"), "DROP"],
    ["a luxon invalid DateTime", Object.assign(new Error("Invalid DateTime"), { name: "InvalidArgumentError" }), "DROP"],
    ["invalid event data (zod)", z.object({ a: z.string() }).safeParse({}).error, "DROP"],
    ["a missing user (AppError not_found)", new AppError("not_found", "No user"), "DROP"],
    ["invalid input (AppError invalid_input)", new AppError("invalid_input", "bad"), "DROP"],
    ["a missing record (Prisma P2025)", sqlError("P2025"), "DROP"],
    ["a foreign key to a deleted user (Prisma P2003)", sqlError("P2003"), "DROP"],
    ["a datetime field overflow (SQLSTATE 22008)", sqlError("22008"), "DROP"],
    ["a permanent error wrapped as a cause", new Error("handler failed", { cause: new RangeError("Invalid time value") }), "DROP"],
    ["the database unreachable (ECONNREFUSED)", sqlError("ECONNREFUSED"), "RETRY"],
    ["the database unreachable (Prisma P1001)", sqlError("P1001"), "RETRY"],
    ["a connection lost (SQLSTATE 08006)", sqlError("08006"), "RETRY"],
    ["a serialization failure (SQLSTATE 40001)", sqlError("40001"), "RETRY"],
    ["a network failure (fetch failed, cause ENOTFOUND)", new TypeError("fetch failed", { cause: sqlError("ENOTFOUND") }), "RETRY"],
    ["a timeout", Object.assign(new Error("The operation was aborted due to timeout"), { name: "TimeoutError" }), "RETRY"],
    ["a service unavailable (AppError unavailable)", new AppError("unavailable", "down"), "RETRY"],
    ["a wrong internal token (AppError unauthorized)", new AppError("unauthorized", "token"), "RETRY"],
    ["a connection failure inside a data-looking wrapper", Object.assign(new RangeError("x"), { cause: sqlError("ECONNRESET") }), "RETRY"],
    ["an unknown error", new Error("something odd"), "RETRY"],
    ["a thrown string", "boom", "RETRY"],
  ];
  it.each(table)("answers %s with %s", (_name, error, answer) => {
    expect(classifyFailure(error)).toBe(answer);
  });

  it("is what the recurrence handler answers, so embedded and Dapr modes agree", async () => {
    const event = {
      type: "task.completed",
      id: crypto.randomUUID(),
      subject: crypto.randomUUID(),
      data: { task: { recurrence: "FREQ=DAILY" } },
    } as unknown as Event;
    for (const [, error, answer] of table) {
      // The table holds non-Error throwables too (what a library might throw): rejected as they are.
      const handler = recurrenceHandler(async () => {
        throw error;
      }, silentLogger);
      expect(await handler(event)).toBe(answer);
    }
  });

  it("is what the reminder handler answers too", async () => {
    const event = {
      type: "task.updated",
      id: crypto.randomUUID(),
      subject: crypto.randomUUID(),
      data: { userId: crypto.randomUUID(), timeZone: "UTC", task: { id: crypto.randomUUID(), title: "x" } },
    } as unknown as Event;
    for (const [, error, answer] of table) {
      const handler = reminderHandler({
        scheduler: { sync: async () => {}, cancel: async () => {} },
        clock: { now: () => new Date("2026-11-29T15:00:00Z") },
        logger: silentLogger,
        allDayHour: 9,
        onTaskChanged: () => {
          throw error;
        },
      });
      expect(await handler(event)).toBe(answer);
    }
  });
});

describe.each(databaseTargets())("the outbox dead letter on $name", (target) => {
  let db: Database;
  let t: ReturnType<typeof testBackbone>;

  beforeAll(async () => {
    db = await target.open();
    t = testBackbone(db, "2026-11-29T15:00:00Z");
  });
  afterAll(() => db.close());

  async function user(name: string) {
    const { token, userId } = await t.signup(name, "America/New_York");
    const add = async (body: Record<string, unknown>): Promise<Task> => {
      const response = await t.request("POST", "/api/tasks", { token, body });
      expect(response.status, await response.clone().text()).toBe(201);
      return ((await response.json()) as { task: Task }).task;
    };
    const complete = async (id: string) => expect((await t.request("POST", `/api/tasks/${id}/complete`, { token })).status).toBe(200);
    const rename = async (id: string, title: string) =>
      expect((await t.request("PATCH", `/api/tasks/${id}`, { token, body: { title } })).status).toBe(200);
    return { token, userId, add, complete, rename };
  }

  /** The repro of issue 10: a task whose next occurrence falls past year 9999, completed, then renamed 200 times. */
  async function poisonedTask(owner: Awaited<ReturnType<typeof user>>): Promise<Task> {
    const response = await t.request("POST", "/api/tasks", { token: owner.token, body: POISON });
    let task: Task;
    if (response.status === 201) task = ((await response.json()) as { task: Task }).task;
    else {
      // Once rules are validated when a task is added, such a task can only come from a row written
      // before that: make one the same way.
      expect(response.status).toBe(400);
      task = await owner.add({ title: POISON.title, recurrence: "FREQ=YEARLY", recurrenceMode: "completion" });
      await db.prisma.task.update({ where: { id: task.id }, data: { recurrence: POISON.recurrence } });
    }
    await owner.complete(task.id);
    for (let i = 0; i < 200; i++) await owner.rename(task.id, `p ${i}`);
    return task;
  }

  const seriesOf = (seriesId: string) => db.prisma.task.findMany({ where: { seriesId }, orderBy: { occurrenceIndex: "asc" } });

  it("runs the issue's repro without getting stuck: the poisoned series ends and another user's recurring task gets its next occurrence", async () => {
    await db.prisma.outboxEvent.updateMany({ where: { publishedAt: null }, data: { publishedAt: new Date() } });
    const poisoner = await user("poisoner");
    const other = await user("bystander");
    const task = await poisonedTask(poisoner);
    const daily = await other.add({ title: "water plants", dueDate: "2026-11-29", recurrence: "every day" });
    await other.complete(daily.id);

    await t.backbone.relay.drain();

    expect((await seriesOf(daily.seriesId)).map((row) => row.occurrenceIndex)).toEqual([1, 2]);
    expect((await seriesOf(task.seriesId)).map((row) => row.occurrenceIndex)).toEqual([1]); // the series ended
    expect(await db.prisma.outboxEvent.count({ where: { publishedAt: null } })).toBe(0);
    expect(await runOutboxCommand([], localOutboxAdmin(db.prisma))).toBe("no dead-lettered events\n");
  });

  it("dead-letters an event whose consumer asks to retry for ever, publishes the task's later events, and keeps other users' events flowing", async () => {
    await db.prisma.outboxEvent.updateMany({ where: { publishedAt: null }, data: { publishedAt: new Date() } });
    const poisoner = await user("poisoner-2");
    const other = await user("bystander-2");
    const task = await poisonedTask(poisoner);
    const daily = await other.add({ title: "stretch", dueDate: "2026-11-29", recurrence: "every day" });
    await other.complete(daily.id);

    // The embedded wiring, with the recurrence consumer failing transiently for ever on the poisoned
    // task, as it did before the fix (it then answered RETRY to the RangeError).
    let healed = false;
    const bus = new InProcessBus(silentLogger);
    bus.subscribe(
      RECURRENCE_CONSUMER,
      idempotent(
        RECURRENCE_CONSUMER,
        prismaProcessedEvents(db.prisma),
        recurrenceHandler(async (event) => {
          if (event.subject === task.id && !healed) throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
          const owner = await db.prisma.user.findUniqueOrThrow({ where: { id: event.data.userId } });
          return continueSeries({ ...t.contextFor(owner), clock: t.clock }, event.data.task);
        }, silentLogger),
      ),
    );
    const clock = {
      at: Date.parse("2026-11-29T15:00:00Z"),
      now() {
        return new Date(this.at);
      },
    };
    const relay = new OutboxRelay({
      prisma: db.prisma,
      publisher: bus,
      logger: silentLogger,
      source: "test",
      maxAttempts: 3,
      retryBaseMs: 60_000,
      clock,
    });
    const completedRow = await db.prisma.outboxEvent.findFirstOrThrow({ where: { aggregateId: task.id, type: "task.completed" } });

    await relay.drain();
    expect((await seriesOf(daily.seriesId)).map((row) => row.occurrenceIndex)).toEqual([1, 2]); // not starved
    let row = await db.prisma.outboxEvent.findUniqueOrThrow({ where: { id: completedRow.id } });
    expect(row).toMatchObject({ attempts: 1, deadAt: null, publishedAt: null });
    expect(row.nextAttemptAt?.getTime()).toBe(clock.at + 60_000);
    expect(await db.prisma.outboxEvent.count({ where: { aggregateId: task.id, publishedAt: null } })).toBe(201); // held back, in order

    // A restarted relay neither retries it before its backoff nor lets it block anyone.
    const later = await other.add({ title: "after restart" });
    const restarted = new OutboxRelay({
      prisma: db.prisma,
      publisher: bus,
      logger: silentLogger,
      source: "test",
      maxAttempts: 3,
      retryBaseMs: 60_000,
      clock,
    });
    await restarted.drain();
    expect(await db.prisma.outboxEvent.count({ where: { aggregateId: later.id, publishedAt: null } })).toBe(0);
    expect((await db.prisma.outboxEvent.findUniqueOrThrow({ where: { id: completedRow.id } })).attempts).toBe(1);

    clock.at += 60_000; // second attempt after 1 minute
    await restarted.drain();
    expect((await db.prisma.outboxEvent.findUniqueOrThrow({ where: { id: completedRow.id } })).attempts).toBe(2);
    clock.at += 60_000; // not yet: the backoff doubled to 2 minutes
    await restarted.drain();
    expect((await db.prisma.outboxEvent.findUniqueOrThrow({ where: { id: completedRow.id } })).attempts).toBe(2);
    clock.at += 60_000;
    await restarted.drain();

    row = await db.prisma.outboxEvent.findUniqueOrThrow({ where: { id: completedRow.id } });
    expect(row).toMatchObject({ attempts: 3, publishedAt: null });
    expect(row.deadAt).not.toBeNull();
    expect(row.lastError).toContain("recurrence");
    // The task's 200 later events went on after it.
    expect(await db.prisma.outboxEvent.count({ where: { aggregateId: task.id, publishedAt: null, deadAt: null } })).toBe(0);
    expect(await register.metrics()).toMatch(/todo_outbox_dead_lettered_total\{type="task.completed"\} [1-9]/);

    const listing = await runOutboxCommand([], localOutboxAdmin(db.prisma));
    const line = listing.split("\n").find((text) => text.startsWith(completedRow.id));
    expect(line).toContain(task.id);
    expect(line).toContain("task.completed");
    expect(line).toMatch(/\s3\s/);
    expect(line).toContain("consumers asked to retry: recurrence");

    // Once the cause is fixed, the operator puts it back and it goes through.
    healed = true;
    expect(await runOutboxCommand(["retry", completedRow.id], localOutboxAdmin(db.prisma))).toContain("pending again");
    await restarted.drain();
    expect(await db.prisma.outboxEvent.findUniqueOrThrow({ where: { id: completedRow.id } })).toMatchObject({ deadAt: null, attempts: 0 });
    expect((await db.prisma.outboxEvent.findUniqueOrThrow({ where: { id: completedRow.id } })).publishedAt).not.toBeNull();
    expect(await runOutboxCommand([], localOutboxAdmin(db.prisma))).toBe("no dead-lettered events\n");
  });

  it("discards a dead letter through the CLI, and refuses unknown ids and bad usage", async () => {
    await db.prisma.outboxEvent.updateMany({ where: { publishedAt: null }, data: { publishedAt: new Date() } });
    const owner = await user("discarder");
    const task = await owner.add({ title: "doomed" });
    const relay = new OutboxRelay({
      prisma: db.prisma,
      logger: silentLogger,
      source: "test",
      maxAttempts: 1,
      publisher: { publish: async () => Promise.reject(new Error("consumer refused")) },
    });
    expect(await relay.runOnce()).toMatchObject({ failed: 1, deadLettered: 1 });
    const dead = await db.prisma.outboxEvent.findFirstOrThrow({ where: { aggregateId: task.id } });
    const admin = localOutboxAdmin(db.prisma);
    expect(await runOutboxCommand(["list"], admin)).toContain(dead.id);

    expect(await runOutboxCommand(["discard", dead.id], admin)).toContain("discarded");
    expect(await runOutboxCommand([], admin)).toBe("no dead-lettered events\n");
    const kept = await db.prisma.outboxEvent.findUniqueOrThrow({ where: { id: dead.id } });
    expect(kept.discardedAt).not.toBeNull();
    expect(kept.lastError).toBe("consumer refused");
    expect(kept.publishedAt).toBeNull();
    await relay.drain();
    expect((await db.prisma.outboxEvent.findUniqueOrThrow({ where: { id: dead.id } })).publishedAt).toBeNull(); // not published after all

    await expect(runOutboxCommand(["retry", dead.id], admin)).rejects.toThrow(/No dead-lettered event/);
    await expect(runOutboxCommand(["discard", "nope"], admin)).rejects.toThrow(/id must be an outbox event id/);
    await expect(runOutboxCommand(["retry"], admin)).rejects.toBeInstanceOf(OutboxUsageError);
    await expect(runOutboxCommand(["frobnicate"], admin)).rejects.toBeInstanceOf(OutboxUsageError);
  });

  it("serves the dead letters through a running server's internal routes for the CLI", async () => {
    const { createApp } = await import("../mcp-server/src/app.ts");
    const { remoteOutboxAdmin } = await import("../mcp-server/src/cli/outbox-command.ts");
    await db.prisma.outboxEvent.updateMany({ where: { publishedAt: null }, data: { publishedAt: new Date() } });
    const owner = await user("remote-operator");
    const task = await owner.add({ title: "far away" });
    await new OutboxRelay({
      prisma: db.prisma,
      logger: silentLogger,
      source: "test",
      maxAttempts: 1,
      publisher: { publish: async () => Promise.reject(new Error("no")) },
    }).runOnce();
    const dead = await db.prisma.outboxEvent.findFirstOrThrow({ where: { aggregateId: task.id } });
    const server = createApp({ prisma: db.prisma, logger: silentLogger, defaultTimeZone: "UTC", internalToken: "internal-secret-123456" });
    const request = async (path: string, init?: RequestInit) => server.app.request(path, init);
    expect(await runOutboxCommand([], remoteOutboxAdmin(request, "internal-secret-123456"))).toContain(dead.id);
    await expect(runOutboxCommand([], remoteOutboxAdmin(request, "wrong-secret-1234567"))).rejects.toThrow(/x-internal-token/);
    expect(await runOutboxCommand(["retry", dead.id], remoteOutboxAdmin(request, "internal-secret-123456"))).toContain("pending again");
    expect((await db.prisma.outboxEvent.findUniqueOrThrow({ where: { id: dead.id } })).deadAt).toBeNull();
  });

  it("never lets a held task starve the others, across batches and restarts, keeping each task's order", async () => {
    await db.prisma.outboxEvent.updateMany({ where: { publishedAt: null }, data: { publishedAt: new Date() } });
    const owner = await user("fairness");
    const held = await owner.add({ title: "held" });
    for (let i = 0; i < 40; i++) await owner.rename(held.id, `held ${i}`); // 41 events, more than 4 batches
    const others: Task[] = [];
    for (let i = 0; i < 5; i++) {
      const task = await owner.add({ title: `other ${i}` });
      await owner.rename(task.id, `other ${i}!`);
      others.push(task);
    }
    const delivered: Event[] = [];
    const publisher: EventPublisher = {
      async publish(event) {
        if (event.subject === held.id) throw new Error("consumer keeps failing");
        delivered.push(event as Event);
      },
    };
    const relay = new OutboxRelay({ prisma: db.prisma, publisher, logger: silentLogger, source: "test", batchSize: 10 });
    await relay.drain();
    expect(new Set(delivered.map((event) => event.subject))).toEqual(new Set(others.map((task) => task.id)));
    expect(delivered).toHaveLength(10);
    for (const task of others)
      expect(delivered.filter((event) => event.subject === task.id).map((event) => event.type)).toEqual(["task.created", "task.updated"]);
    expect((await db.prisma.outboxEvent.findMany({ where: { aggregateId: held.id, attempts: { gt: 0 } } })).map((row) => row.attempts)).toEqual([1]);

    const late = await owner.add({ title: "late" });
    await new OutboxRelay({ prisma: db.prisma, publisher, logger: silentLogger, source: "test", batchSize: 10 }).drain();
    expect(delivered.at(-1)?.subject).toBe(late.id);
  });

  it("does not count a bus outage against an event: it backs off without dead-lettering", async () => {
    await db.prisma.outboxEvent.updateMany({ where: { publishedAt: null }, data: { publishedAt: new Date() } });
    const owner = await user("outage");
    await owner.add({ title: "a" });
    await owner.add({ title: "b" });
    const relay = new OutboxRelay({
      prisma: db.prisma,
      logger: silentLogger,
      source: "test",
      maxAttempts: 1,
      publisher: { publish: async () => Promise.reject(new BusUnavailableError("Dapr sidecar unreachable")) },
    });
    for (let i = 0; i < 3; i++) expect(await relay.runOnce()).toMatchObject({ published: 0, deadLettered: 0 });
    const rows = await db.prisma.outboxEvent.findMany({ where: { publishedAt: null } });
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => row.deadAt === null && row.attempts === 0)).toBe(true);
    expect(rows.some((row) => row.lastError === "Dapr sidecar unreachable")).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@todo/db";
import type { TaskCloudEvent } from "@todo/services";
import { BusUnavailableError, daprPublisher, OutboxRelay, type BatchFailure, type EventPublisher } from "@todo/mcp-server";
import { databaseTargets } from "./support/databases.ts";
import { silentLogger, testApp } from "./support/app.ts";

/** A bus that takes batches and records each batch; `fail` picks the entries it refuses. */
function batchingBus(fail: (event: TaskCloudEvent) => string | undefined = () => undefined) {
  const batches: TaskCloudEvent[][] = [];
  const delivered: TaskCloudEvent[] = [];
  let down = false;
  const bus: EventPublisher & { batches: TaskCloudEvent[][]; delivered: TaskCloudEvent[]; setDown(value: boolean): void } = {
    batches,
    delivered,
    setDown: (value) => (down = value),
    publish: () => Promise.reject(new Error("this bus only takes batches")),
    async publishBatch(events): Promise<BatchFailure[]> {
      if (down) throw new BusUnavailableError("bus unavailable");
      batches.push(events as TaskCloudEvent[]);
      const failed: BatchFailure[] = [];
      for (const event of events) {
        const error = fail(event as TaskCloudEvent);
        if (error) failed.push({ id: event.id, error });
        else delivered.push(event as TaskCloudEvent);
      }
      return failed;
    },
  };
  return bus;
}

describe.each(databaseTargets())("the outbox relay publishing in batches on $name", (target) => {
  let db: Database;
  let t: ReturnType<typeof testApp>;
  let token: string;

  beforeAll(async () => {
    db = await target.open();
    t = testApp(db);
    ({ token } = await t.signup("batch-user"));
  });
  afterAll(() => db.close());

  /** `tasks` tasks with `changes` events each (one create, then updates), written interleaved. */
  async function makeChanges(tasks: number, changes: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < tasks; i++) {
      const response = await t.request("POST", "/api/tasks", { token, body: { title: `task ${i}` } });
      ids.push(((await response.json()) as { task: { id: string } }).task.id);
    }
    for (let round = 1; round < changes; round++)
      for (const id of ids) await t.request("PATCH", `/api/tasks/${id}`, { token, body: { title: `change ${round}` } });
    return ids;
  }

  async function seqOf(): Promise<Map<string, bigint>> {
    const rows = await db.prisma.outboxEvent.findMany({ select: { id: true, seq: true } });
    return new Map(rows.map((row) => [row.id, row.seq]));
  }

  it("sends many tasks' events per request, never two of one task in a batch, each task's in order", async () => {
    await db.prisma.outboxEvent.deleteMany();
    await makeChanges(6, 3);
    const bus = batchingBus();
    const relay = new OutboxRelay({ prisma: db.prisma, publisher: bus, logger: silentLogger, source: "test" });
    const run = await relay.drain();
    expect(run.published).toBe(18);
    expect(bus.delivered).toHaveLength(18);
    // 6 tasks × 3 events: three rounds of 6, not 18 requests.
    expect(bus.batches.map((batch) => batch.length)).toEqual([6, 6, 6]);
    for (const batch of bus.batches) expect(new Set(batch.map((event) => event.subject)).size).toBe(batch.length);
    const seq = await seqOf();
    const last = new Map<string, bigint>();
    for (const event of bus.delivered) {
      expect(seq.get(event.id)! > (last.get(event.subject) ?? -1n), `event ${event.id} overtook an earlier one of its task`).toBe(true);
      last.set(event.subject, seq.get(event.id)!);
    }
    expect(await db.prisma.outboxEvent.count({ where: { publishedAt: null } })).toBe(0);
  });

  it("marks only the entries the bus took; a refused entry is retried alone and holds its task's later events back", async () => {
    await db.prisma.outboxEvent.deleteMany();
    const ids = await makeChanges(4, 2);
    const refused = ids[1]!;
    let refusing = true;
    const bus = batchingBus((event) => (refusing && event.subject === refused ? "broker refused this message" : undefined));
    const relay = new OutboxRelay({ prisma: db.prisma, publisher: bus, logger: silentLogger, source: "test", retryBaseMs: 0 });
    const first = await relay.runOnce();
    expect(first).toMatchObject({ published: 6, failed: 1 });
    const held = await db.prisma.outboxEvent.findMany({ where: { aggregateId: refused }, orderBy: { seq: "asc" } });
    expect(held.map((row) => row.publishedAt)).toEqual([null, null]);
    expect(held[0]).toMatchObject({ attempts: 1, lastError: "broker refused this message" });
    expect(held[1]!.attempts).toBe(0);

    refusing = false;
    bus.batches.length = 0;
    await relay.drain();
    // The refused event goes again on its own, then its task's next one.
    expect(bus.batches.map((batch) => batch.map((event) => event.subject))).toEqual([[refused], [refused]]);
    expect(bus.batches.flat().map((event) => event.id)).toEqual(held.map((row) => row.id));
    expect(await db.prisma.outboxEvent.count({ where: { publishedAt: null } })).toBe(0);
  });

  it("costs no attempt when the bus is down, and publishes everything once it is back", async () => {
    await db.prisma.outboxEvent.deleteMany();
    await makeChanges(3, 2);
    const bus = batchingBus();
    bus.setDown(true);
    const relay = new OutboxRelay({ prisma: db.prisma, publisher: bus, logger: silentLogger, source: "test" });
    expect((await relay.runOnce()).published).toBe(0);
    expect(await db.prisma.outboxEvent.count({ where: { publishedAt: null, attempts: 0 } })).toBe(6);
    bus.setDown(false);
    await relay.drain();
    expect(bus.delivered).toHaveLength(6);
    expect(await db.prisma.outboxEvent.count({ where: { publishedAt: null } })).toBe(0);
  });
});

describe("Dapr bulk publish answers", () => {
  const event = (n: number) =>
    ({ id: `00000000-0000-4000-8000-00000000000${n}`, subject: `00000000-0000-4000-9000-00000000000${n}` }) as unknown as TaskCloudEvent;
  const answering = (status: number, body: unknown) =>
    daprPublisher({
      daprUrl: "http://127.0.0.1:1",
      pubsubName: "task-pubsub",
      topic: "task-events",
      fetch: () => Promise.resolve(new Response(body === undefined ? null : JSON.stringify(body), { status })),
    });

  it("answers nothing failed on 204, the failed entries on a partial 500", async () => {
    expect(await answering(204, undefined).publishBatch!([event(1), event(2)])).toEqual([]);
    const failed = await answering(500, {
      failedEntries: [{ entryId: event(2).id, error: "message too large" }],
      errorCode: "ERR_PUBSUB_PUBLISH_MESSAGE",
    }).publishBatch!([event(1), event(2)]);
    expect(failed).toEqual([{ id: event(2).id, error: expect.stringContaining("message too large") }]);
  });

  it("blames the bus, not the events, when every entry failed or Dapr did not say which", async () => {
    const all = {
      failedEntries: [
        { entryId: event(1).id, error: "broker down" },
        { entryId: event(2).id, error: "broker down" },
      ],
    };
    await expect(answering(500, all).publishBatch!([event(1), event(2)])).rejects.toBeInstanceOf(BusUnavailableError);
    await expect(answering(503, "overloaded").publishBatch!([event(1)])).rejects.toBeInstanceOf(BusUnavailableError);
    const refused = answering(404, { errorCode: "ERR_PUBSUB_NOT_FOUND" }).publishBatch!([event(1)]);
    await expect(refused).rejects.toThrow(/404/);
    await expect(answering(404, {}).publishBatch!([event(1)])).rejects.not.toBeInstanceOf(BusUnavailableError);
  });
});

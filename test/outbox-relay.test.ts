import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@todo/db";
import type { TaskCloudEvent } from "@todo/services";
import { OutboxRelay, type EventPublisher } from "@todo/mcp-server";
import { databaseTargets } from "./support/databases.ts";
import { silentLogger, testApp } from "./support/app.ts";
import { eventually } from "./support/eventually.ts";

/** A bus that can be down, and that records what it delivered. */
function recordingBus() {
  const delivered: TaskCloudEvent[] = [];
  let down = false;
  let hangAfter = Infinity;
  const bus: EventPublisher & { delivered: TaskCloudEvent[]; setDown(v: boolean): void; hangAfter(n: number): void } = {
    delivered,
    setDown: (value) => (down = value),
    hangAfter: (n) => (hangAfter = n),
    async publish(event) {
      if (down) throw new Error("bus unavailable");
      if (delivered.length >= hangAfter) return new Promise<void>(() => {}); // the process "dies" here
      delivered.push(event as TaskCloudEvent);
    },
  };
  return bus;
}

/** Every task's events must arrive in the order they were written (the outbox seq order). */
function expectPerTaskOrder(events: TaskCloudEvent[], seqOf: Map<string, bigint>): void {
  const last = new Map<string, bigint>();
  for (const event of events) {
    const seq = seqOf.get(event.id)!;
    const previous = last.get(event.subject);
    if (previous !== undefined) expect(seq > previous, `event ${event.id} overtook an earlier one of task ${event.subject}`).toBe(true);
    last.set(event.subject, seq);
  }
}

describe.each(databaseTargets())("the outbox relay on $name", (target) => {
  let db: Database;
  let t: ReturnType<typeof testApp>;
  let token: string;

  beforeAll(async () => {
    db = await target.open();
    t = testApp(db);
    ({ token } = await t.signup("relay-user"));
  });
  afterAll(() => db.close());

  async function makeChanges(count: number): Promise<void> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      if (i % 4 === 0 || ids.length === 0) {
        const response = await t.request("POST", "/api/tasks", { token, body: { title: `task ${i}` } });
        ids.push(((await response.json()) as { task: { id: string } }).task.id);
      } else {
        const id = ids[i % ids.length]!;
        await t.request("PATCH", `/api/tasks/${id}`, { token, body: { title: `task ${i}` } });
      }
    }
  }

  async function seqMap(): Promise<Map<string, bigint>> {
    const rows = await db.prisma.outboxEvent.findMany({ select: { id: true, seq: true } });
    return new Map(rows.map((row) => [row.id, row.seq]));
  }

  it("publishes all of 100 changes made while the bus was down, once it is back, in per-task order", async () => {
    await db.prisma.outboxEvent.deleteMany();
    const bus = recordingBus();
    const relay = new OutboxRelay({ prisma: db.prisma, publisher: bus, logger: silentLogger, source: "test", batchSize: 37, retryBaseMs: 0 });
    bus.setDown(true);
    await makeChanges(100);
    const failed = await relay.runOnce();
    expect(failed.published).toBe(0);
    const pending = await db.prisma.outboxEvent.findMany({ where: { publishedAt: null } });
    expect(pending).toHaveLength(100);
    expect(pending.some((row) => row.attempts > 0 && row.lastError === "bus unavailable")).toBe(true);

    bus.setDown(false);
    await relay.drain();
    expect(new Set(bus.delivered.map((event) => event.id)).size).toBe(100);
    expect(bus.delivered).toHaveLength(100);
    expectPerTaskOrder(bus.delivered, await seqMap());
    expect(await db.prisma.outboxEvent.count({ where: { publishedAt: null } })).toBe(0);
    expect(bus.delivered[0]).toMatchObject({ specversion: "1.0", source: "test", datacontenttype: "application/json" });
  });

  it("loses nothing when the relay dies mid-batch: a new relay publishes the rest", async () => {
    await db.prisma.outboxEvent.deleteMany();
    await makeChanges(60);
    const first = recordingBus();
    first.hangAfter(25);
    const dying = new OutboxRelay({ prisma: db.prisma, publisher: first, logger: silentLogger, source: "test", batchSize: 60, concurrency: 1 });
    void dying.runOnce(); // never finishes: the process is gone
    await eventually(() => expect(first.delivered).toHaveLength(25), { what: "the first 25 events" });

    const second = recordingBus();
    const relay = new OutboxRelay({ prisma: db.prisma, publisher: second, logger: silentLogger, source: "test" });
    await relay.drain();
    const all = new Set([...first.delivered, ...second.delivered].map((event) => event.id));
    expect(all.size).toBe(60);
    expect(second.delivered.length).toBeGreaterThanOrEqual(35);
    expectPerTaskOrder(second.delivered, await seqMap());
  });

  it("keeps a failing task's later events back while other tasks go on", async () => {
    await db.prisma.outboxEvent.deleteMany();
    await makeChanges(8); // tasks A (changes 0-3) and B (changes 4-7)
    const rows = await db.prisma.outboxEvent.findMany({ orderBy: { seq: "asc" } });
    const blocked = rows[0]!.aggregateId;
    const delivered: TaskCloudEvent[] = [];
    const relay = new OutboxRelay({
      prisma: db.prisma,
      logger: silentLogger,
      source: "test",
      publisher: {
        async publish(event) {
          if (event.subject === blocked) throw new Error("poisoned");
          delivered.push(event as TaskCloudEvent);
        },
      },
    });
    await relay.runOnce();
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered.every((event) => event.subject !== blocked)).toBe(true);
    const held = await db.prisma.outboxEvent.findMany({ where: { aggregateId: blocked } });
    expect(held.every((row) => row.publishedAt === null)).toBe(true);
    expect(held.filter((row) => row.attempts === 1)).toHaveLength(1);
  });
});

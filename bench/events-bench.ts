import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Database } from "@todo/db";
import { addTask, completeTask, listTasks } from "@todo/services";
import { createEventBackbone } from "@todo/embedded";
import { createApp, OutboxRelay } from "@todo/mcp-server";
import { createLogger } from "@todo/http-kit";
import { percentile } from "./stats.ts";
import { benchEventPayload } from "./event-payload.ts";

const logger = createLogger("bench", { level: "silent" });

/** complete_task → the next occurrence listable, through outbox, relay, in-process bus and recurrence handler. */
export async function benchCompletionToNext(db: Database, label: string, runs = 60): Promise<string[]> {
  let nudgeRelay = () => {};
  const built = createApp({ prisma: db.prisma, logger, defaultTimeZone: "UTC", onCommit: () => nudgeRelay() });
  const backbone = createEventBackbone({
    prisma: db.prisma,
    env: {
      EVENT_BUS: "inprocess",
      DAPR_HTTP_ENDPOINT: "http://127.0.0.1:1",
      PUBSUB_NAME: "p",
      TASK_EVENTS_TOPIC: "t",
      VAPID_PUBLIC_KEY: undefined,
      VAPID_PRIVATE_KEY: undefined,
      VAPID_SUBJECT: "mailto:bench@localhost",
      REMINDER_ALL_DAY_HOUR: 9,
      REMINDER_GRACE_MINUTES: 60,
      TODO_DATA_DIR: mkdtempSync(path.join(tmpdir(), "bench-vapid-")),
    },
    logger,
    continueSeriesOf: built.continueSeriesOf,
    authenticate: built.accounts.authenticate,
  });
  nudgeRelay = () => backbone.relay.nudge();
  backbone.relay.start();
  const { user } = await built.accounts.signup({ username: `e2e${Date.now()}`, password: "bench password", timeZone: "Europe/Paris" });
  const ctx = built.contextFor({ id: user.id, username: user.username, timeZone: user.timeZone });
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const task = await addTask(ctx, { title: `repeat ${i}`, due: "tomorrow 9am", recurrence: "daily", tags: [`run${i}`] });
    await backbone.relay.drain();
    const start = performance.now();
    await completeTask(ctx, task.id);
    for (;;) {
      const page = await listTasks(ctx, { tags: [`run${i}`] });
      if (page.tasks.length === 1 && page.tasks[0]!.occurrenceIndex === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    samples.push(performance.now() - start);
  }
  await backbone.stop();
  return [
    `${label} complete_task → next occurrence listable     p50 ${percentile(samples, 50).toFixed(1)} ms  p99 ${percentile(samples, 99).toFixed(1)} ms  (n=${runs})`,
  ];
}

/** The relay alone: publishing (to a publisher that accepts at once) and marking outbox rows. */
export async function benchRelayThroughput(db: Database, label: string, count = 20_000): Promise<string[]> {
  const built = createApp({ prisma: db.prisma, logger, defaultTimeZone: "UTC" });
  const { user } = await built.accounts.signup({ username: `relay${Date.now()}`, password: "bench password", timeZone: "UTC" });
  const payload = JSON.stringify(benchEventPayload(user.id));
  await db.prisma.outboxEvent.updateMany({ where: { publishedAt: null }, data: { publishedAt: new Date() } });
  // 2,000 tasks with 10 events each, as many tasks changing at once would give.
  await db.prisma.$executeRaw`
    INSERT INTO "OutboxEvent" (id, type, "aggregateId", "userId", payload)
    SELECT gen_random_uuid(), 'task.updated', ('00000000-0000-4000-8000-' || lpad(((i % 2000))::text, 12, '0'))::uuid, ${user.id}::uuid, ${payload}::jsonb
    FROM generate_series(1, ${count}::int) AS i`;
  let published = 0;
  const relay = new OutboxRelay({
    prisma: db.prisma,
    logger,
    source: "bench",
    batchSize: 500,
    publisher: { publish: () => Promise.resolve(void published++) },
  });
  const start = performance.now();
  await relay.drain();
  const ms = performance.now() - start;
  return [`${label} relay: ${published} events in ${ms.toFixed(0)} ms = ${((published / ms) * 1000).toFixed(0)} events/s`];
}

/**
 * The relay with 10,000 good events (1,000 tasks × 10), then the same plus one poisoned task in
 * front of them (the oldest 201 rows, like issue 10's repro) whose every publish fails: how fast
 * the good events still go. Both through the default batch size, to a publisher that accepts at once.
 */
export async function benchRelayPoison(db: Database, label: string, count = 10_000, rounds = 3): Promise<string[]> {
  const built = createApp({ prisma: db.prisma, logger, defaultTimeZone: "UTC" });
  const { user } = await built.accounts.signup({ username: `poison${Date.now()}`, password: "bench password", timeZone: "UTC" });
  const payload = JSON.stringify(benchEventPayload(user.id));
  const poisoned = "00000000-0000-4000-9000-000000000001";
  const lines: string[] = [];
  // The machine is shared: each scenario runs `rounds` times, the median and best are printed.
  const results = new Map<boolean, Array<{ rate: number; ms: number; published: number; failures: number }>>([
    [false, []],
    [true, []],
  ]);
  for (let round = 0; round < rounds; round++)
    for (const withPoison of [false, true]) {
      await db.prisma.outboxEvent.updateMany({ where: { publishedAt: null }, data: { publishedAt: new Date() } });
      if (withPoison) {
        await db.prisma.$executeRaw`
        INSERT INTO "OutboxEvent" (id, type, "aggregateId", "userId", payload)
        SELECT gen_random_uuid(), 'task.updated', ${poisoned}::uuid, ${user.id}::uuid, ${payload}::jsonb FROM generate_series(1, 201)`;
      }
      await db.prisma.$executeRaw`
      INSERT INTO "OutboxEvent" (id, type, "aggregateId", "userId", payload)
      SELECT gen_random_uuid(), 'task.updated', ('00000000-0000-4000-8000-' || lpad(((i % 1000))::text, 12, '0'))::uuid, ${user.id}::uuid, ${payload}::jsonb
      FROM generate_series(1, ${count}::int) AS i`;
      let published = 0;
      let failures = 0;
      const relay = new OutboxRelay({
        prisma: db.prisma,
        logger,
        source: "bench",
        publisher: {
          publish: (event) => {
            if (event.subject === poisoned) {
              failures++;
              return Promise.reject(new Error("consumers asked to retry: recurrence"));
            }
            published++;
            return Promise.resolve();
          },
        },
      });
      const start = performance.now();
      await relay.drain();
      const ms = performance.now() - start;
      results.get(withPoison)!.push({ rate: (published / ms) * 1000, ms, published, failures });
    }
  for (const withPoison of [false, true]) {
    const runs = results.get(withPoison)!.sort((a, b) => a.rate - b.rate);
    const median = runs[Math.floor(runs.length / 2)]!;
    const what = withPoison ? `${count} good events + 1 poisoned task (201 events, failing)` : `${count} good events`;
    lines.push(
      `${label} relay, ${what}: ${median.published} good published, median ${median.rate.toFixed(0)} events/s (${median.ms.toFixed(0)} ms), best ${runs.at(-1)!.rate.toFixed(0)} events/s` +
        (withPoison ? `, poisoned publish attempts ${median.failures}` : "") +
        ` (n=${runs.length})`,
    );
  }
  return lines;
}

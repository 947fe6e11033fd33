import type { PrismaClient } from "@todo/db";
import { systemClock, toCloudEvent, type Clock } from "@todo/services";
import type { Logger } from "@todo/http-kit";
import { metrics } from "../metrics.ts";
import { BusUnavailableError, type EventPublisher } from "./event-publisher.ts";

export interface OutboxRelayOptions {
  prisma: PrismaClient;
  publisher: EventPublisher;
  logger: Logger;
  /** CloudEvents `source` of the events, e.g. "todo-chatbot/mcp-server". */
  source: string;
  batchSize?: number;
  /** How often to look for events when nothing nudges the relay. */
  pollMs?: number;
  /** Longest wait when the bus as a whole is unreachable (default 30 s). */
  maxBackoffMs?: number;
  /** How many tasks' events (or, with batches, how many batch requests) are published at once; each task's events stay in order. */
  concurrency?: number;
  /** Most events in one batch request, when the publisher takes batches (default 100). */
  bulkSize?: number;
  /** Attempts an event gets before it is dead-lettered (default 8). */
  maxAttempts?: number;
  /** Wait after an event's first failed attempt, doubled after each further one (default 2 s). */
  retryBaseMs?: number;
  /** Longest wait between two attempts of one event (default 5 min). */
  retryMaxMs?: number;
  clock?: Clock;
}

export interface RelayRun {
  published: number;
  failed: number;
  /** Events that failed their last allowed attempt in this run. */
  deadLettered: number;
  /** Events that failed and now wait out a backoff (their tasks are left out of the next batch). */
  held: number;
}

type OutboxRow = Awaited<ReturnType<PrismaClient["outboxEvent"]["findMany"]>>[number];
interface Failure {
  row: OutboxRow;
  error: string;
  /** False when the bus was down: the attempt does not count toward dead-lettering. */
  counts: boolean;
}

/** Rows not yet published that the relay still tries: neither dead-lettered nor discarded. */
export const LIVE_PENDING = { publishedAt: null, deadAt: null } as const;

/**
 * Publishes outbox rows in commit order per task and marks them published. A row that fails keeps
 * its error and attempt count and holds back the later rows of the same task, so no task's events
 * overtake each other; it is tried again after an exponential backoff (`retryBaseMs` doubled per
 * attempt, at most `retryMaxMs`), and after `maxAttempts` failures it is dead-lettered: kept with
 * its last error, no longer tried, and the task's later events go on. Each batch skips the tasks
 * that are waiting out a backoff, so a failing task never fills the batch and starves the others.
 * A `BusUnavailableError` (the bus itself is down) is not the event's fault: it costs no attempt,
 * and the relay backs off as a whole. Rows are marked after publishing, so a crash in between
 * publishes them again: delivery is at least once.
 */
export class OutboxRelay {
  private running = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private backoffMs = 0;
  private lastGauge = 0;
  private busDown = false;
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly maxBackoffMs: number;
  private readonly concurrency: number;
  private readonly bulkSize: number;
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly clock: Clock;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 200;
    this.pollMs = options.pollMs ?? 1_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.concurrency = options.concurrency ?? 16;
    this.bulkSize = Math.max(1, options.bulkSize ?? 100);
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 8);
    this.retryBaseMs = options.retryBaseMs ?? 2_000;
    this.retryMaxMs = options.retryMaxMs ?? 5 * 60_000;
    this.clock = options.clock ?? systemClock;
  }

  /** The wait before the next try of an event that has now failed `attempts` times. */
  retryDelayMs(attempts: number): number {
    return Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));
  }

  /** Publishes one batch of pending rows, leaving out the tasks that wait out a backoff. */
  async runOnce(): Promise<RelayRun> {
    const { prisma, logger } = this.options;
    const now = this.clock.now();
    // Only a task's oldest live row can have a future nextAttemptAt (its later rows are never
    // tried before it), so this finds the held tasks through the nextAttemptAt index.
    const held = await prisma.outboxEvent.findMany({
      where: { ...LIVE_PENDING, nextAttemptAt: { gt: now } },
      select: { aggregateId: true },
      distinct: ["aggregateId"],
    });
    const rows = await prisma.outboxEvent.findMany({
      where: { ...LIVE_PENDING, ...(held.length ? { aggregateId: { notIn: held.map((row) => row.aggregateId) } } : {}) },
      orderBy: { seq: "asc" },
      take: this.batchSize,
    });
    if (rows.length === 0) return { published: 0, failed: 0, deadLettered: 0, held: 0 };
    const byTask = new Map<string, typeof rows>();
    for (const row of rows) {
      const list = byTask.get(row.aggregateId) ?? [];
      list.push(row);
      byTask.set(row.aggregateId, list);
    }
    const published: string[] = [];
    const failures: Failure[] = [];
    const queues = [...byTask.values()];
    const busDown = this.options.publisher.publishBatch
      ? await this.publishInRounds(queues, published, failures)
      : await this.publishOneByOne(queues, published, failures);
    this.busDown = busDown;
    if (published.length) await prisma.outboxEvent.updateMany({ where: { id: { in: published } }, data: { publishedAt: new Date() } });
    let deadLettered = 0;
    let heldBack = 0;
    for (const { row, error, counts } of failures) {
      const attempts = row.attempts + (counts ? 1 : 0);
      const dead = counts && attempts >= this.maxAttempts;
      const delay = dead || !counts ? undefined : this.retryDelayMs(attempts);
      if (delay) heldBack += 1;
      await prisma.outboxEvent.update({
        where: { id: row.id },
        data: {
          attempts,
          lastError: error.slice(0, 1_000),
          nextAttemptAt: delay === undefined ? null : new Date(now.getTime() + delay),
          ...(dead ? { deadAt: now } : {}),
        },
      });
      if (dead) {
        deadLettered += 1;
        metrics.outboxDeadLettered.inc({ type: row.type });
        logger.error(
          { eventId: row.id, taskId: row.aggregateId, type: row.type, attempts, lastError: error },
          "outbox event dead-lettered; see `npx todo outbox`",
        );
      }
    }
    if (failures.length)
      logger.warn(
        { failed: failures.length, published: published.length, deadLettered, lastError: failures[0]?.error },
        "outbox publish failed; will retry",
      );
    return { published: published.length, failed: failures.length, deadLettered, held: heldBack };
  }

  /** Whether a task's queue goes on after this failure: only past an event that is now dead-lettered. */
  private goesOnAfter(failure: Failure): boolean {
    return failure.counts && failure.row.attempts + 1 >= this.maxAttempts;
  }

  /**
   * One event at a time per task, `concurrency` tasks at once (for publishers without batches).
   * Answers whether the bus was found down.
   */
  private async publishOneByOne(queues: OutboxRow[][], published: string[], failures: Failure[]): Promise<boolean> {
    const { publisher, source } = this.options;
    let busDown = false;
    const worker = async () => {
      for (let queue = queues.shift(); queue && !busDown; queue = queues.shift()) {
        for (const row of queue) {
          if (busDown) break;
          try {
            await publisher.publish(toCloudEvent(row, source));
            published.push(row.id);
            metrics.eventsPublished.inc({ type: row.type });
          } catch (error) {
            const failure = { row, error: error instanceof Error ? error.message : String(error), counts: !(error instanceof BusUnavailableError) };
            failures.push(failure);
            metrics.eventPublishFailures.inc();
            if (!failure.counts) busDown = true;
            // A dead-lettered event no longer holds its task back; any other failure does.
            else if (this.goesOnAfter(failure)) continue;
            break;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queues.length) }, worker));
    return busDown;
  }

  /**
   * Batches through `publishBatch`, in rounds: a round holds the oldest unpublished event of every
   * task still going (so no batch holds two events of one task, and a task's next event goes only
   * once its previous one is published), split into requests of at most `bulkSize` events sent
   * `concurrency` at a time. A failed entry holds its task back (unless it is now dead-lettered);
   * the other entries of the batch count as published. Answers whether the bus was found down.
   */
  private async publishInRounds(queues: OutboxRow[][], published: string[], failures: Failure[]): Promise<boolean> {
    const { publisher, source } = this.options;
    const publishBatch = publisher.publishBatch?.bind(publisher);
    if (!publishBatch) return false;
    let going = queues.filter((queue) => queue.length > 0);
    let busDown = false;
    while (going.length > 0 && !busDown) {
      const round = going.map((queue) => queue[0]).filter((row): row is OutboxRow => row !== undefined);
      const chunks: OutboxRow[][] = [];
      for (let i = 0; i < round.length; i += this.bulkSize) chunks.push(round.slice(i, i + this.bulkSize));
      const stopped = new Set<string>();
      const send = async (chunk: OutboxRow[]) => {
        let failed: Map<string, string>;
        try {
          const answer = await publishBatch(chunk.map((row) => toCloudEvent(row, source)));
          failed = new Map(answer.map((entry) => [entry.id, entry.error]));
        } catch (error) {
          const counts = !(error instanceof BusUnavailableError);
          if (!counts) busDown = true;
          const message = error instanceof Error ? error.message : String(error);
          for (const row of chunk) recordFailure({ row, error: message, counts });
          return;
        }
        for (const row of chunk) {
          const error = failed.get(row.id);
          if (error === undefined) {
            published.push(row.id);
            metrics.eventsPublished.inc({ type: row.type });
          } else recordFailure({ row, error, counts: true });
        }
      };
      const recordFailure = (failure: Failure) => {
        failures.push(failure);
        metrics.eventPublishFailures.inc();
        if (!this.goesOnAfter(failure)) stopped.add(failure.row.aggregateId);
      };
      for (let i = 0; i < chunks.length && !busDown; i += this.concurrency) await Promise.all(chunks.slice(i, i + this.concurrency).map(send));
      // Events of a chunk not sent because the bus went down stay pending, like their tasks' later ones.
      if (busDown) break;
      for (const queue of going) queue.shift();
      going = going.filter((queue) => queue.length > 0 && !stopped.has(queue[0]?.aggregateId ?? ""));
    }
    return busDown;
  }

  /** Publishes until nothing is pending or nothing more can be published now (held tasks wait). */
  async drain(): Promise<RelayRun> {
    const total = { published: 0, failed: 0, deadLettered: 0, held: 0 };
    for (;;) {
      const run = await this.runOnce();
      total.published += run.published;
      total.failed += run.failed;
      total.deadLettered += run.deadLettered;
      total.held += run.held;
      // A run that only held tasks back may have left other tasks' events behind them: go on.
      if (run.published === 0 && run.deadLettered === 0 && run.held === 0) return total;
    }
  }

  /** Asks the relay to look now (after a commit), instead of at its next poll. */
  nudge(): void {
    this.wake?.();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.nudge();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let delay = this.pollMs;
      try {
        const run = await this.runOnce();
        if (this.busDown && run.published === 0) {
          this.backoffMs = Math.min(this.maxBackoffMs, this.backoffMs ? this.backoffMs * 2 : 250);
          delay = this.backoffMs;
        } else {
          this.backoffMs = 0;
          // Failed tasks now wait out their own backoff and are left out of the next batch, so
          // whatever else is pending can go at once.
          if (run.published > 0 || run.deadLettered > 0 || run.held > 0) delay = 0;
        }
        await this.updateGauges();
      } catch (error) {
        this.options.logger.error({ err: error }, "outbox relay failed to read the outbox");
        delay = Math.max(delay, 1_000);
      }
      if (delay > 0 && this.running) await this.sleep(delay);
    }
  }

  private async updateGauges(): Promise<void> {
    const now = Date.now();
    if (now - this.lastGauge < 5_000) return;
    this.lastGauge = now;
    const { prisma } = this.options;
    const [pending, oldest, dead] = await Promise.all([
      prisma.outboxEvent.count({ where: LIVE_PENDING }),
      prisma.outboxEvent.findFirst({ where: LIVE_PENDING, orderBy: { seq: "asc" }, select: { createdAt: true } }),
      prisma.outboxEvent.count({ where: { deadAt: { not: null }, discardedAt: null, publishedAt: null } }),
    ]);
    metrics.outboxPending.set(pending);
    metrics.outboxDeadLetters.set(dead);
    metrics.outboxLagSeconds.set(oldest ? (now - oldest.createdAt.getTime()) / 1000 : 0);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

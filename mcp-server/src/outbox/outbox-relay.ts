import type { PrismaClient } from "@todo/db";
import { toCloudEvent } from "@todo/services";
import type { Logger } from "@todo/http-kit";
import { metrics } from "../metrics.ts";
import type { EventPublisher } from "./event-publisher.ts";

export interface OutboxRelayOptions {
  prisma: PrismaClient;
  publisher: EventPublisher;
  logger: Logger;
  /** CloudEvents `source` of the events, e.g. "todo-chatbot/mcp-server". */
  source: string;
  batchSize?: number;
  /** How often to look for events when nothing nudges the relay. */
  pollMs?: number;
  maxBackoffMs?: number;
  /** How many tasks' events are published at once (each task's events stay in order). */
  concurrency?: number;
}

export interface RelayRun {
  published: number;
  failed: number;
}

/**
 * Publishes outbox rows in commit order per task and marks them published. A row that fails keeps
 * its error and attempt count and holds back the later rows of the same task, so no task's events
 * overtake each other; other tasks go on. When nothing at all can be published (the bus is down),
 * the relay backs off exponentially. Rows are marked after publishing, so a crash in between
 * publishes them again: delivery is at least once.
 */
export class OutboxRelay {
  private running = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private backoffMs = 0;
  private lastGauge = 0;
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly maxBackoffMs: number;
  private readonly concurrency: number;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 200;
    this.pollMs = options.pollMs ?? 1_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.concurrency = options.concurrency ?? 16;
  }

  /** Publishes one batch of pending rows. */
  async runOnce(): Promise<RelayRun> {
    const { prisma, publisher, logger, source } = this.options;
    const rows = await prisma.outboxEvent.findMany({ where: { publishedAt: null }, orderBy: { seq: "asc" }, take: this.batchSize });
    if (rows.length === 0) return { published: 0, failed: 0 };
    const byTask = new Map<string, typeof rows>();
    for (const row of rows) {
      const list = byTask.get(row.aggregateId) ?? [];
      list.push(row);
      byTask.set(row.aggregateId, list);
    }
    const published: string[] = [];
    const failures: Array<{ id: string; error: string }> = [];
    const queues = [...byTask.values()];
    const worker = async () => {
      for (let queue = queues.shift(); queue; queue = queues.shift()) {
        for (const row of queue) {
          try {
            await publisher.publish(toCloudEvent(row, source));
            published.push(row.id);
            metrics.eventsPublished.inc({ type: row.type });
          } catch (error) {
            failures.push({ id: row.id, error: error instanceof Error ? error.message : String(error) });
            metrics.eventPublishFailures.inc();
            break; // later events of this task wait for this one
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queues.length) }, worker));
    if (published.length) await prisma.outboxEvent.updateMany({ where: { id: { in: published } }, data: { publishedAt: new Date() } });
    for (const failure of failures) {
      await prisma.outboxEvent.update({ where: { id: failure.id }, data: { attempts: { increment: 1 }, lastError: failure.error.slice(0, 1_000) } });
    }
    if (failures.length) logger.warn({ failed: failures.length, published: published.length, lastError: failures[0]!.error }, "outbox publish failed; will retry");
    return { published: published.length, failed: failures.length };
  }

  /** Publishes until nothing is pending or nothing more can be published now. */
  async drain(): Promise<RelayRun> {
    const total = { published: 0, failed: 0 };
    for (;;) {
      const run = await this.runOnce();
      total.published += run.published;
      total.failed += run.failed;
      if (run.published === 0) return total;
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
        if (run.failed > 0 && run.published === 0) {
          this.backoffMs = Math.min(this.maxBackoffMs, this.backoffMs ? this.backoffMs * 2 : 250);
          delay = this.backoffMs;
        } else {
          this.backoffMs = 0;
          if (run.published >= this.batchSize || (run.published > 0 && run.failed === 0)) delay = 0;
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
    const [pending, oldest] = await Promise.all([
      prisma.outboxEvent.count({ where: { publishedAt: null } }),
      prisma.outboxEvent.findFirst({ where: { publishedAt: null }, orderBy: { seq: "asc" }, select: { createdAt: true } }),
    ]);
    metrics.outboxPending.set(pending);
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

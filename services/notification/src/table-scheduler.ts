import type { PrismaClient } from "@todo/db";
import type { Clock, ReminderPlan } from "@todo/services";
import type { Logger } from "pino";
import type { DeliverReminder } from "./deliver-reminder.ts";
import { notificationMetrics } from "./metrics.ts";
import type { ReminderScheduler } from "./reminder-scheduler.ts";

export interface TableSchedulerOptions {
  prisma: PrismaClient;
  deliver: DeliverReminder;
  clock: Clock;
  logger: Logger;
  /** A reminder found this late (after a restart) is still delivered; later ones are marked missed. */
  graceMs?: number;
  /**
   * Waits before each retry of a failed delivery, in ms (default 30 s, 1, 2, 5 and 10 min). After
   * the last one the reminder is marked missed.
   */
  retryDelaysMs?: readonly number[];
  /** Attempts in all, first one included (default: one more than retryDelaysMs has entries). */
  maxAttempts?: number;
  /** Longest sleep between looks at the table (a reminder added meanwhile nudges the timer). */
  maxSleepMs?: number;
}

/** Waits before the retries of a failed reminder delivery, in ms: 30 s, 1, 2, 5 and 10 min. */
export const DEFAULT_RETRY_DELAYS_MS = [30_000, 60_000, 120_000, 300_000, 600_000] as const;

/**
 * The embedded reminder scheduler: a `Reminder` row per reminder of a task, fired in this process at its time.
 * Rows survive restarts; on start, reminders missed while the process was down are delivered if
 * within the grace period, and marked missed otherwise. A failed delivery is tried again after
 * growing delays (the attempt count and next attempt time are in the row, so the schedule survives
 * restarts), up to maxAttempts, then marked missed with its last error. What a failed attempt did
 * reach is not repeated (see reminderDeliverer).
 */
export class TableReminderScheduler implements ReminderScheduler {
  private timer: NodeJS.Timeout | undefined;
  /** When the armed timer fires (epoch ms); a sooner reminder re-arms it without a query. */
  private armedFor = Infinity;
  private running = false;
  private ticking: Promise<number> | undefined;
  private readonly graceMs: number;
  private readonly maxAttempts: number;
  private readonly retryDelaysMs: readonly number[];
  private readonly maxSleepMs: number;

  constructor(private readonly options: TableSchedulerOptions) {
    this.graceMs = options.graceMs ?? 60 * 60_000;
    this.retryDelaysMs = options.retryDelaysMs?.length ? options.retryDelaysMs : DEFAULT_RETRY_DELAYS_MS;
    this.maxAttempts = options.maxAttempts ?? this.retryDelaysMs.length + 1;
    this.maxSleepMs = options.maxSleepMs ?? 30_000;
  }

  async sync(taskId: string, plans: readonly ReminderPlan[]): Promise<void> {
    const { prisma, clock } = this.options;
    const wanted = new Set(plans.map((plan) => plan.reminderId));
    let scheduled = 0;
    let cancelled = 0;
    await prisma.$transaction(async (tx) => {
      const existing = await tx.reminder.findMany({ where: { taskId } });
      const stale = existing.filter((row) => row.status === "pending" && !wanted.has(row.reminderId)).map((row) => row.id);
      if (stale.length) {
        cancelled = (await tx.reminder.updateMany({ where: { id: { in: stale }, status: "pending" }, data: { status: "cancelled" } })).count;
      }
      for (const plan of plans) {
        const row = existing.find((candidate) => candidate.reminderId === plan.reminderId);
        const words = { userId: plan.userId, title: plan.title, dueLabel: plan.dueLabel };
        if (row && row.fireAt.getTime() === plan.fireAt.getTime() && row.status !== "cancelled") {
          // Same time, pending (keeps its retry state) or already delivered/missed (not again): only the words may change.
          if (row.title !== plan.title || row.dueLabel !== plan.dueLabel) await tx.reminder.update({ where: { id: row.id }, data: words });
          continue;
        }
        const data = {
          ...words,
          fireAt: plan.fireAt,
          nextAttemptAt: plan.fireAt,
          status: "pending" as const,
          attempts: 0,
          lastError: null,
          firedAt: null,
        };
        await tx.reminder.upsert({
          where: { taskId_reminderId: { taskId, reminderId: plan.reminderId } },
          create: { taskId, reminderId: plan.reminderId, ...data },
          update: data,
        });
        scheduled += 1;
      }
    });
    if (scheduled) notificationMetrics.remindersScheduled.inc(scheduled);
    if (cancelled) notificationMetrics.remindersCancelled.inc(cancelled);
    const soonest = Math.min(...plans.map((plan) => plan.fireAt.getTime()));
    if (scheduled && soonest < this.armedFor) this.rearm(Math.min(this.maxSleepMs, soonest - clock.now().getTime()));
  }

  async cancel(taskId: string): Promise<void> {
    const { count } = await this.options.prisma.reminder.updateMany({ where: { taskId, status: "pending" }, data: { status: "cancelled" } });
    if (count) notificationMetrics.remindersCancelled.inc(count);
  }

  /** Delivers every reminder whose time has come; returns how many were delivered. */
  tick(): Promise<number> {
    // One tick at a time: two overlapping ticks would deliver the same reminder twice.
    this.ticking = (this.ticking ?? Promise.resolve(0)).then(
      () => this.fireDue(),
      () => this.fireDue(),
    );
    return this.ticking;
  }

  start(): void {
    this.running = true;
    this.rearm(0);
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.armedFor = Infinity;
  }

  private async fireDue(): Promise<number> {
    const { prisma, clock, deliver, logger } = this.options;
    const now = clock.now();
    const due = await prisma.reminder.findMany({
      where: { status: "pending", nextAttemptAt: { lte: now } },
      orderBy: { nextAttemptAt: "asc" },
      take: 100,
    });
    let delivered = 0;
    for (const reminder of due) {
      const lateMs = now.getTime() - reminder.fireAt.getTime();
      // Late against the attempt that was due: a retry is not late merely for being a retry.
      if (now.getTime() - reminder.nextAttemptAt.getTime() > this.graceMs) {
        await prisma.reminder.update({
          where: { id: reminder.id },
          data: { status: "missed", lastError: `missed by ${Math.round(lateMs / 60_000)} min` },
        });
        notificationMetrics.remindersMissed.inc();
        logger.warn({ taskId: reminder.taskId, reminderId: reminder.reminderId, lateMs }, "reminder missed its grace period");
        continue;
      }
      try {
        await deliver({
          taskId: reminder.taskId,
          reminderId: reminder.reminderId,
          userId: reminder.userId,
          title: reminder.title,
          dueLabel: reminder.dueLabel,
          fireAt: reminder.fireAt,
        });
        // Only if still pending: a cancel that raced the delivery keeps its status.
        await prisma.reminder.updateMany({
          where: { id: reminder.id, status: "pending", fireAt: reminder.fireAt },
          data: { status: "sent", firedAt: now },
        });
        if (lateMs > 60_000) notificationMetrics.remindersLate.inc();
        delivered += 1;
      } catch (error) {
        const attempts = reminder.attempts + 1;
        const message = error instanceof Error ? error.message : String(error);
        const givenUp = attempts >= this.maxAttempts;
        const delayMs = this.retryDelaysMs[Math.min(attempts - 1, this.retryDelaysMs.length - 1)] ?? 60_000;
        const nextAttemptAt = new Date(now.getTime() + delayMs);
        // Only if still the same pending reminder: a cancel or a move meanwhile has the last word.
        await prisma.reminder.updateMany({
          where: { id: reminder.id, status: "pending", fireAt: reminder.fireAt },
          data: { attempts, lastError: message.slice(0, 1_000), status: givenUp ? "missed" : "pending", ...(givenUp ? {} : { nextAttemptAt }) },
        });
        if (givenUp) notificationMetrics.remindersMissed.inc();
        logger.warn(
          { taskId: reminder.taskId, attempts, err: message, ...(givenUp ? {} : { nextAttemptAt }) },
          givenUp ? "reminder delivery failed; giving up" : "reminder delivery failed; will retry",
        );
      }
    }
    return delivered;
  }

  private rearm(delayMs?: number): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    const arm = (ms: number) => {
      this.armedFor = this.options.clock.now().getTime() + Math.max(0, ms);
      this.timer = setTimeout(
        () => {
          this.armedFor = Infinity;
          void this.tick()
            .catch((error: unknown) => this.options.logger.error({ err: error }, "reminder tick failed"))
            .then(() => this.rearm());
        },
        Math.max(0, ms),
      );
      this.timer.unref?.();
    };
    if (delayMs !== undefined) return arm(delayMs);
    void this.options.prisma.reminder
      .findFirst({ where: { status: "pending" }, orderBy: { nextAttemptAt: "asc" }, select: { nextAttemptAt: true } })
      .then((next) => arm(next ? Math.min(this.maxSleepMs, next.nextAttemptAt.getTime() - this.options.clock.now().getTime()) : this.maxSleepMs))
      .catch(() => arm(this.maxSleepMs));
  }
}

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
  maxAttempts?: number;
  /** Longest sleep between looks at the table (a reminder added meanwhile nudges the timer). */
  maxSleepMs?: number;
}

/**
 * The embedded reminder scheduler: a `Reminder` row per task, fired in this process at its time.
 * Rows survive restarts; on start, reminders missed while the process was down are delivered if
 * within the grace period, and marked missed otherwise. A failed delivery is tried again up to
 * maxAttempts, then marked missed with its last error.
 */
export class TableReminderScheduler implements ReminderScheduler {
  private timer: NodeJS.Timeout | undefined;
  /** When the armed timer fires (epoch ms); a sooner reminder re-arms it without a query. */
  private armedFor = Infinity;
  private running = false;
  private ticking: Promise<number> | undefined;
  private readonly graceMs: number;
  private readonly maxAttempts: number;
  private readonly maxSleepMs: number;

  constructor(private readonly options: TableSchedulerOptions) {
    this.graceMs = options.graceMs ?? 60 * 60_000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.maxSleepMs = options.maxSleepMs ?? 30_000;
  }

  async schedule(plan: ReminderPlan): Promise<void> {
    const data = { userId: plan.userId, title: plan.title, dueLabel: plan.dueLabel, fireAt: plan.fireAt, status: "pending" as const, attempts: 0, lastError: null, firedAt: null };
    await this.options.prisma.reminder.upsert({ where: { taskId: plan.taskId }, create: { taskId: plan.taskId, ...data }, update: data });
    notificationMetrics.remindersScheduled.inc();
    const now = this.options.clock.now().getTime();
    if (plan.fireAt.getTime() < this.armedFor) this.rearm(Math.min(this.maxSleepMs, plan.fireAt.getTime() - now));
  }

  async cancel(taskId: string): Promise<void> {
    const { count } = await this.options.prisma.reminder.updateMany({ where: { taskId, status: "pending" }, data: { status: "cancelled" } });
    if (count) notificationMetrics.remindersCancelled.inc(count);
  }

  /** Delivers every reminder whose time has come; returns how many were delivered. */
  tick(): Promise<number> {
    // One tick at a time: two overlapping ticks would deliver the same reminder twice.
    this.ticking = (this.ticking ?? Promise.resolve(0)).then(() => this.fireDue(), () => this.fireDue());
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
    const due = await prisma.reminder.findMany({ where: { status: "pending", fireAt: { lte: now } }, orderBy: { fireAt: "asc" }, take: 100 });
    let delivered = 0;
    for (const reminder of due) {
      const lateMs = now.getTime() - reminder.fireAt.getTime();
      if (lateMs > this.graceMs) {
        await prisma.reminder.update({ where: { id: reminder.id }, data: { status: "missed", lastError: `missed by ${Math.round(lateMs / 60_000)} min` } });
        notificationMetrics.remindersMissed.inc();
        logger.warn({ taskId: reminder.taskId, lateMs }, "reminder missed its grace period");
        continue;
      }
      try {
        await deliver({ taskId: reminder.taskId, userId: reminder.userId, title: reminder.title, dueLabel: reminder.dueLabel });
        // Only if still pending: a cancel that raced the delivery keeps its status.
        await prisma.reminder.updateMany({ where: { id: reminder.id, status: "pending", fireAt: reminder.fireAt }, data: { status: "sent", firedAt: now } });
        if (lateMs > 60_000) notificationMetrics.remindersLate.inc();
        delivered += 1;
      } catch (error) {
        const attempts = reminder.attempts + 1;
        const message = error instanceof Error ? error.message : String(error);
        await prisma.reminder.update({
          where: { id: reminder.id },
          data: { attempts, lastError: message.slice(0, 1_000), status: attempts >= this.maxAttempts ? "missed" : "pending" },
        });
        if (attempts >= this.maxAttempts) notificationMetrics.remindersMissed.inc();
        logger.warn({ taskId: reminder.taskId, attempts, err: message }, "reminder delivery failed");
      }
    }
    return delivered;
  }

  private rearm(delayMs?: number): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    const arm = (ms: number) => {
      this.armedFor = this.options.clock.now().getTime() + Math.max(0, ms);
      this.timer = setTimeout(() => {
        this.armedFor = Infinity;
        void this.tick()
          .catch((error: unknown) => this.options.logger.error({ err: error }, "reminder tick failed"))
          .then(() => this.rearm());
      }, Math.max(0, ms));
      this.timer.unref?.();
    };
    if (delayMs !== undefined) return arm(delayMs);
    void this.options.prisma.reminder
      .findFirst({ where: { status: "pending" }, orderBy: { fireAt: "asc" }, select: { fireAt: true } })
      .then((next) => arm(next ? Math.min(this.maxSleepMs, next.fireAt.getTime() - this.options.clock.now().getTime()) : this.maxSleepMs))
      .catch(() => arm(this.maxSleepMs));
  }
}

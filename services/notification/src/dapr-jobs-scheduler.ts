import type { PrismaClient } from "@todo/db";
import type { ReminderPlan } from "@todo/services";
import type { ReminderScheduler } from "./reminder-scheduler.ts";
import { notificationMetrics } from "./metrics.ts";

export interface DaprJobsOptions {
  daprUrl: string;
  /** Where the scheduler records which jobs it scheduled (the Reminder table), to move and cancel them later. */
  prisma: PrismaClient;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** The instant in ISO 8601 basic form, "20261203T130000Z": only letters and digits, as Dapr job names allow. */
const basicInstant = (instant: Date) =>
  instant
    .toISOString()
    .replace(/\.\d{3}/, "")
    .replace(/[-:]/g, "");

/**
 * A reminder job's name: `reminder-<taskId>-<reminderId>-<fireAt>`, e.g.
 * `reminder-1b0c…-7f3e…-20261203T130000Z`. Unique per firing of each reminder and the same every
 * time it is computed. Dapr refuses '|' and '/' belongs to the URL; its scheduler checks the name, with
 * '-', '_' and ':' removed, as a DNS-1123 subdomain (lower-cased): UUIDs and the basic instant pass.
 */
export const reminderJobName = (plan: { taskId: string; reminderId: string; fireAt: Date }) =>
  `reminder-${plan.taskId}-${plan.reminderId}-${basicInstant(plan.fireAt)}`;

/** The one job a task had before it could have several reminders: removed when the task's reminders are first synced. */
export const legacyReminderJobName = (taskId: string) => `reminder-${taskId}`;

/**
 * Distributed mode: each reminder is a one-shot Dapr job scheduled through this service's own
 * sidecar (Dapr calls back only the app that scheduled a job), at POST /job/<name>. A failing callback
 * is retried by the job's failure policy (every 30 s, 20 times); the deliverer remembers per reminder
 * what it already reached, so a retry sends only the failed pushes. The jobs scheduled for a task are
 * recorded as pending Reminder rows (Dapr cannot list jobs), so a removed or moved reminder's job is
 * deleted by name.
 */
export function daprJobsScheduler(options: DaprJobsOptions): ReminderScheduler {
  const send = options.fetch ?? fetch;
  const { prisma } = options;
  const url = (name: string) => new URL(`/v1.0-alpha1/jobs/${name}`, options.daprUrl);
  const timeout = () => AbortSignal.timeout(options.timeoutMs ?? 5_000);

  async function deleteJob(name: string): Promise<void> {
    const response = await send(url(name), { method: "DELETE", signal: timeout() });
    // A job that already fired or never existed is as cancelled as it gets.
    if (!response.ok && response.status !== 404 && response.status !== 500) {
      throw new Error(`Dapr jobs answered ${response.status} to a cancel`);
    }
  }

  async function scheduleJob(plan: ReminderPlan): Promise<void> {
    const response = await send(url(reminderJobName(plan)), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        dueTime: plan.fireAt.toISOString(),
        overwrite: true,
        // reminderId and fireAt name this firing: Dapr's retries of it do not repeat the in-app message.
        data: {
          taskId: plan.taskId,
          reminderId: plan.reminderId,
          userId: plan.userId,
          title: plan.title,
          dueLabel: plan.dueLabel,
          fireAt: plan.fireAt.toISOString(),
        },
        failure_policy: { constant: { interval: "30s", maxRetries: 20 } },
      }),
      signal: timeout(),
    });
    if (!response.ok) throw new Error(`Dapr jobs answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  }

  async function sync(taskId: string, plans: readonly ReminderPlan[]): Promise<void> {
    const rows = await prisma.reminder.findMany({ where: { taskId } });
    // A task never synced here may still have its one job from before several reminders.
    if (rows.length === 0) await deleteJob(legacyReminderJobName(taskId));
    const wanted = new Map(plans.map((plan) => [reminderJobName(plan), plan]));
    let cancelled = 0;
    for (const row of rows) {
      if (row.status !== "pending" || wanted.has(reminderJobName(row))) continue;
      await deleteJob(reminderJobName(row));
      await prisma.reminder.updateMany({ where: { id: row.id, status: "pending" }, data: { status: "cancelled" } });
      cancelled += 1;
    }
    let scheduled = 0;
    for (const [name, plan] of wanted) {
      const row = rows.find((candidate) => candidate.reminderId === plan.reminderId);
      const same = row && reminderJobName(row) === name;
      // Scheduled already (pending), or fired at this very time already (sent): not again.
      if (same && row.status !== "cancelled") continue;
      await scheduleJob(plan);
      const data = {
        userId: plan.userId,
        title: plan.title,
        dueLabel: plan.dueLabel,
        fireAt: plan.fireAt,
        nextAttemptAt: plan.fireAt,
        status: "pending" as const,
      };
      await prisma.reminder.upsert({
        where: { taskId_reminderId: { taskId, reminderId: plan.reminderId } },
        create: { taskId, reminderId: plan.reminderId, ...data },
        update: data,
      });
      scheduled += 1;
    }
    if (scheduled) notificationMetrics.remindersScheduled.inc(scheduled);
    if (cancelled) notificationMetrics.remindersCancelled.inc(cancelled);
  }

  return { sync, cancel: (taskId) => sync(taskId, []) };
}

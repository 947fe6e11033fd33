import type { ReminderPlan } from "@todo/services";
import type { ReminderScheduler } from "./reminder-scheduler.ts";
import { notificationMetrics } from "./metrics.ts";

export interface DaprJobsOptions {
  daprUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export const reminderJobName = (taskId: string) => `reminder-${taskId}`;

/**
 * Distributed mode: each reminder is a one-shot Dapr job scheduled through this service's own
 * sidecar (Dapr calls back only the app that scheduled a job), at POST /job/reminder-<taskId>.
 * A failing callback is retried by the job's failure policy (every 30 s, 20 times); the deliverer
 * remembers per reminder what it already reached, so a retry sends only the failed pushes.
 */
export function daprJobsScheduler(options: DaprJobsOptions): ReminderScheduler {
  const send = options.fetch ?? fetch;
  const url = (taskId: string) => new URL(`/v1.0-alpha1/jobs/${reminderJobName(taskId)}`, options.daprUrl);
  return {
    async schedule(plan: ReminderPlan) {
      const response = await send(url(plan.taskId), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          dueTime: plan.fireAt.toISOString(),
          overwrite: true,
          // fireAt names this reminder among the task's: Dapr's retries of it do not repeat the in-app message.
          data: { taskId: plan.taskId, userId: plan.userId, title: plan.title, dueLabel: plan.dueLabel, fireAt: plan.fireAt.toISOString() },
          failure_policy: { constant: { interval: "30s", maxRetries: 20 } },
        }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      });
      if (!response.ok) throw new Error(`Dapr jobs answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
      notificationMetrics.remindersScheduled.inc();
    },
    async cancel(taskId: string) {
      const response = await send(url(taskId), { method: "DELETE", signal: AbortSignal.timeout(options.timeoutMs ?? 5_000) });
      // A job that already fired or never existed is as cancelled as it gets.
      if (!response.ok && response.status !== 404 && response.status !== 500) {
        throw new Error(`Dapr jobs answered ${response.status} to a cancel`);
      }
      notificationMetrics.remindersCancelled.inc();
    },
  };
}

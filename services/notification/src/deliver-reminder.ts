import webpush from "web-push";
import type { Logger } from "pino";
import type { ReminderPlan } from "@todo/services";
import type { NotificationHub } from "./notification-hub.ts";
import type { PushStore } from "./push-store.ts";
import type { VapidKeys } from "./vapid.ts";
import { notificationMetrics } from "./metrics.ts";

export interface ReminderDelivery {
  hub: NotificationHub;
  pushes: PushStore;
  vapid: VapidKeys;
  logger: Logger;
  /** For tests: where web-push sends (its own default is the subscription's endpoint). */
  sendOptions?: webpush.RequestOptions;
}

/**
 * Delivers a reminder: to the user's open pages (SSE) and by Web Push to each of their browsers.
 * A push service answering 404/410 means the subscription is gone: it is removed. Other failures
 * throw, so the scheduler tries again — unless at least one browser got it.
 */
export function reminderDeliverer(deps: ReminderDelivery) {
  return async (plan: Pick<ReminderPlan, "taskId" | "userId" | "title" | "dueLabel">): Promise<void> => {
    const body = plan.dueLabel;
    deps.hub.publish(plan.userId, { kind: "reminder", taskId: plan.taskId, title: plan.title, body, at: new Date().toISOString() });
    const subscriptions = await deps.pushes.forUser(plan.userId);
    const payload = JSON.stringify({ title: `Reminder: ${plan.title}`, body, taskId: plan.taskId, url: "/" });
    let delivered = 0;
    const failures: string[] = [];
    for (const subscription of subscriptions) {
      try {
        await webpush.sendNotification(
          { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
          payload,
          { vapidDetails: deps.vapid, TTL: 3_600, urgency: "high", ...deps.sendOptions },
        );
        delivered += 1;
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        if (status === 404 || status === 410) {
          notificationMetrics.pushFailures.inc({ reason: "gone" });
          await deps.pushes.removeEndpoint(subscription.endpoint);
          deps.logger.info({ taskId: plan.taskId, status }, "push subscription gone; removed");
        } else {
          notificationMetrics.pushFailures.inc({ reason: "error" });
          failures.push(status ? `push service answered ${status}` : error instanceof Error ? error.message : String(error));
        }
      }
    }
    if (failures.length && delivered === 0) throw new Error(`reminder push failed: ${failures.join("; ")}`);
    notificationMetrics.remindersFired.inc();
  };
}
export type DeliverReminder = ReturnType<typeof reminderDeliverer>;

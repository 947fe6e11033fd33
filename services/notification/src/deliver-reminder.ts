import type { Agent } from "node:https";
import webpush from "web-push";
import type { Logger } from "pino";
import { LEGACY_REMINDER_ID, type ReminderPlan } from "@todo/services";
import type { NotificationHub } from "./notification-hub.ts";
import { assertPublicHost, PrivateEndpointError, publicOnlyAgent } from "./push-endpoint.ts";
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
  /**
   * Tests only: allow push endpoints on loopback/private addresses (a local push service). Without
   * it an endpoint whose host is or resolves to a non-public address is refused and removed.
   */
  allowPrivateEndpoints?: boolean;
}

/**
 * A reminder to deliver. `reminderId` and `fireAt` identify it among the task's reminders (what was
 * already sent); a job scheduled before reminders had ids carries no reminderId (LEGACY_REMINDER_ID).
 */
export type DeliverablePlan = Pick<ReminderPlan, "taskId" | "userId" | "title" | "dueLabel"> & { reminderId?: string; fireAt?: Date };

/**
 * Delivers a reminder: to the user's open pages (SSE) and by Web Push to each of their browsers.
 * Retries repeat nothing that worked: with `plan.fireAt` given, the in-app message is sent once per
 * reminder and push only to the subscriptions that have not accepted it yet (remembered in the
 * database, so this holds across restarts, replicas and Dapr's job retries). A push service
 * answering 404/410 means the subscription is gone, and an endpoint resolving to a non-public
 * address is refused: either is removed. Any other push failure throws after trying every
 * subscription, so the caller (table scheduler, or Dapr through a non-2xx answer) tries again.
 */
export function reminderDeliverer(deps: ReminderDelivery) {
  // Pins each connection to the checked addresses (DNS could answer differently at connect time).
  let agent: Agent | undefined;
  const agentFor = () => (deps.allowPrivateEndpoints ? undefined : (agent ??= publicOnlyAgent()));
  return async (plan: DeliverablePlan): Promise<void> => {
    const body = plan.dueLabel;
    const ledger = deps.pushes.deliveries;
    const fireAt = plan.fireAt && !Number.isNaN(plan.fireAt.getTime()) ? plan.fireAt : undefined;
    const key = fireAt ? { taskId: plan.taskId, reminderId: plan.reminderId ?? LEGACY_REMINDER_ID, fireAt } : undefined;
    if (!key || (await ledger.claimInApp(key))) {
      deps.hub.publish(plan.userId, { kind: "reminder", taskId: plan.taskId, title: plan.title, body, at: new Date().toISOString() });
    }
    const already = key ? await ledger.pushedTo(key) : new Set<string>();
    const subscriptions = (await deps.pushes.forUser(plan.userId)).filter((subscription) => !already.has(subscription.endpoint));
    const payload = JSON.stringify({ title: `Reminder: ${plan.title}`, body, taskId: plan.taskId, url: "/" });
    const failures: string[] = [];
    for (const subscription of subscriptions) {
      try {
        if (!deps.allowPrivateEndpoints) await assertPublicHost(subscription.endpoint);
        const agent = agentFor();
        await webpush.sendNotification({ endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } }, payload, {
          vapidDetails: deps.vapid,
          TTL: 3_600,
          urgency: "high",
          timeout: 15_000,
          ...(agent ? { agent } : {}),
          ...deps.sendOptions,
        });
        if (key) await ledger.recordPushed(key, subscription.endpoint);
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        const refused = error instanceof PrivateEndpointError || (error as { cause?: unknown }).cause instanceof PrivateEndpointError;
        if (status === 404 || status === 410 || refused) {
          notificationMetrics.pushFailures.inc({ reason: refused ? "refused" : "gone" });
          await deps.pushes.removeEndpoint(subscription.endpoint);
          deps.logger.info(
            { taskId: plan.taskId, status, refused },
            refused ? "push endpoint not on a public address; removed" : "push subscription gone; removed",
          );
        } else {
          notificationMetrics.pushFailures.inc({ reason: "error" });
          failures.push(status ? `push service answered ${status}` : error instanceof Error ? error.message : String(error));
        }
      }
    }
    if (failures.length) throw new Error(`reminder push failed: ${failures.join("; ")}`);
    notificationMetrics.remindersFired.inc();
  };
}
export type DeliverReminder = ReturnType<typeof reminderDeliverer>;

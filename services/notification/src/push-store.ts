import type { PrismaClient } from "@todo/db";
import { z } from "zod";
import { SafeText } from "@todo/services";
import { endpointProblem } from "./push-endpoint.ts";

const SubscriptionKeys = z.strictObject({
  p256dh: SafeText.min(10).max(200).describe("from PushSubscription.toJSON().keys"),
  auth: SafeText.min(4).max(100),
});

/**
 * A browser's PushSubscription as `subscription.toJSON()` gives it. The endpoint must be an https:
 * URL on a public host (see endpointProblem): the server sends to it, so it must not be a way into
 * our own network. `allowPrivateEndpoints` is for tests with a push service on loopback only.
 */
export function pushSubscriptionInput(options: { allowPrivateEndpoints?: boolean } = {}) {
  return z.strictObject({
    endpoint: SafeText.pipe(z.url({ protocol: /^https$/, error: "must be the https URL from PushSubscription.endpoint" }).max(2_000)).superRefine(
      (endpoint, ctx) => {
        const problem = options.allowPrivateEndpoints ? null : endpointProblem(endpoint);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      },
    ),
    expirationTime: z.number().nullable().optional(),
    keys: SubscriptionKeys,
  });
}
/** A browser's PushSubscription, endpoint restricted to public https hosts. */
export const PushSubscriptionInput = pushSubscriptionInput();
export type PushSubscriptionInput = z.infer<typeof PushSubscriptionInput>;

export interface StoredSubscription {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export function pushStore(prisma: PrismaClient) {
  return {
    /**
     * Stores the subscription for the user, or updates its keys when the user already has it.
     * An endpoint registered to another user is left alone: "conflict" (an endpoint is one browser's
     * own; taking it over would send one user's reminders, under new keys, to another's browser).
     */
    async save(userId: string, input: PushSubscriptionInput): Promise<"saved" | "conflict"> {
      const data = { p256dh: input.keys.p256dh, auth: input.keys.auth };
      const { count } = await prisma.pushSubscription.updateMany({ where: { endpoint: input.endpoint, userId }, data });
      if (count) return "saved";
      try {
        await prisma.pushSubscription.create({ data: { userId, endpoint: input.endpoint, ...data } });
        return "saved";
      } catch (error) {
        if ((error as { code?: string }).code === "P2002") return "conflict";
        throw error;
      }
    },
    async remove(userId: string, endpoint: string): Promise<boolean> {
      const { count } = await prisma.pushSubscription.deleteMany({ where: { userId, endpoint } });
      return count > 0;
    },
    async removeEndpoint(endpoint: string): Promise<void> {
      await prisma.pushSubscription.deleteMany({ where: { endpoint } });
    },
    async forUser(userId: string): Promise<StoredSubscription[]> {
      return prisma.pushSubscription.findMany({ where: { userId }, select: { endpoint: true, p256dh: true, auth: true } });
    },
    deliveries: deliveryLedger(prisma),
  };
}

/** One firing of one reminder: which task, which of its reminders (LEGACY_REMINDER_ID for a job from before ids), and when. */
export interface ReminderKey {
  taskId: string;
  reminderId: string;
  fireAt: Date;
}

/**
 * What each reminder — one of a task's reminders at one `fireAt` — has already reached, in the
 * `ReminderDelivery` table, so that retries by any replica repeat nothing. Rows older than a week are
 * pruned (at most once an hour per process): by then no retry of theirs is still running.
 */
export function deliveryLedger(prisma: PrismaClient, retainMs = 7 * 24 * 3_600_000) {
  let prunedAt = 0;
  return {
    /** True exactly once per reminder, for whoever should send its in-app message. */
    async claimInApp(key: ReminderKey): Promise<boolean> {
      const { taskId, reminderId, fireAt } = key;
      const now = Date.now();
      if (now - prunedAt > 3_600_000) {
        prunedAt = now;
        await prisma.reminderDelivery.deleteMany({ where: { createdAt: { lt: new Date(now - retainMs) } } });
      }
      const created = await prisma.reminderDelivery.createMany({
        data: [{ taskId, reminderId, fireAt, inAppAt: new Date(now), pushedEndpoints: [] }],
        skipDuplicates: true,
      });
      if (created.count) return true;
      const claimed = await prisma.reminderDelivery.updateMany({
        where: { taskId, reminderId, fireAt, inAppAt: null },
        data: { inAppAt: new Date(now) },
      });
      return claimed.count > 0;
    },
    /** The push endpoints that already accepted this reminder. */
    async pushedTo(key: ReminderKey): Promise<Set<string>> {
      const row = await prisma.reminderDelivery.findUnique({ where: { taskId_reminderId_fireAt: key }, select: { pushedEndpoints: true } });
      return new Set(row?.pushedEndpoints ?? []);
    },
    async recordPushed(key: ReminderKey, endpoint: string): Promise<void> {
      await prisma.reminderDelivery.upsert({
        where: { taskId_reminderId_fireAt: key },
        create: { ...key, pushedEndpoints: [endpoint] },
        update: { pushedEndpoints: { push: endpoint } },
      });
    },
  };
}
export type DeliveryLedger = ReturnType<typeof deliveryLedger>;
export type PushStore = ReturnType<typeof pushStore>;

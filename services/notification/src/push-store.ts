import type { PrismaClient } from "@todo/db";
import { z } from "zod";
import { SafeText } from "@todo/services";

/** A browser's PushSubscription as `subscription.toJSON()` gives it. */
export const PushSubscriptionInput = z.strictObject({
  endpoint: SafeText.pipe(z.url({ protocol: /^https?$/, error: "must be the https URL from PushSubscription.endpoint" }).max(2_000)),
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({
    p256dh: SafeText.min(10).max(200).describe("from PushSubscription.toJSON().keys"),
    auth: SafeText.min(4).max(100),
  }),
});
export type PushSubscriptionInput = z.infer<typeof PushSubscriptionInput>;

export interface StoredSubscription {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export function pushStore(prisma: PrismaClient) {
  return {
    async save(userId: string, input: PushSubscriptionInput): Promise<void> {
      await prisma.pushSubscription.upsert({
        where: { endpoint: input.endpoint },
        create: { userId, endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth },
        update: { userId, p256dh: input.keys.p256dh, auth: input.keys.auth },
      });
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
  };
}
export type PushStore = ReturnType<typeof pushStore>;

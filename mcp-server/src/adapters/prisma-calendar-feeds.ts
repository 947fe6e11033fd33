import type { PrismaClient } from "@todo/db";
import type { CalendarFeedStore } from "@todo/services";

/** Calendar feeds on Prisma: one row per user (its secret's sha256), looked up by that hash when a calendar app fetches the feed. */
export function createPrismaCalendarFeeds(prisma: PrismaClient): CalendarFeedStore {
  return {
    async get(userId) {
      return prisma.calendarFeed.findUnique({ where: { userId }, select: { createdAt: true } });
    },
    async replace(userId, secretHash, at) {
      await prisma.calendarFeed.upsert({
        where: { userId },
        create: { userId, secretHash, createdAt: at },
        update: { secretHash, createdAt: at },
      });
    },
    async remove(userId) {
      const { count } = await prisma.calendarFeed.deleteMany({ where: { userId } });
      return count > 0;
    },
    async ownerOf(secretHash) {
      const feed = await prisma.calendarFeed.findUnique({ where: { secretHash }, select: { user: { select: { id: true, timeZone: true } } } });
      return feed ? { userId: feed.user.id, timeZone: feed.user.timeZone } : null;
    },
  };
}

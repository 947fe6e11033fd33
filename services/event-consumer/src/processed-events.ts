import type { PrismaClient } from "@todo/db";
import type { ProcessedEvents } from "@todo/services";

/** The ProcessedEvent table: one row per (consumer, event id). */
export function prismaProcessedEvents(prisma: PrismaClient): ProcessedEvents {
  return {
    async has(consumer, eventId) {
      return (await prisma.processedEvent.findUnique({ where: { consumer_eventId: { consumer, eventId } } })) !== null;
    },
    async record(consumer, eventId) {
      const rows = await prisma.$executeRaw`
        INSERT INTO "ProcessedEvent" ("consumer", "eventId") VALUES (${consumer}, ${eventId}::uuid) ON CONFLICT DO NOTHING`;
      return rows > 0;
    },
    async handled(consumer, eventIds) {
      if (eventIds.length === 0) return new Set();
      const rows = await prisma.processedEvent.findMany({ where: { consumer, eventId: { in: [...eventIds] } }, select: { eventId: true } });
      return new Set(rows.map((row) => row.eventId));
    },
    async recordAll(consumer, eventIds) {
      if (eventIds.length === 0) return;
      await prisma.$executeRaw`
        INSERT INTO "ProcessedEvent" ("consumer", "eventId")
        SELECT ${consumer}, id FROM unnest(${[...eventIds]}::uuid[]) AS id ON CONFLICT DO NOTHING`;
    },
  };
}

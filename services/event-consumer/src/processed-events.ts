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
  };
}

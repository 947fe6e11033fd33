import { z } from "zod";
import type { PrismaClient } from "@todo/db";
import { AppError } from "@todo/services";

/** One dead-lettered outbox event, as an operator sees it. Times are ISO 8601 instants (UTC). */
export interface DeadLetter {
  id: string;
  taskId: string;
  userId: string;
  type: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deadAt: string;
}

const EventId = z.uuid({ error: "must be an outbox event id (a UUID, as listed by `npx todo outbox`)" });

/** Dead-lettered and not yet retried, discarded or (by an earlier retry) published. */
const DEAD = { deadAt: { not: null }, discardedAt: null, publishedAt: null } as const;

function parseId(id: string): string {
  const parsed = EventId.safeParse(id);
  if (!parsed.success) throw new AppError("invalid_input", `id ${parsed.error.issues[0]?.message ?? "is not an event id"}; got '${id.slice(0, 60)}'`);
  return parsed.data;
}

function toDeadLetter(row: {
  id: string;
  aggregateId: string;
  userId: string;
  type: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  deadAt: Date | null;
}): DeadLetter {
  return {
    id: row.id,
    taskId: row.aggregateId,
    userId: row.userId,
    type: row.type,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    deadAt: (row.deadAt ?? row.createdAt).toISOString(),
  };
}

/** The dead-lettered events, oldest first (at most `limit`, default 100). */
export async function listDeadLetters(prisma: PrismaClient, options: { limit?: number } = {}): Promise<DeadLetter[]> {
  const rows = await prisma.outboxEvent.findMany({ where: DEAD, orderBy: { seq: "asc" }, take: options.limit ?? 100 });
  return rows.map(toDeadLetter);
}

async function change(
  prisma: PrismaClient,
  id: string,
  data: { deadAt?: null; attempts?: number; nextAttemptAt?: null; discardedAt?: Date },
): Promise<DeadLetter> {
  const eventId = parseId(id);
  const before = await prisma.outboxEvent.findFirst({ where: { id: eventId, ...DEAD } });
  if (!before) throw new AppError("not_found", `No dead-lettered event ${eventId}; \`npx todo outbox\` lists them`);
  // The condition repeats DEAD so that two operators acting at once change the row only once.
  const { count } = await prisma.outboxEvent.updateMany({ where: { id: eventId, ...DEAD }, data });
  if (count === 0) throw new AppError("not_found", `Event ${eventId} is no longer dead-lettered`);
  return toDeadLetter(before);
}

/**
 * Puts a dead-lettered event back to pending with a fresh attempt count: the relay publishes it
 * at its next look. Its task's later events may already have been published, so it now arrives
 * after them. Throws AppError invalid_input for an id that is not a UUID, not_found when no
 * dead-lettered event has it. Returns the event as it was.
 */
export function retryDeadLetter(prisma: PrismaClient, id: string): Promise<DeadLetter> {
  return change(prisma, id, { deadAt: null, attempts: 0, nextAttemptAt: null });
}

/**
 * Gives up on a dead-lettered event: it is kept (with its error) but no longer listed or counted.
 * Errors as for `retryDeadLetter`. Returns the event as it was.
 */
export function discardDeadLetter(prisma: PrismaClient, id: string): Promise<DeadLetter> {
  return change(prisma, id, { discardedAt: new Date() });
}

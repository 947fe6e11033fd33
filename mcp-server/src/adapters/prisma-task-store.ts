import { Prisma, type PrismaClient } from "@todo/db";
import { readReminders, type TaskFields, type TaskRecord, type TaskStore, type TaskTransaction } from "@todo/services";
import { COLUMNS, taskListQuery } from "./task-list-query.ts";

type Db = PrismaClient | Prisma.TransactionClient;
/** A row as Prisma reads it, or as COLUMNS selects it (with its subtasks counted). */
type TaskRow = Prisma.TaskGetPayload<object> & { subtaskTotal?: number; subtaskDone?: number };

const toDate = (localDate: string) => new Date(`${localDate}T00:00:00Z`);
const fromDate = (date: Date) => date.toISOString().slice(0, 10);

function toRecord({ subtaskTotal, subtaskDone, ...row }: TaskRow): TaskRecord {
  return {
    ...row,
    tags: row.tags ?? [],
    dueDate: row.dueDate ? fromDate(row.dueDate) : null,
    // A row read without COLUMNS is a new task or a subtask: it has none.
    subtaskCount: { total: subtaskTotal ?? 0, done: subtaskDone ?? 0 },
    reminders: readReminders(row.reminders),
  };
}

function toRow(fields: Partial<TaskFields>): Prisma.TaskUncheckedUpdateInput {
  const { dueDate, reminders, ...rest } = fields;
  const row: Prisma.TaskUncheckedUpdateInput = dueDate === undefined ? rest : { ...rest, dueDate: dueDate === null ? null : toDate(dueDate) };
  if (reminders !== undefined) row.reminders = reminders;
  return row;
}

// Every query but the trash's own sees only tasks outside the trash.
const LIVE = { deletedAt: null };

/** The tasks matching `where` (conditions on `t`), each with its subtasks counted. */
async function selectTasks(db: Db, where: Prisma.Sql): Promise<TaskRecord[]> {
  const rows = await db.$queryRaw<TaskRow[]>`SELECT ${COLUMNS} FROM "Task" t WHERE ${where}`;
  return rows.map(toRecord);
}

function transactionOn(db: Db): TaskTransaction {
  const live = async (userId: string, id: string) => {
    const [row] = await selectTasks(db, Prisma.sql`t."id" = ${id}::uuid AND t."userId" = ${userId}::uuid AND t."deletedAt" IS NULL`);
    return row ?? null;
  };
  return {
    get: live,
    async getForUpdate(userId, id) {
      // One statement: a row being changed meanwhile is waited for, then read (and re-checked) as committed.
      const [row] = await selectTasks(
        db,
        Prisma.sql`t."id" = ${id}::uuid AND t."userId" = ${userId}::uuid AND t."deletedAt" IS NULL FOR UPDATE OF t`,
      );
      return row ?? null;
    },
    async getManyForUpdate(userId, ids) {
      if (ids.length === 0) return [];
      await db.$queryRaw`
        SELECT 1 FROM "Task" WHERE "id" = ANY(${ids}::uuid[]) AND "userId" = ${userId}::uuid AND "deletedAt" IS NULL ORDER BY "id" FOR UPDATE`;
      return selectTasks(db, Prisma.sql`t."id" = ANY(${ids}::uuid[]) AND t."userId" = ${userId}::uuid AND t."deletedAt" IS NULL`);
    },
    async list(criteria) {
      const rows = await db.$queryRaw<TaskRow[]>(taskListQuery(criteria));
      return rows.map(toRecord);
    },
    async nextInSeries(userId, seriesId, afterIndex) {
      const row = await db.task.findFirst({
        where: { userId, seriesId, occurrenceIndex: { gt: afterIndex }, ...LIVE },
        orderBy: { occurrenceIndex: "asc" },
        select: { id: true },
      });
      return row ? live(userId, row.id) : null;
    },
    async insert(userId, fields) {
      const row = await db.task.create({ data: { ...(toRow(fields) as Prisma.TaskUncheckedCreateInput), userId } });
      return toRecord(row);
    },
    async insertOccurrence(userId, fields) {
      // An occurrence in the trash gives its place to the new one (a deleted one used to be gone).
      await db.$executeRaw`
        DELETE FROM "Task" WHERE "userId" = ${userId}::uuid AND "seriesId" = ${fields.seriesId}::uuid
          AND "occurrenceIndex" = ${fields.occurrenceIndex} AND "deletedAt" IS NOT NULL`;
      // ON CONFLICT keeps the transaction usable (a failed insert would abort it on PostgreSQL).
      const rows = await db.$queryRaw<Array<{ id: string }>>`
        INSERT INTO "Task" ("id", "userId", "title", "updatedAt", "seriesId", "occurrenceIndex")
        VALUES (gen_random_uuid(), ${userId}::uuid, ${fields.title}, now(), ${fields.seriesId}::uuid, ${fields.occurrenceIndex})
        ON CONFLICT ("seriesId", "occurrenceIndex") DO NOTHING
        RETURNING "id"`;
      const inserted = rows[0];
      if (!inserted) return null;
      const row = await db.task.update({ where: { id: inserted.id }, data: toRow(fields) });
      return toRecord(row);
    },
    async update(userId, id, expectedVersion, fields) {
      const { count } = await db.task.updateMany({
        where: { id, userId, version: expectedVersion, ...LIVE },
        data: { ...toRow(fields), version: { increment: 1 } },
      });
      return count === 0 ? null : live(userId, id);
    },
    async moveToTrash(userId, id, at) {
      const { count } = await db.task.updateMany({ where: { id, userId, ...LIVE }, data: { deletedAt: at, version: { increment: 1 } } });
      if (count === 0) return null;
      const row = await db.task.findFirst({ where: { id, userId } });
      return row ? toRecord(row) : null;
    },
    async getTrashedForUpdate(userId, id) {
      const rows = await db.$queryRaw<Array<{ id: string }>>`
        SELECT "id" FROM "Task" WHERE "id" = ${id}::uuid AND "userId" = ${userId}::uuid AND "deletedAt" IS NOT NULL FOR UPDATE`;
      if (!rows[0]) return null;
      const row = await db.task.findFirst({ where: { id, userId, deletedAt: { not: null } } });
      return row ? toRecord(row) : null;
    },
    async restoreFromTrash(userId, id) {
      const { count } = await db.task.updateMany({
        where: { id, userId, deletedAt: { not: null } },
        data: { deletedAt: null, version: { increment: 1 } },
      });
      return count === 0 ? null : live(userId, id);
    },
    async purge(userId, id) {
      const { count } = await db.task.deleteMany({ where: { id, userId } });
      return count > 0;
    },
    async purgeTrash(userId) {
      const { count } = await db.task.deleteMany({ where: { userId, deletedAt: { not: null } } });
      return count;
    },
    async appendEvent(event) {
      await db.outboxEvent.create({
        data: { type: event.type, aggregateId: event.aggregateId, userId: event.userId, payload: event.payload },
      });
    },
    async subtasks(userId, parentId, options = {}) {
      if (options.forUpdate) {
        await db.$queryRaw`
          SELECT 1 FROM "Task" WHERE "parentId" = ${parentId}::uuid AND "userId" = ${userId}::uuid AND "deletedAt" IS NULL ORDER BY "id" FOR UPDATE`;
      }
      return subtasksOf(db, userId, parentId);
    },
    async trashedSubtasks(userId, parentId, deletedAt) {
      const rows = await db.task.findMany({ where: { userId, parentId, deletedAt }, orderBy: [{ position: "asc" }, { id: "asc" }] });
      return rows.map(toRecord);
    },
    async setPositions(userId, parentId, ids) {
      if (ids.length === 0) return;
      await db.$executeRaw`
        UPDATE "Task" t SET "position" = (v.ord - 1)::int
        FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS v(id, ord)
        WHERE t."id" = v.id AND t."userId" = ${userId}::uuid AND t."parentId" = ${parentId}::uuid AND t."position" <> (v.ord - 1)::int`;
    },
  };
}

/** A task's subtasks outside the trash, in their order; a subtask has none of its own, so none is counted. */
async function subtasksOf(db: Db, userId: string, parentId: string): Promise<TaskRecord[]> {
  const rows = await db.task.findMany({ where: { userId, parentId, ...LIVE }, orderBy: [{ position: "asc" }, { id: "asc" }] });
  return rows.map(toRecord);
}

/**
 * The task rules' persistence port on Prisma (PostgreSQL or PGlite). Every query is scoped by userId.
 * `onCommit` runs after each committed transaction (the outbox relay's wake-up call).
 */
export function createPrismaTaskStore(prisma: PrismaClient, options: { onCommit?: () => void } = {}): TaskStore {
  const root = transactionOn(prisma);
  return {
    async transaction(work) {
      const result = await prisma.$transaction((tx) => work(transactionOn(tx)), { timeout: 15_000, maxWait: 15_000 });
      options.onCommit?.();
      return result;
    },
    get: (userId, id) => root.get(userId, id),
    list: (criteria) => root.list(criteria),
    subtasks: (userId, parentId) => subtasksOf(prisma, userId, parentId),
    async listTrash({ userId, after, limit }) {
      const keyset = after ? { OR: [{ deletedAt: { lt: after.deletedAt } }, { deletedAt: after.deletedAt, id: { lt: after.id } }] } : {};
      const rows = await prisma.task.findMany({
        where: { userId, deletedAt: { not: null }, ...keyset },
        orderBy: [{ deletedAt: "desc" }, { id: "desc" }],
        take: limit,
      });
      return rows.map(toRecord);
    },
    async purgeTrashedBefore(cutoff, limit) {
      // SKIP LOCKED: replicas purging at the same moment take different rows instead of waiting.
      return prisma.$executeRaw`
        DELETE FROM "Task" WHERE "id" IN (
          SELECT "id" FROM "Task" WHERE "deletedAt" < ${cutoff}::timestamptz ORDER BY "deletedAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED)`;
    },
  };
}

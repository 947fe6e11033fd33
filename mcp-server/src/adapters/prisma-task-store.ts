import { Prisma, type PrismaClient } from "@todo/db";
import {
  AppError,
  INBOX_NAME,
  nameKey,
  readReminders,
  type TaskFields,
  type TaskListRecord,
  type TaskRecord,
  type TaskStore,
  type TaskTransaction,
} from "@todo/services";
import { COLUMNS, taskListQuery } from "./task-list-query.ts";

type Db = PrismaClient | Prisma.TransactionClient;
// Every task is read with its list's name and colour (TaskView.list).
const WITH_LIST = { include: { list: { select: { id: true, name: true, color: true } } } } as const;
/** A row as Prisma reads it (with its list), or as COLUMNS selects it (with its subtasks counted). */
type TaskRow = Prisma.TaskGetPayload<typeof WITH_LIST> & { subtaskTotal?: number; subtaskDone?: number };
/** A row of the raw queries (COLUMNS): the list's name and colour as columns. */
type RawTaskRow = Omit<TaskRow, "list"> & { listName: string; listColor: string | null };

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

function fromRaw({ listName, listColor, ...row }: RawTaskRow): TaskRecord {
  return toRecord({ ...row, list: { id: row.listId, name: listName, color: listColor } });
}

type ListRow = Prisma.TaskListGetPayload<object>;
function toListRecord({ nameKey: _key, ...row }: ListRow): TaskListRecord {
  return row;
}

function toRow(fields: Partial<TaskFields>): Prisma.TaskUncheckedUpdateInput {
  const { dueDate, reminders, ...rest } = fields;
  const row: Prisma.TaskUncheckedUpdateInput = dueDate === undefined ? rest : { ...rest, dueDate: dueDate === null ? null : toDate(dueDate) };
  if (reminders !== undefined) row.reminders = reminders;
  return row;
}

// Every query but the trash's own sees only tasks outside the trash.
const LIVE = { deletedAt: null };

/** The tasks matching `where` (conditions on `t`), each with its list and its subtasks counted. */
async function selectTasks(db: Db, where: Prisma.Sql): Promise<TaskRecord[]> {
  const rows = await db.$queryRaw<RawTaskRow[]>`SELECT ${COLUMNS} FROM "Task" t WHERE ${where}`;
  return rows.map(fromRaw);
}

/** Lists deleted with their tasks whose tasks have all been purged (completed by a user or age condition). */
const DELETED_LISTS_WITHOUT_TASKS = Prisma.sql`
  DELETE FROM "TaskList" l WHERE l."deletedAt" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Task" t WHERE t."listId" = l."id")`;

type ListMethods = Pick<
  TaskTransaction,
  | "lists"
  | "getList"
  | "findListByKey"
  | "ensureInbox"
  | "insertList"
  | "updateList"
  | "moveListTasks"
  | "trashListTasks"
  | "removeList"
  | "markListDeleted"
  | "reviveList"
>;

/** True for a unique violation (Prisma P2002, or PostgreSQL 23505 through the driver adapter). */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const text = error instanceof Error ? `${typeof code === "string" ? code : ""} ${error.message}` : "";
  return /P2002|23505|Unique constraint/i.test(text);
}

function listsOn(db: Db): ListMethods {
  const liveList = async (userId: string, id: string) => {
    const row = await db.taskList.findFirst({ where: { id, userId, deletedAt: null } });
    return row ? toListRecord(row) : null;
  };
  return {
    async lists(userId) {
      const rows = await db.taskList.findMany({
        where: { userId, deletedAt: null },
        orderBy: [{ isInbox: "desc" }, { position: "asc" }, { name: "asc" }],
      });
      const counts = await db.task.groupBy({
        by: ["listId"],
        where: { userId, status: "open", deletedAt: null },
        _count: { _all: true },
      });
      const open = new Map(counts.map((entry) => [entry.listId, entry._count._all]));
      return rows.map((row) => ({ ...toListRecord(row), openCount: open.get(row.id) ?? 0 }));
    },
    async getList(userId, id, options = {}) {
      if (options.lock) await db.$queryRaw`SELECT 1 FROM "TaskList" WHERE "id" = ${id}::uuid AND "userId" = ${userId}::uuid FOR UPDATE`;
      const row = await db.taskList.findFirst({ where: { id, userId, ...(options.includeDeleted ? {} : { deletedAt: null }) } });
      return row ? toListRecord(row) : null;
    },
    async findListByKey(userId, key) {
      const row = await db.taskList.findFirst({ where: { userId, nameKey: key, deletedAt: null } });
      return row ? toListRecord(row) : null;
    },
    async ensureInbox(userId) {
      const found = await db.taskList.findFirst({ where: { userId, isInbox: true } });
      if (found) return toListRecord(found);
      // ON CONFLICT: a concurrent first use made it; the name key is unique per user.
      await db.$executeRaw`
        INSERT INTO "TaskList" ("id", "userId", "name", "nameKey", "position", "isInbox", "updatedAt")
        VALUES (gen_random_uuid(), ${userId}::uuid, ${INBOX_NAME}, ${nameKey(INBOX_NAME)}, 0, true, now())
        ON CONFLICT ("userId", "nameKey") DO NOTHING`;
      const made = await db.taskList.findFirst({ where: { userId, isInbox: true } });
      if (!made) throw new AppError("unavailable", "could not make the Inbox; try again");
      return toListRecord(made);
    },
    async insertList(userId, fields) {
      const last = await db.taskList.aggregate({ where: { userId, deletedAt: null }, _max: { position: true } });
      const rows = await db.$queryRaw<Array<{ id: string }>>`
        INSERT INTO "TaskList" ("id", "userId", "name", "nameKey", "color", "position", "updatedAt")
        VALUES (gen_random_uuid(), ${userId}::uuid, ${fields.name}, ${nameKey(fields.name)}, ${fields.color}, ${(last._max.position ?? 0) + 1}, now())
        ON CONFLICT ("userId", "nameKey") DO NOTHING
        RETURNING "id"`;
      return rows[0] ? liveList(userId, rows[0].id) : null;
    },
    async updateList(userId, id, fields) {
      const clash =
        fields.name !== undefined ? await db.taskList.findFirst({ where: { userId, nameKey: nameKey(fields.name), id: { not: id } } }) : null;
      if (clash) return "name_taken";
      try {
        const { count } = await db.taskList.updateMany({
          where: { id, userId, deletedAt: null },
          data: { ...fields, ...(fields.name !== undefined ? { nameKey: nameKey(fields.name) } : {}) },
        });
        return count === 0 ? null : liveList(userId, id);
      } catch (error) {
        if (isUniqueViolation(error)) return "name_taken";
        throw error;
      }
    },
    async moveListTasks(userId, fromListId, toListId) {
      const live = await db.task.findMany({ where: { userId, listId: fromListId, ...LIVE }, select: { id: true } });
      await db.task.updateMany({ where: { userId, listId: fromListId }, data: { listId: toListId, version: { increment: 1 } } });
      const rows = await db.task.findMany({ where: { id: { in: live.map((row) => row.id) }, userId }, orderBy: { id: "asc" }, ...WITH_LIST });
      return rows.map(toRecord);
    },
    async trashListTasks(userId, listId, at) {
      const rows = await db.task.findMany({ where: { userId, listId, ...LIVE }, orderBy: { id: "asc" }, ...WITH_LIST });
      await db.task.updateMany({ where: { userId, listId, ...LIVE }, data: { deletedAt: at, version: { increment: 1 } } });
      return rows.map(toRecord);
    },
    async removeList(userId, id) {
      await db.taskList.deleteMany({ where: { id, userId } });
    },
    async markListDeleted(userId, id, at) {
      await db.taskList.updateMany({ where: { id, userId }, data: { deletedAt: at, nameKey: null } });
    },
    async reviveList(userId, id) {
      const list = await db.taskList.findFirst({ where: { id, userId } });
      if (!list) return null;
      const key = nameKey(list.name);
      if (await db.taskList.findFirst({ where: { userId, nameKey: key } })) return null;
      await db.taskList.updateMany({ where: { id, userId }, data: { deletedAt: null, nameKey: key } });
      return liveList(userId, id);
    },
  };
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
      const rows = await db.$queryRaw<RawTaskRow[]>(taskListQuery(criteria));
      return rows.map(fromRaw);
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
      const row = await db.task.create({ data: { ...(toRow(fields) as Prisma.TaskUncheckedCreateInput), userId }, ...WITH_LIST });
      return toRecord(row);
    },
    async insertOccurrence(userId, fields) {
      // An occurrence in the trash gives its place to the new one (a deleted one used to be gone).
      await db.$executeRaw`
        DELETE FROM "Task" WHERE "userId" = ${userId}::uuid AND "seriesId" = ${fields.seriesId}::uuid
          AND "occurrenceIndex" = ${fields.occurrenceIndex} AND "deletedAt" IS NOT NULL`;
      // ON CONFLICT keeps the transaction usable (a failed insert would abort it on PostgreSQL).
      const rows = await db.$queryRaw<Array<{ id: string }>>`
        INSERT INTO "Task" ("id", "userId", "title", "updatedAt", "seriesId", "occurrenceIndex", "listId")
        VALUES (gen_random_uuid(), ${userId}::uuid, ${fields.title}, now(), ${fields.seriesId}::uuid, ${fields.occurrenceIndex}, ${fields.listId}::uuid)
        ON CONFLICT ("seriesId", "occurrenceIndex") DO NOTHING
        RETURNING "id"`;
      const inserted = rows[0];
      if (!inserted) return null;
      const row = await db.task.update({ where: { id: inserted.id }, data: toRow(fields), ...WITH_LIST });
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
      const row = await db.task.findFirst({ where: { id, userId }, ...WITH_LIST });
      return row ? toRecord(row) : null;
    },
    async getTrashedForUpdate(userId, id) {
      const rows = await db.$queryRaw<Array<{ id: string }>>`
        SELECT "id" FROM "Task" WHERE "id" = ${id}::uuid AND "userId" = ${userId}::uuid AND "deletedAt" IS NOT NULL FOR UPDATE`;
      if (!rows[0]) return null;
      const row = await db.task.findFirst({ where: { id, userId, deletedAt: { not: null } }, ...WITH_LIST });
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
      await db.$executeRaw`${DELETED_LISTS_WITHOUT_TASKS} AND l."userId" = ${userId}::uuid`;
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
      const rows = await db.task.findMany({ where: { userId, parentId, deletedAt }, orderBy: [{ position: "asc" }, { id: "asc" }], ...WITH_LIST });
      return rows.map(toRecord);
    },
    async setPositions(userId, parentId, ids) {
      if (ids.length === 0) return;
      await db.$executeRaw`
        UPDATE "Task" t SET "position" = (v.ord - 1)::int
        FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS v(id, ord)
        WHERE t."id" = v.id AND t."userId" = ${userId}::uuid AND t."parentId" = ${parentId}::uuid AND t."position" <> (v.ord - 1)::int`;
    },
    ...listsOn(db),
  };
}

/** A task's subtasks outside the trash, in their order; a subtask has none of its own, so none is counted. */
async function subtasksOf(db: Db, userId: string, parentId: string): Promise<TaskRecord[]> {
  const rows = await db.task.findMany({ where: { userId, parentId, ...LIVE }, orderBy: [{ position: "asc" }, { id: "asc" }], ...WITH_LIST });
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
        ...WITH_LIST,
      });
      return rows.map(toRecord);
    },
    async purgeTrashedBefore(cutoff, limit) {
      // SKIP LOCKED: replicas purging at the same moment take different rows instead of waiting.
      const purged = await prisma.$executeRaw`
        DELETE FROM "Task" WHERE "id" IN (
          SELECT "id" FROM "Task" WHERE "deletedAt" < ${cutoff}::timestamptz ORDER BY "deletedAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED)`;
      // A list deleted with its tasks goes for good with the last of them.
      await prisma.$executeRaw`${DELETED_LISTS_WITHOUT_TASKS} AND l."deletedAt" < ${cutoff}::timestamptz`;
      return purged;
    },
  };
}

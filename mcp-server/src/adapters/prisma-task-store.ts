import type { Prisma, PrismaClient } from "@todo/db";
import type { Priority, TaskFields, TaskListCriteria, TaskRecord, TaskStore, TaskTransaction } from "@todo/services";
import { PRIORITIES } from "@todo/services";

type Db = PrismaClient | Prisma.TransactionClient;
type TaskRow = Prisma.TaskGetPayload<object>;

const toDate = (localDate: string) => new Date(`${localDate}T00:00:00Z`);
const fromDate = (date: Date) => date.toISOString().slice(0, 10);

function toRecord(row: TaskRow): TaskRecord {
  return {
    ...row,
    tags: row.tags ?? [],
    dueDate: row.dueDate ? fromDate(row.dueDate) : null,
  };
}

function toRow(fields: Partial<TaskFields>): Prisma.TaskUncheckedUpdateInput {
  const { dueDate, ...rest } = fields;
  return dueDate === undefined ? rest : { ...rest, dueDate: dueDate === null ? null : toDate(dueDate) };
}

/** Rows strictly after a keyset position, in the given order, with nulls last. */
function after(criteria: TaskListCriteria): Prisma.TaskWhereInput | undefined {
  const position = criteria.after;
  if (!position) return undefined;
  const field = criteria.sort === "dueAt" ? "dueSortAt" : criteria.sort;
  const tie = { id: { gt: position.id } };
  if (position.value === null) return { AND: [{ [field]: null }, tie] };
  let beyond: Prisma.TaskWhereInput;
  let equal: Prisma.TaskWhereInput;
  if (field === "priority") {
    // Enums have no gt/lt filter in Prisma: list the priorities beyond instead.
    const rank = PRIORITIES.indexOf(position.value as Priority);
    const beyondSet = PRIORITIES.filter((_, i) => (criteria.order === "asc" ? i > rank : i < rank));
    beyond = { priority: { in: beyondSet } };
    equal = { priority: position.value as Priority };
  } else {
    const value = field === "title" ? position.value : new Date(position.value);
    beyond = { [field]: { [criteria.order === "asc" ? "gt" : "lt"]: value } };
    equal = { [field]: value };
  }
  return { OR: [beyond, { AND: [equal, tie] }, ...(field === "dueSortAt" ? [{ dueSortAt: null }] : [])] };
}

function overdueWhere(at: { now: Date; today: string }): Prisma.TaskWhereInput {
  return { status: "open", OR: [{ dueAt: { lt: at.now } }, { dueDate: { lt: toDate(at.today) } }] };
}

export function listWhere(criteria: TaskListCriteria): Prisma.TaskWhereInput {
  const and: Prisma.TaskWhereInput[] = [{ userId: criteria.userId }];
  if (criteria.status) and.push({ status: criteria.status });
  if (criteria.priorities) and.push({ priority: { in: criteria.priorities } });
  if (criteria.tags) and.push({ tags: { hasEvery: criteria.tags } });
  if (criteria.dueFrom || criteria.dueBefore) and.push({ dueSortAt: { gte: criteria.dueFrom, lt: criteria.dueBefore } });
  if (criteria.overdue) and.push(overdueWhere(criteria.overdue));
  if (criteria.notOverdue) {
    const { now, today } = criteria.notOverdue;
    and.push({
      OR: [
        { status: "done" },
        { AND: [{ OR: [{ dueAt: null }, { dueAt: { gte: now } }] }, { OR: [{ dueDate: null }, { dueDate: { gte: toDate(today) } }] }] },
      ],
    });
  }
  if (criteria.recurring !== undefined) and.push({ recurrence: criteria.recurring ? { not: null } : null });
  for (const rawWord of criteria.searchWords ?? []) {
    // Prisma passes `contains` to ILIKE as is: escape LIKE's wildcards so "%" means a percent sign.
    const word = rawWord.replace(/[\\%_]/g, "\\$&");
    and.push({ OR: [{ title: { contains: word, mode: "insensitive" } }, { description: { contains: word, mode: "insensitive" } }] });
  }
  const keyset = after(criteria);
  if (keyset) and.push(keyset);
  return { AND: and };
}

function listOrder(criteria: TaskListCriteria): Prisma.TaskOrderByWithRelationInput[] {
  const primary: Prisma.TaskOrderByWithRelationInput =
    criteria.sort === "dueAt" ? { dueSortAt: { sort: criteria.order, nulls: "last" } } : { [criteria.sort]: criteria.order };
  return [primary, { id: "asc" }];
}

function transactionOn(db: Db): TaskTransaction {
  return {
    async get(userId, id) {
      const row = await db.task.findFirst({ where: { id, userId } });
      return row ? toRecord(row) : null;
    },
    async insert(userId, fields) {
      const row = await db.task.create({ data: { ...(toRow(fields) as Prisma.TaskUncheckedCreateInput), userId } });
      return toRecord(row);
    },
    async update(userId, id, expectedVersion, fields) {
      const { count } = await db.task.updateMany({
        where: { id, userId, version: expectedVersion },
        data: { ...toRow(fields), version: { increment: 1 } } as Prisma.TaskUncheckedUpdateManyInput,
      });
      if (count === 0) return null;
      const row = await db.task.findFirst({ where: { id, userId } });
      return row ? toRecord(row) : null;
    },
    async delete(userId, id) {
      const { count } = await db.task.deleteMany({ where: { id, userId } });
      return count > 0;
    },
    async appendEvent(event) {
      await db.outboxEvent.create({
        data: { type: event.type, aggregateId: event.aggregateId, userId: event.userId, payload: event.payload as unknown as Prisma.InputJsonValue },
      });
    },
  };
}

/** The task rules' persistence port on Prisma (PostgreSQL or PGlite). Every query is scoped by userId. */
export function createPrismaTaskStore(prisma: PrismaClient): TaskStore {
  const root = transactionOn(prisma);
  return {
    transaction: (work) => prisma.$transaction((tx) => work(transactionOn(tx)), { timeout: 15_000, maxWait: 15_000 }),
    get: root.get,
    async list(criteria) {
      const rows = await prisma.task.findMany({ where: listWhere(criteria), orderBy: listOrder(criteria), take: criteria.limit });
      return rows.map(toRecord);
    },
  };
}

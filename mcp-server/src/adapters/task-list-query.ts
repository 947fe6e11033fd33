import { Prisma } from "@todo/db";
import { PRIORITIES, type Priority, type TaskListCriteria } from "@todo/services";

/** Every column of a task row `t`, as the raw queries read them (enums as text). */
const TASK_COLUMNS = Prisma.sql`t."id", t."userId", t."title", t."description", t."status"::text AS "status", t."priority"::text AS "priority", t."tags",
  t."dueAt", t."dueDate", t."dueSortAt", t."recurrence", t."recurrenceMode"::text AS "recurrenceMode", t."reminders", t."seriesId", t."occurrenceIndex", t."seriesWallTime",
  t."completedAt", t."createdAt", t."updatedAt", t."version", t."deletedAt", t."listId", t."parentId", t."position"`;

/**
 * Every column of a task row `t` with its list's name and colour, and (subtasks) how many subtasks it
 * has outside the trash and how many are done: two probes of the (parentId, position) index per row
 * computed. PostgreSQL postpones costly select-list expressions past a sort when there is a LIMIT, so
 * a page computes them for its own rows only. For reads of a few rows by id (they may lock `t`).
 */
export const COLUMNS = Prisma.sql`${TASK_COLUMNS},
  (SELECT l."name" FROM "TaskList" l WHERE l."id" = t."listId") AS "listName", (SELECT l."color" FROM "TaskList" l WHERE l."id" = t."listId") AS "listColor",
  (SELECT count(*) FROM "Task" s WHERE s."parentId" = t."id" AND s."userId" = t."userId" AND s."deletedAt" IS NULL)::int AS "subtaskTotal",
  (SELECT count(*) FROM "Task" s WHERE s."parentId" = t."id" AND s."userId" = t."userId" AND s."deletedAt" IS NULL AND s."status" = 'done')::int AS "subtaskDone"`;

/**
 * A page `t` (already sorted and limited) with the same columns as COLUMNS: its list by a join and
 * its subtasks counted by one lateral probe of the (parentId, position) index per row of the page.
 */
function withListAndCounts(page: Prisma.Sql, order: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`SELECT ${TASK_COLUMNS}, l."name" AS "listName", l."color" AS "listColor", c."total" AS "subtaskTotal", c."done" AS "subtaskDone"
    FROM (${page}) t
    LEFT JOIN "TaskList" l ON l."id" = t."listId" AND l."userId" = t."userId"
    CROSS JOIN LATERAL (SELECT count(*)::int AS "total", (count(*) FILTER (WHERE s."status" = 'done'))::int AS "done"
      FROM "Task" s WHERE s."parentId" = t."id" AND s."userId" = t."userId" AND s."deletedAt" IS NULL) c
    ${order}`;
}

// Qualified: the selected "priority" is cast to text, and ORDER BY would otherwise sort by that alias.
const SORT_COLUMN = {
  dueAt: Prisma.raw(`t."dueSortAt"`),
  priority: Prisma.raw(`t."priority"`),
  createdAt: Prisma.raw(`t."createdAt"`),
  title: Prisma.raw(`t."title"`),
};

/** LIKE's wildcards in user text mean themselves. */
const likePattern = (word: string) => `%${word.replace(/[\\%_]/g, "\\$&")}%`;

function keysetCondition(criteria: TaskListCriteria): Prisma.Sql | undefined {
  const position = criteria.after;
  if (!position) return undefined;
  const column = SORT_COLUMN[criteria.sort];
  const desc = criteria.order === "desc";
  const idBeyond = desc ? Prisma.sql`"id" < ${position.id}::uuid` : Prisma.sql`"id" > ${position.id}::uuid`;
  if (position.value === null) return Prisma.sql`("dueSortAt" IS NULL AND ${idBeyond})`;
  let value: Prisma.Sql;
  if (criteria.sort === "priority") {
    if (!PRIORITIES.includes(position.value as Priority)) return Prisma.sql`FALSE`;
    value = Prisma.sql`${position.value}::"TaskPriority"`;
  } else if (criteria.sort === "title") {
    value = Prisma.sql`${position.value}`;
  } else {
    value = Prisma.sql`${new Date(position.value)}::timestamptz`;
  }
  const beyond = desc ? Prisma.sql`${column} < ${value}` : Prisma.sql`${column} > ${value}`;
  const nullsAfter = criteria.sort === "dueAt" ? Prisma.sql` OR "dueSortAt" IS NULL` : Prisma.empty;
  return Prisma.sql`(${beyond} OR (${column} = ${value} AND ${idBeyond})${nullsAfter})`;
}

/** The WHERE conditions of a list query; every one starts from the owner's id and leaves out the trash. */
function conditions(criteria: TaskListCriteria): Prisma.Sql[] {
  const where: Prisma.Sql[] = [Prisma.sql`"userId" = ${criteria.userId}::uuid`, Prisma.sql`"deletedAt" IS NULL`];
  if (criteria.listId) where.push(Prisma.sql`"listId" = ${criteria.listId}::uuid`);
  if (criteria.listRef) {
    // One scalar subquery (an InitPlan, run once), so the (listId, status, dueSortAt, id) index can serve the filter.
    const { id, key } = criteria.listRef;
    where.push(Prisma.sql`"listId" = (SELECT l."id" FROM "TaskList" l WHERE l."userId" = ${criteria.userId}::uuid AND l."deletedAt" IS NULL
      AND (l."id" = ${id}::uuid OR l."nameKey" = ${key}) ORDER BY l."id" IS NOT DISTINCT FROM ${id}::uuid DESC LIMIT 1)`);
  }
  if (criteria.status) where.push(Prisma.sql`"status" = ${criteria.status}::"TaskStatus"`);
  if (criteria.priorities) where.push(Prisma.sql`"priority" = ANY(${criteria.priorities}::"TaskPriority"[])`);
  if (criteria.tags) where.push(Prisma.sql`"tags" @> ${criteria.tags}::text[]`);
  if (criteria.dueFrom) where.push(Prisma.sql`"dueSortAt" >= ${criteria.dueFrom}::timestamptz`);
  if (criteria.dueBefore) where.push(Prisma.sql`"dueSortAt" < ${criteria.dueBefore}::timestamptz`);
  if (criteria.overdue) {
    const { now, today } = criteria.overdue;
    where.push(Prisma.sql`"status" = 'open' AND ("dueAt" < ${now}::timestamptz OR "dueDate" < ${today}::date)`);
  }
  if (criteria.notOverdue) {
    const { now, today } = criteria.notOverdue;
    where.push(Prisma.sql`("status" = 'done' OR (coalesce("dueAt" >= ${now}::timestamptz, TRUE) AND coalesce("dueDate" >= ${today}::date, TRUE)))`);
  }
  if (criteria.recurring !== undefined) where.push(criteria.recurring ? Prisma.sql`"recurrence" IS NOT NULL` : Prisma.sql`"recurrence" IS NULL`);
  for (const word of criteria.searchWords ?? []) {
    const pattern = likePattern(word);
    where.push(Prisma.sql`("title" ILIKE ${pattern} OR "description" ILIKE ${pattern})`);
  }
  const keyset = keysetCondition(criteria);
  if (keyset) where.push(keyset);
  return where;
}

/**
 * One page of a user's tasks as SQL. The id breaks ties in the sort's direction, so a backward
 * index scan serves descending sorts. With a search or tag filter the matching rows are found
 * first (trigram and GIN indexes) and sorted after; otherwise the planner walks the sort index
 * hoping to meet matches early, which reads every row when there are none.
 */
export function taskListQuery(criteria: TaskListCriteria): Prisma.Sql {
  const where = Prisma.join(conditions(criteria), " AND ");
  const direction = Prisma.raw(criteria.order === "desc" ? "DESC" : "ASC");
  const nulls = criteria.sort === "dueAt" ? Prisma.raw(" NULLS LAST") : Prisma.empty;
  const order = Prisma.sql`ORDER BY ${SORT_COLUMN[criteria.sort]} ${direction}${nulls}, "id" ${direction}`;
  // Trigrams need 3 characters: a shorter word cannot use the index and matches almost everything.
  const indexable = criteria.tags || criteria.searchWords?.some((word) => word.length >= 3);
  if (indexable) {
    return Prisma.sql`WITH matches AS MATERIALIZED (SELECT * FROM "Task" t WHERE ${where})
      ${withListAndCounts(Prisma.sql`SELECT * FROM matches t ${order} LIMIT ${criteria.limit}`, order)}`;
  }
  return withListAndCounts(Prisma.sql`SELECT * FROM "Task" t WHERE ${where} ${order} LIMIT ${criteria.limit}`, order);
}

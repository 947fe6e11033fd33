import type { Database } from "@todo/db";
import { createApp } from "@todo/mcp-server";
import { listTasks } from "@todo/services";
import { createLogger } from "@todo/http-kit";
import { summarize, timed } from "./stats.ts";

const WORDS = ["invoice", "call", "email", "review", "plan", "buy", "fix", "write", "book", "pay", "clean", "read", "send", "update", "check"];
const OBJECTS = ["report", "landlord", "groceries", "car", "taxes", "slides", "dentist", "mom", "budget", "garden", "newsletter", "printer"];
const TAGS = ["work", "home", "errands", "finance", "health", "family", "urgent-ish", "later"];
const PRIORITIES = ["low", "medium", "high", "urgent"] as const;
/** The lists insertTasks makes besides the Inbox. */
export const BENCH_LISTS = ["Work", "Home", "Groceries", "Side project"];

/**
 * Gives `userId` `count` generated tasks (mixed titles, tags, priorities, due moments, a quarter
 * done), generated in the database: 100k inserts through the client would measure the client.
 * Then VACUUM ANALYZE, as autovacuum would have done on a live database by the time anyone lists.
 */
export async function insertTasks(db: Database, userId: string, count: number): Promise<void> {
  // Lists: the Inbox and BENCH_LISTS, the tasks spread over the five evenly.
  await db.prisma.$executeRaw`
      INSERT INTO "TaskList" (id, "userId", name, "nameKey", position, "isInbox", "updatedAt")
      SELECT gen_random_uuid(), ${userId}::uuid, name, lower(name), position, name = 'Inbox', now()
      FROM unnest(${["Inbox", ...BENCH_LISTS]}::text[]) WITH ORDINALITY AS l(name, position)
      ON CONFLICT ("userId", "nameKey") DO NOTHING`;
  const lists = (await db.prisma.taskList.findMany({ where: { userId, deletedAt: null }, orderBy: { position: "asc" } })).map((list) => list.id);
  await db.prisma.$executeRaw`
      INSERT INTO "Task" (id, "userId", "listId", title, description, status, priority, tags, "dueAt", "dueDate", "dueSortAt", "updatedAt")
      SELECT gen_random_uuid(), ${userId}::uuid, (${lists}::uuid[])[1 + i % ${lists.length}],
        (${WORDS}::text[])[1 + i % ${WORDS.length}] || ' ' || (${OBJECTS}::text[])[1 + (i * 7) % ${OBJECTS.length}] || ' ' || i,
        CASE WHEN i % 5 = 0 THEN 'notes about ' || (${OBJECTS}::text[])[1 + i % ${OBJECTS.length}] || ' number ' || i END,
        (CASE WHEN i % 4 = 0 THEN 'done' ELSE 'open' END)::"TaskStatus",
        (${[...PRIORITIES]}::text[])[1 + i % 4]::"TaskPriority",
        ARRAY[(${TAGS}::text[])[1 + i % ${TAGS.length}], (${TAGS}::text[])[1 + (i * 3) % ${TAGS.length}]],
        CASE WHEN i % 3 <> 0 AND i % 10 <> 0 THEN timestamptz '2026-01-01' + (i % 730) * interval '1 day' + (i % 24) * interval '1 hour' END,
        CASE WHEN i % 3 = 0 THEN date '2026-01-01' + (i % 730) END,
        CASE WHEN i % 10 <> 0 OR i % 3 = 0 THEN timestamptz '2026-01-01' + (i % 730) * interval '1 day' + (i % 24) * interval '1 hour' END,
        now()
      FROM generate_series(1, ${count}::int) AS i`;
  await db.prisma.$executeRawUnsafe(`VACUUM ANALYZE "Task"`);
  await db.prisma.$executeRawUnsafe(`VACUUM ANALYZE "TaskList"`);
}

/** list_tasks with a filter and a search for a user holding `count` tasks. */
export async function benchLargeList(db: Database, label: string, count = 100_000): Promise<string[]> {
  const built = createApp({ prisma: db.prisma, logger: createLogger("bench", { level: "silent" }), defaultTimeZone: "UTC" });
  const { user } = await built.accounts.signup({ username: `big${Date.now()}`, password: "bench password", timeZone: "America/New_York" });
  const [, insertMs] = await timed(() => insertTasks(db, user.id, count));
  const context = built.contextFor({ id: user.id, username: user.username, timeZone: user.timeZone });
  const queries: Array<[string, Record<string, unknown>]> = [
    ["priority+tag+search", { priority: ["high", "urgent"], tags: ["work"], search: "invoice" }],
    ["due range+search", { dueFrom: "2026-03-01", dueTo: "2026-03-31", search: "report" }],
    ["overdue, sorted by priority", { overdue: true, sort: "priority" }],
    ["first page, default sort", {}],
    ["one-letter search", { search: "e" }],
  ];
  const lines = [`${label} inserted ${count} tasks in ${(insertMs / 1000).toFixed(1)} s`];
  for (const [name, query] of queries) {
    for (let i = 0; i < 5; i++) await listTasks(context, query);
    const samples: number[] = [];
    for (let i = 0; i < 60; i++) samples.push((await timed(() => listTasks(context, query)))[1]);
    lines.push(summarize(`${label} list 100k: ${name}`, samples));
  }
  return lines;
}

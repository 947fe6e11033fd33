import type { Database, Prisma } from "@todo/db";
import { createApp } from "@todo/mcp-server";
import { listTasks } from "@todo/services";
import { createLogger } from "../mcp-server/src/logger.ts";
import { summarize, timed } from "./stats.ts";

const WORDS = ["invoice", "call", "email", "review", "plan", "buy", "fix", "write", "book", "pay", "clean", "read", "send", "update", "check"];
const OBJECTS = ["report", "landlord", "groceries", "car", "taxes", "slides", "dentist", "mom", "budget", "garden", "newsletter", "printer"];
const TAGS = ["work", "home", "errands", "finance", "health", "family", "urgent-ish", "later"];
const PRIORITIES = ["low", "medium", "high", "urgent"] as const;

/** list_tasks with a filter and a search for a user holding `count` tasks. */
export async function benchLargeList(db: Database, label: string, count = 100_000): Promise<string[]> {
  const built = createApp({ prisma: db.prisma, logger: createLogger("silent"), defaultTimeZone: "UTC" });
  const { user } = await built.accounts.signup({ username: `big${Date.now()}`, password: "bench password", timeZone: "America/New_York" });
  const base = Date.parse("2026-01-01T00:00:00Z");
  const [, insertMs] = await timed(async () => {
    for (let start = 0; start < count; start += 5_000) {
      const rows: Prisma.TaskCreateManyInput[] = [];
      for (let i = start; i < Math.min(count, start + 5_000); i++) {
        const timed = i % 3 !== 0;
        const due = new Date(base + (i % 730) * 86_400_000 + (i % 24) * 3_600_000);
        rows.push({
          userId: user.id,
          title: `${WORDS[i % WORDS.length]} ${OBJECTS[(i * 7) % OBJECTS.length]} ${i}`,
          description: i % 5 === 0 ? `notes about ${OBJECTS[i % OBJECTS.length]} number ${i}` : null,
          status: i % 4 === 0 ? "done" : "open",
          priority: PRIORITIES[i % 4]!,
          tags: [TAGS[i % TAGS.length]!, TAGS[(i * 3) % TAGS.length]!],
          dueAt: timed && i % 10 !== 0 ? due : null,
          dueDate: !timed ? new Date(due.toISOString().slice(0, 10) + "T00:00:00Z") : null,
          dueSortAt: i % 10 !== 0 || !timed ? due : null,
        });
      }
      await db.prisma.task.createMany({ data: rows });
    }
    await db.prisma.$executeRawUnsafe(`ANALYZE "Task"`);
  });
  const context = built.contextFor({ id: user.id, username: user.username, timeZone: user.timeZone });
  const queries: Array<[string, Record<string, unknown>]> = [
    ["priority+tag+search", { priority: ["high", "urgent"], tags: ["work"], search: "invoice" }],
    ["due range+search", { dueFrom: "2026-03-01", dueTo: "2026-03-31", search: "report" }],
    ["overdue, sorted by priority", { overdue: true, sort: "priority" }],
    ["first page, default sort", {}],
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

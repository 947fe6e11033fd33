// `npm run bench -- scale`: how costs grow with one user's list: list_tasks with every filter, and
// an offline chat turn that looks a task up, at 1k / 10k / 100k tasks (a fresh user each), then
// the RSS of this process, which hosts the whole app as the embedded server does.
import type { Database } from "@todo/db";
import { createGatewayApp } from "@todo/chat-gateway";
import { inProcessTools } from "@todo/embedded";
import { createApp } from "@todo/mcp-server";
import { addTask, completeTask, listTasks } from "@todo/services";
import { createLogger } from "@todo/http-kit";
import { insertTasks } from "./large-list-bench.ts";
import { percentile } from "./stats.ts";

const logger = createLogger("bench", { level: "silent" });

/** Every list_tasks filter, alone and combined, as an assistant or the page would ask. */
const QUERIES: Array<Record<string, unknown>> = [
  {},
  { status: "done" },
  { status: "all", sort: "createdAt", order: "desc" },
  { priority: ["urgent"] },
  { tags: ["finance"] },
  { dueFrom: "2026-03-01", dueTo: "2026-03-07" },
  { overdue: true, sort: "priority" },
  { recurring: true },
  { search: "invoice" },
  { search: "landlord 7" },
  { priority: ["high", "urgent"], tags: ["work"], search: "invoice", sort: "title" },
];

/** Chat turns that look tasks up (by title, by a title that is not there) and list with filters. */
const MESSAGES = ["complete pay dentist 99999", "what's due this week", "show urgent tasks", "delete call landlord 123456", "show my work tasks"];

export async function benchScale(db: Database, label: string): Promise<string[]> {
  const built = createApp({ prisma: db.prisma, logger, defaultTimeZone: "UTC" });
  const gateway = createGatewayApp({
    prisma: db.prisma,
    logger,
    authenticate: built.accounts.authenticate,
    connectTools: inProcessTools(built.contextFor, logger),
  });
  const listP50: number[] = [];
  const listByListP50: number[] = [];
  const chatP50: number[] = [];
  const reminderP50: number[] = [];
  const seriesP50: number[] = [];
  const lines: string[] = [];
  for (const count of [1_000, 10_000, 100_000]) {
    const { token, user } = await built.accounts.signup({
      username: `scale${count}x${Date.now()}`,
      password: "bench password",
      timeZone: "America/New_York",
    });
    await insertTasks(db, user.id, count);
    const context = built.contextFor({ id: user.id, username: user.username, timeZone: user.timeZone });
    const samples: number[] = [];
    for (const query of QUERIES) {
      for (let i = 0; i < 3; i++) await listTasks(context, query);
      for (let i = 0; i < 15; i++) {
        const start = performance.now();
        await listTasks(context, query);
        samples.push(performance.now() - start);
      }
    }
    // Lists: one list's open tasks (a fifth of them), by name as the tools take it, and by id.
    const byList: number[] = [];
    const work = (await db.prisma.taskList.findFirstOrThrow({ where: { userId: user.id, name: "Work" } })).id;
    for (const query of [{ list: "Work" }, { list: work, sort: "priority" }, { list: "Groceries", status: "all", search: "invoice" }]) {
      for (let i = 0; i < 3; i++) await listTasks(context, query);
      for (let i = 0; i < 20; i++) {
        const start = performance.now();
        await listTasks(context, query);
        byList.push(performance.now() - start);
      }
    }
    listByListP50.push(percentile(byList, 50));
    lines.push(
      `${label} scale ${count} tasks: list_tasks {list} p50 ${percentile(byList, 50).toFixed(2)} ms  p99 ${percentile(byList, 99).toFixed(2)} ms  (n=${byList.length})`,
    );
    listP50.push(percentile(samples, 50));
    lines.push(
      `${label} scale ${count} tasks: list p50 ${percentile(samples, 50).toFixed(2)} ms  p99 ${percentile(samples, 99).toFixed(2)} ms  (n=${samples.length})`,
    );
    // The reminder scheduler's queries (embedded): the next due reminder (arms the timer) and the
    // due ones (a tick). A pending reminder for every tenth task; the table holds every user's.
    await db.prisma.$executeRaw`
      INSERT INTO "Reminder" (id, "taskId", "reminderId", "userId", title, "dueLabel", "fireAt", "nextAttemptAt", "updatedAt")
      SELECT gen_random_uuid(), id, gen_random_uuid(), "userId", title, 'soon', "dueSortAt", "dueSortAt", now()
      FROM "Task" WHERE "userId" = ${user.id}::uuid AND "dueSortAt" IS NOT NULL AND ('x' || substr(id::text, 1, 2))::bit(8)::int % 10 = 0`;
    await db.prisma.$executeRawUnsafe(`VACUUM ANALYZE "Reminder"`);
    const reminderSamples: number[] = [];
    for (let i = 0; i < 43; i++) {
      const start = performance.now();
      await db.prisma.reminder.findFirst({ where: { status: "pending" }, orderBy: { nextAttemptAt: "asc" }, select: { nextAttemptAt: true } });
      await db.prisma.reminder.findMany({
        where: { status: "pending", nextAttemptAt: { lte: new Date("2026-01-02T00:00:00Z") } },
        orderBy: { nextAttemptAt: "asc" },
        take: 100,
      });
      if (i >= 3) reminderSamples.push(performance.now() - start);
    }
    reminderP50.push(percentile(reminderSamples, 50));
    // The recurrence worker: the next occurrence of a completed repeating task (what the consumer runs).
    const seriesSamples: number[] = [];
    for (let i = 0; i < 23; i++) {
      const task = await addTask(context, { title: `standup ${i}`, due: "tomorrow 9am", recurrence: "daily" });
      await completeTask(context, task.id);
      const row = await db.prisma.outboxEvent.findFirstOrThrow({ where: { aggregateId: task.id, type: "task.completed" } });
      const start = performance.now();
      await built.continueSeriesOf(user.id, (row.payload as { task: Parameters<typeof built.continueSeriesOf>[1] }).task);
      if (i >= 3) seriesSamples.push(performance.now() - start);
    }
    seriesP50.push(percentile(seriesSamples, 50));
    lines.push(
      `${label} scale ${count} tasks: reminder next-due + due queries p50 ${percentile(reminderSamples, 50).toFixed(2)} ms; recurrence next occurrence p50 ${percentile(seriesSamples, 50).toFixed(2)} ms`,
    );
    if (count <= 10_000) {
      const turns: number[] = [];
      let conversationId: string | undefined;
      for (let i = 0; i < 40; i++) {
        const message = MESSAGES[i % MESSAGES.length] ?? "";
        const start = performance.now();
        const response = await gateway.request("/api/chat", {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(conversationId ? { message, conversationId } : { message }),
        });
        conversationId = ((await response.json()) as { conversationId: string }).conversationId;
        if (i >= 5) turns.push(performance.now() - start);
      }
      chatP50.push(percentile(turns, 50));
      lines.push(
        `${label} scale ${count} tasks: chat turn p50 ${percentile(turns, 50).toFixed(2)} ms  p99 ${percentile(turns, 99).toFixed(2)} ms  (n=${turns.length})`,
      );
    }
  }
  const ms = (values: number[]) => values.map((value) => value.toFixed(1)).join("/");
  lines.push(`${label} scale: list p50 at 1k/10k/100k = ${ms(listP50)} ms`);
  lines.push(`${label} scale: list_tasks filtered by list p50 at 1k/10k/100k = ${ms(listByListP50)} ms (target < 10 ms at 100k on PostgreSQL)`);
  lines.push(`${label} chat turn p50 at 1k/10k = ${ms(chatP50)} ms`);
  lines.push(`${label} scale: reminder next-due query p50 at 1k/10k/100k = ${ms(reminderP50)} ms`);
  lines.push(`${label} scale: recurrence next occurrence p50 at 1k/10k/100k = ${ms(seriesP50)} ms`);
  lines.push(`${label} RSS after the 100k-task run: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
  return lines;
}

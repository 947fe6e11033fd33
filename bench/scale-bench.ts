// `npm run bench -- scale`: how costs grow with one user's list: list_tasks with every filter, and
// an offline chat turn that looks a task up, at 1k / 10k / 100k tasks (a fresh user each), then
// the RSS of this process, which hosts the whole app as the embedded server does.
import type { Database } from "@todo/db";
import { createGatewayApp } from "@todo/chat-gateway";
import { inProcessTools } from "@todo/embedded";
import { createApp } from "@todo/mcp-server";
import { listTasks } from "@todo/services";
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
  lines.push(`${label} RSS after the 100k-task run: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
  return lines;
}

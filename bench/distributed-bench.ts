// `npm run bench -- distributed`: the real distributed run (Kafka, Dapr sidecars, PostgreSQL) —
// complete_task → next occurrence latency, and sustained events/s through Kafka with both
// consumers keeping up. Needs TEST_DATABASE_URL and scripts/build-tools.sh dapr kafka.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import webpush from "web-push";
import pg from "pg";
import { DistributedRun, haveDistributedTools, newInternalToken } from "../test/support/distributed.ts";
import { percentile } from "./stats.ts";
import { benchDatabaseUrl, benchEnv } from "./env.ts";
import { benchEventPayload } from "./event-payload.ts";

const taskId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

async function until(check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function benchDistributed(): Promise<string[]> {
  const baseUrl = benchDatabaseUrl;
  if (!baseUrl || !haveDistributedTools()) return ["distributed: skipped (needs TEST_DATABASE_URL and scripts/build-tools.sh dapr kafka)"];
  const run = new DistributedRun(baseUrl);
  const vapid = webpush.generateVAPIDKeys();
  const internal = newInternalToken();
  try {
    await run.startInfrastructure();
    await run.startApp({
      appId: "mcp-server",
      entry: "mcp-server/src/main.ts",
      port: 13000,
      daprBase: 13500,
      env: {
        EVENT_BUS: "dapr",
        INTERNAL_API_TOKEN: internal,
        TODO_DATA_DIR: `${run.dir}/mcp`,
        VAPID_PUBLIC_KEY: vapid.publicKey,
        VAPID_PRIVATE_KEY: vapid.privateKey,
      },
    });
    await run.startApp({
      appId: "notification",
      entry: "services/notification/src/main.ts",
      port: 13003,
      daprBase: 13530,
      env: { VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey },
    });
    await run.startApp({
      appId: "recurrence",
      entry: "services/recurrence/src/main.ts",
      port: 13002,
      daprBase: 13520,
      env: { INTERNAL_API_TOKEN: internal },
    });
    const signup = await fetch("http://127.0.0.1:13000/api/auth/signup", {
      method: "POST",
      body: JSON.stringify({ username: "distributed", password: "quiet harbor lantern" }),
    });
    if (!signup.ok) throw new Error(`sign-up answered ${signup.status}: ${await signup.text()}`);
    const { token } = (await signup.json()) as { token: string };
    const mcp = new Client({ name: "bench", version: "1" });
    await mcp.connect(
      new StreamableHTTPClientTransport(new URL("http://127.0.0.1:13000/mcp"), { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
    );
    const call = async (name: string, args: Record<string, unknown>) => (await mcp.callTool({ name, arguments: args })).structuredContent as any;

    const samples: number[] = [];
    for (let i = 0; i < 25; i++) {
      const { task } = await call("add_task", { title: `bench ${i}`, due: "tomorrow 9am", recurrence: "daily", tags: [`d${i}`] });
      const start = performance.now();
      await call("complete_task", { id: task.id });
      for (;;) {
        const { tasks } = await call("list_tasks", { tags: [`d${i}`] });
        if (tasks.length === 1 && tasks[0].occurrenceIndex === 2) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      samples.push(performance.now() - start);
    }

    // Sustained: a backlog of N events in the outbox (200 tasks, in order per task), then the time
    // until both consumers have processed every one: relay → Dapr → Kafka → Dapr → consumers.
    const db = new pg.Client({ connectionString: run.databaseUrl });
    await db.connect();
    const processed = async () => Number((await db.query(`SELECT count(*) FROM "ProcessedEvent"`)).rows[0].count);
    await until(async () => (await db.query(`SELECT count(*) FROM "OutboxEvent" WHERE "publishedAt" IS NULL`)).rows[0].count === "0");
    await until(async () => (await processed()) >= 2 * Number((await db.query(`SELECT count(*) FROM "OutboxEvent"`)).rows[0].count));
    const before = await processed();
    const N = 2_000;
    const userId = (await db.query(`SELECT id FROM "User" LIMIT 1`)).rows[0].id as string;
    const payload = (i: number) => benchEventPayload(userId, { id: taskId(i % 200), title: `burst ${i}` }, { changedFields: ["title"] });
    const start = performance.now();
    for (let batch = 0; batch < N; batch += 500) {
      const rows = Array.from({ length: 500 }, (_, k) => batch + k);
      await db.query(
        `INSERT INTO "OutboxEvent" (id, type, "aggregateId", "userId", payload)
         SELECT gen_random_uuid(), 'task.updated', (p->'task'->>'id')::uuid, $1::uuid, p FROM jsonb_array_elements($2::jsonb) AS p`,
        [userId, JSON.stringify(rows.map(payload))],
      );
    }
    await fetch("http://127.0.0.1:13000/healthz"); // the relay also polls; no nudge is needed
    await until(async () => (await db.query(`SELECT count(*) FROM "OutboxEvent" WHERE "publishedAt" IS NULL`)).rows[0].count === "0", 600_000);
    const publishedMs = performance.now() - start;
    // Consumer lag: events published to Kafka but not yet handled by both consumers, when the relay finished.
    const lagAtPublished = before + 2 * N - (await processed());
    await until(async () => (await processed()) >= before + 2 * N, 600_000);
    const ms = performance.now() - start;
    await db.end();
    await mcp.close();
    const delivery =
      benchEnv.BULK_SUBSCRIBE_MAX_MESSAGES > 0
        ? `bulk subscribe, up to ${benchEnv.BULK_SUBSCRIBE_MAX_MESSAGES} per delivery`
        : "one event per delivery";
    return [
      `distributed workers: ${delivery}`,
      `distributed sustained: a backlog of ${N} events published to Kafka in ${publishedMs.toFixed(0)} ms (${((N / publishedMs) * 1000).toFixed(0)}/s), handled by both consumers in ${ms.toFixed(0)} ms; consumer lag when the relay finished: ${lagAtPublished} deliveries (of ${2 * N})`,
      `distributed events/s: ${((N / ms) * 1000).toFixed(0)}`,
      `distributed complete→next p50/p99: ${percentile(samples, 50).toFixed(0)}/${percentile(samples, 99).toFixed(0)} ms (n=${samples.length})`,
    ];
  } finally {
    await run.stopAll();
  }
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import webpush from "web-push";
import { DistributedRun, haveDistributedTools, newInternalToken, toolsDir } from "./support/distributed.ts";
import { eventually } from "./support/eventually.ts";
import { browserSubscription, pushService } from "./support/push-service.ts";
import { testEnv } from "./support/env.ts";

const baseUrl = testEnv.TEST_DATABASE_URL;
const ready = haveDistributedTools() && !!baseUrl;
if (!ready)
  console.warn(`the distributed run needs TEST_DATABASE_URL and the tools in ${toolsDir} (scripts/build-tools.sh dapr kafka; .ci/run does both)`);

const MCP = "http://127.0.0.1:13000";
/** mcp-server's metrics port (never its public one). */
const MCP_METRICS = "http://127.0.0.1:13090";
const NOTIFICATION = "http://127.0.0.1:13003";

/** Waits (up to a minute: four services and Kafka share two cores) for `probe` to find something. */
function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  return eventually(
    async () => {
      const value = await probe();
      if (value === undefined) throw new Error("not there yet");
      return value;
    },
    { what, timeoutMs: 60_000, intervalMs: 200 },
  );
}

/** How many task.completed events mcp-server's relay has published to the bus. */
async function publishedCompletions(): Promise<number> {
  const metrics = await (await fetch(`${MCP_METRICS}/metrics`)).text();
  return Number(/todo_events_published_total\{type="task.completed"\} (\d+)/.exec(metrics)?.[1] ?? 0);
}

describe.skipIf(!ready && !testEnv.CI)("the distributed run: four services with Dapr sidecars, Kafka, the Dapr scheduler and PostgreSQL", () => {
  let run: DistributedRun;
  let push: Awaited<ReturnType<typeof pushService>>;
  let mcp: Client;
  let token: string;
  const vapid = webpush.generateVAPIDKeys();
  const internalToken = newInternalToken();
  const apps = () => ({
    recurrence: {
      appId: "recurrence",
      entry: "services/recurrence/src/main.ts",
      port: 13002,
      daprBase: 13520,
      env: { INTERNAL_API_TOKEN: internalToken, MCP_SERVER_APP_ID: "mcp-server" },
    },
  });

  const call = async (name: string, args: Record<string, unknown>) => {
    const result = await mcp.callTool({ name, arguments: args });
    if (result.isError) throw new Error(JSON.stringify(result.content));
    return result.structuredContent as any;
  };
  const nextOf = (seriesId: string, index: number) =>
    until(`occurrence ${index} of series ${seriesId}`, async () => {
      const { tasks } = await call("list_tasks", { status: "all", recurring: true, limit: 100 });
      return (tasks as any[]).find((t) => t.seriesId === seriesId && t.occurrenceIndex === index);
    });

  beforeAll(async () => {
    push = await pushService();
    run = new DistributedRun(baseUrl!);
    await run.startInfrastructure();
    await run.startApp({
      appId: "mcp-server",
      entry: "mcp-server/src/main.ts",
      port: 13000,
      daprBase: 13500,
      env: { INTERNAL_API_TOKEN: internalToken, TODO_DATA_DIR: `${run.dir}/mcp`, METRICS_PORT: new URL(MCP_METRICS).port },
    });
    await run.startApp({
      appId: "notification",
      entry: "services/notification/src/main.ts",
      port: 13003,
      daprBase: 13530,
      // The test's push service is on loopback, which the service refuses unless told (tests only).
      env: {
        VAPID_PUBLIC_KEY: vapid.publicKey,
        VAPID_PRIVATE_KEY: vapid.privateKey,
        NODE_EXTRA_CA_CERTS: push.certFile,
        ALLOW_PRIVATE_PUSH_ENDPOINTS: "true",
      },
    });
    await run.startApp(apps().recurrence);
    await run.startApp({ appId: "chat-gateway", entry: "chat-gateway/src/main.ts", port: 13001, daprBase: 13510, env: { MCP_SERVER_URL: MCP } });

    const signup = await fetch(`${MCP}/api/auth/signup`, {
      method: "POST",
      body: JSON.stringify({ username: "dist-user", password: "a long password", timeZone: "Europe/Paris" }),
    });
    token = ((await signup.json()) as { token: string }).token;
    mcp = new Client({ name: "e2e", version: "1" });
    await mcp.connect(new StreamableHTTPClientTransport(new URL("/mcp", MCP), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  }, 600_000);

  afterAll(async () => {
    await mcp?.close();
    await run?.stopAll();
    push?.close();
  }, 120_000);

  it("delivers a reminder by Web Push through a Dapr job, then creates the next occurrence through Kafka", async () => {
    const browser = browserSubscription(`${push.url}/push/e2e`);
    const subscribed = await fetch(`${NOTIFICATION}/api/push/subscriptions`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(browser.json),
    });
    expect(subscribed.status).toBe(201);

    const dueAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + 6_000).toISOString();
    const { task } = await call("add_task", { title: "stretch", dueAt, recurrence: "daily", reminderMinutesBefore: 0 });
    const received = await until("the reminder push", async () => push.received[0]);
    expect(JSON.parse(browser.decrypt(received.body).toString())).toMatchObject({ title: "Reminder: stretch", taskId: task.id });

    await call("complete_task", { id: task.id });
    const next = await nextOf(task.seriesId, 2);
    expect(new Date(next.dueAt).getTime() - new Date(dueAt).getTime()).toBe(24 * 3_600_000);
  }, 180_000);

  it("loses nothing while a consumer is down: it catches up when it comes back", async () => {
    await run.stopApp("recurrence");
    const publishedBefore = await publishedCompletions();
    const series: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { task } = await call("add_task", { title: `while down ${i}`, due: "tomorrow 9am", recurrence: "every weekday" });
      // Completed as the web page does (REST): MCP's complete_task makes the next occurrence itself
      // to answer with it, so only the recurrence worker continues these series.
      const completed = await fetch(`${MCP}/api/tasks/${task.id}/complete`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
      expect(completed.status).toBe(200);
      series.push(task.seriesId);
    }
    // The completions are on the bus, and no consumer is there to act on them.
    await eventually(async () => expect(await publishedCompletions()).toBeGreaterThanOrEqual(publishedBefore + 3), {
      what: "the three completions published",
      timeoutMs: 60_000,
    });
    const { tasks } = await call("list_tasks", { status: "all", search: "while down", limit: 100 });
    expect((tasks as any[]).filter((t) => t.occurrenceIndex === 2)).toHaveLength(0);

    await run.startApp(apps().recurrence);
    for (const seriesId of series) await nextOf(seriesId, 2);
    const after = await call("list_tasks", { status: "all", search: "while down", limit: 100 });
    expect((after.tasks as any[]).filter((t) => t.occurrenceIndex === 2)).toHaveLength(3);
  }, 240_000);

  it("answers the chat through the gateway service, which drives mcp-server over MCP", async () => {
    const response = await fetch("http://127.0.0.1:13001/api/chat", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ message: "water the plants every 3 days" }),
    });
    expect(((await response.json()) as { reply: string }).reply).toMatch(/^Added 'water the plants' for today, repeating every 3 days\./);
  }, 60_000);
});

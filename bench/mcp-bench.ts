import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Database } from "@todo/db";
import { createApp } from "@todo/mcp-server";
import { addTask, listTasks } from "@todo/services";
import { createLogger } from "@todo/http-kit";
import { percentile, summarize, timed } from "./stats.ts";

const logger = createLogger("bench", { level: "silent" });

async function serveApp(db: Database) {
  const built = createApp({ prisma: db.prisma, logger, defaultTimeZone: "UTC" });
  const serverSide: number[] = [];
  // Server time per /mcp request, measured around the app itself (no network, no client).
  const fetch = async (request: Request) => {
    const start = performance.now();
    const response = await built.app.fetch(request);
    if (new URL(request.url).pathname === "/mcp") {
      await response.clone().arrayBuffer();
      serverSide.push(performance.now() - start);
    }
    return response;
  };
  const server = await new Promise<{ url: string; close(): Promise<void> }>((resolve) => {
    const s = serve({ fetch, hostname: "127.0.0.1", port: 0 }, (info: AddressInfo) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => new Promise((done) => s.close(() => done())) }),
    );
    // Node's 5 s default lets an idle client's pooled connection close just as it sends on it
    // (ECONNRESET) while the direct-use-case samples run between the HTTP phases.
    if ("keepAliveTimeout" in s) s.keepAliveTimeout = 60_000;
  });
  return { built, server, serverSide };
}

async function connect(url: string, token: string): Promise<Client> {
  const client = new Client({ name: "bench", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL("/mcp", url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  return client;
}

async function callMany(clients: Client[], callsPerClient: number, call: (client: Client, i: number) => Promise<unknown>) {
  const samples: number[] = [];
  const [, wall] = await timed(() =>
    Promise.all(
      clients.map(async (client) => {
        for (let i = 0; i < callsPerClient; i++) {
          const [, ms] = await timed(() => call(client, i));
          samples.push(ms);
        }
      }),
    ),
  );
  return { samples, wall };
}

/** tools/call latency and throughput over Streamable HTTP, and the server's own overhead. */
export async function benchToolCalls(db: Database, label: string): Promise<string[]> {
  const lines: string[] = [];
  const { built, server, serverSide } = await serveApp(db);
  const { token, user } = await built.accounts.signup({ username: `bench${Date.now()}`, password: "bench password", timeZone: "UTC" });
  const context = built.contextFor({ id: user.id, username: user.username, timeZone: user.timeZone });
  const addArgs = (i: number) => ({ title: `bench task ${i}`, priority: "high", tags: ["bench"], due: "2026-12-01T10:00:00Z" });
  const listArgs = { tags: ["bench"], limit: 20 };

  const warm = await connect(server.url, token);
  for (let i = 0; i < 50; i++) await warm.callTool({ name: "add_task", arguments: addArgs(i) });

  for (const concurrency of [1, 16]) {
    const clients = concurrency === 1 ? [warm] : await Promise.all(Array.from({ length: concurrency }, () => connect(server.url, token)));
    const calls = concurrency === 1 ? 300 : 25;
    for (const tool of ["add_task", "list_tasks"] as const) {
      serverSide.length = 0;
      const { samples, wall } = await callMany(clients, calls, (client, i) =>
        client.callTool({ name: tool, arguments: tool === "add_task" ? addArgs(i) : listArgs }),
      );
      lines.push(summarize(`${label} ${tool} x${concurrency} clients`, samples, wall));
      if (concurrency === 1) {
        const server50 = percentile(serverSide, 50);
        // The same use case without HTTP or MCP: what the database and domain cost alone.
        const direct: number[] = [];
        for (let i = 0; i < 200; i++) {
          const [, ms] = await timed<unknown>(() => (tool === "add_task" ? addTask(context, addArgs(i)) : listTasks(context, listArgs)));
          direct.push(ms);
        }
        const direct50 = percentile(direct, 50);
        lines.push(
          `${`${label} ${tool} server overhead`.padEnd(44)} ${(server50 - direct50).toFixed(2)} ms  (server p50 ${server50.toFixed(2)} ms - direct use case p50 ${direct50.toFixed(2)} ms)`,
        );
      }
    }
    if (concurrency > 1) await Promise.all(clients.map((client) => client.close()));
  }
  await warm.close();
  await server.close();
  return lines;
}

// `npm run bench -- mcp-ratio`: our list_tasks against the reference MCP server
// (@modelcontextprotocol/server-everything, its `echo` tool), each in its own process, driven by
// the same SDK client from this process, in the same run. Prints `mcp ratio: …` for scripts.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { startEmbedded } from "../test/support/processes.ts";
import { childEnvironment } from "../test/support/env.ts";
import { percentile, summarize, timed } from "./stats.ts";

const require = createRequire(import.meta.url);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts server-everything's Streamable HTTP transport on a free port; resolves once it listens. */
async function startReference(): Promise<{ url: string; child: ChildProcess }> {
  const entry = path.join(path.dirname(require.resolve("@modelcontextprotocol/server-everything/package.json")), "dist", "index.js");
  const port = await freePort();
  const child = spawn(process.execPath, [entry, "streamableHttp"], {
    env: childEnvironment({ PORT: String(port) }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`reference server did not start:\n${output}`)), 60_000);
    const check = () => {
      if (!/listening on port/.test(output)) return;
      clearTimeout(timer);
      resolve();
    };
    child.stderr?.on("data", check);
    child.stdout?.on("data", check);
    child.once("exit", (code) => reject(new Error(`reference server exited with ${code}:\n${output}`)));
  });
  return { url: `http://127.0.0.1:${port}/mcp`, child };
}

/**
 * fetch, sent once more when a kept-alive connection was reset as it was reused: on a loaded machine
 * the server's keep-alive timer can close an idle pooled connection while this side writes on it
 * (the request never reached the server, so sending it again is safe).
 */
const fetchRetryingReset: typeof fetch = async (input, init) => {
  try {
    return await fetch(input, init);
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code !== "ECONNRESET") throw error;
    return fetch(input, init);
  }
};

async function connect(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: "bench", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers }, fetch: fetchRetryingReset }));
  return client;
}

/**
 * Bytes of one list_tasks answer (limit 20) as sent: the whole JSON-RPC response, its text content
 * (what a model reads) and its structuredContent; and what the response was before lean answers,
 * when the text repeated the structured JSON (rebuilt from this answer).
 */
async function listBytes(mcpUrl: string, headers: Record<string, string>): Promise<string> {
  const response = await fetchRetryingReset(mcpUrl, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2025-11-25" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "list_tasks", arguments: { tags: ["bench"], limit: 20 } } }),
  });
  const body = await response.text();
  const message = JSON.parse(body) as { result: { content: Array<{ text: string }>; structuredContent: unknown } };
  const { content, structuredContent } = message.result;
  const text = content.map((part) => part.text).join("");
  const jsonInText = { ...message, result: { ...message.result, content: [{ type: "text", text: JSON.stringify(structuredContent) }] } };
  const bytes = (value: string) => Buffer.byteLength(value);
  return `mcp list_tasks bytes (limit 20): response ${bytes(body)} B (text ${bytes(text)} B, structuredContent ${bytes(JSON.stringify(structuredContent))} B); before lean text ${bytes(JSON.stringify(jsonInText))} B`;
}

interface Target {
  label: string;
  url: string;
  headers: Record<string, string>;
  call: (client: Client, i: number) => Promise<unknown>;
}

/** p50 at 1 client (`calls` sequential calls after a warm-up) and calls/s with 16 clients. */
async function measure(target: Target, calls: number): Promise<{ p50: number; line1: string; line16: string; rate16: number }> {
  const one = await connect(target.url, target.headers);
  for (let i = 0; i < 50; i++) await target.call(one, i);
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) samples.push((await timed(() => target.call(one, i)))[1]);
  await one.close();
  const clients = await Promise.all(Array.from({ length: 16 }, () => connect(target.url, target.headers)));
  const many: number[] = [];
  const [, wall] = await timed(() =>
    Promise.all(
      clients.map(async (client) => {
        for (let i = 0; i < 25; i++) many.push((await timed(() => target.call(client, i)))[1]);
      }),
    ),
  );
  await Promise.all(clients.map((client) => client.close()));
  return {
    p50: percentile(samples, 50),
    line1: summarize(`${target.label} x1 client`, samples),
    line16: summarize(`${target.label} x16 clients`, many, wall),
    rate16: (many.length / wall) * 1000,
  };
}

/** Our embedded server's list_tasks (limit 20, 50 tasks) against the reference server's echo. */
export async function benchMcpReference(calls = 300): Promise<string[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "bench-mcp-ratio-"));
  const ours = await startEmbedded({ TODO_DATA_DIR: dataDir, LOG_LEVEL: "warn" });
  const reference = await startReference();
  try {
    const signup = await fetch(new URL("/api/auth/signup", ours.url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "ratio", password: "quiet harbor lantern", timeZone: "UTC" }),
    });
    if (!signup.ok) throw new Error(`sign-up answered ${signup.status}: ${await signup.text()}`);
    const { token } = (await signup.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}` };
    const seed = await connect(new URL("/mcp", ours.url).href, headers);
    for (let i = 0; i < 50; i++)
      await seed.callTool({
        name: "add_task",
        arguments: { title: `bench task ${i}`, priority: "high", tags: ["bench"], due: "2026-12-01T10:00:00Z" },
      });
    await seed.close();
    const bytesLine = await listBytes(new URL("/mcp", ours.url).href, headers);
    // Alternated so that a busy moment of the shared machine does not land on one side only.
    const oursTarget: Target = {
      label: "mcp ours list_tasks",
      url: new URL("/mcp", ours.url).href,
      headers,
      call: (client) => client.callTool({ name: "list_tasks", arguments: { tags: ["bench"], limit: 20 } }),
    };
    const referenceTarget: Target = {
      label: "mcp reference echo",
      url: reference.url,
      headers: {},
      call: (client, i) => client.callTool({ name: "echo", arguments: { message: `hello ${i}` } }),
    };
    const a1 = await measure(oursTarget, calls / 2);
    const b1 = await measure(referenceTarget, calls / 2);
    const b2 = await measure(referenceTarget, calls / 2);
    const a2 = await measure(oursTarget, calls / 2);
    const oursP50 = (a1.p50 + a2.p50) / 2;
    const referenceP50 = (b1.p50 + b2.p50) / 2;
    return [
      a1.line1,
      a2.line1,
      b1.line1,
      b2.line1,
      a1.line16,
      a2.line16,
      b1.line16,
      b2.line16,
      `mcp x16 throughput: ours ${((a1.rate16 + a2.rate16) / 2).toFixed(0)} calls/s, reference ${((b1.rate16 + b2.rate16) / 2).toFixed(0)} calls/s`,
      `mcp ratio: ours_p50/reference_p50 = ${(oursP50 / referenceP50).toFixed(2)}`,
      bytesLine,
    ];
  } finally {
    reference.child.kill("SIGTERM");
    await ours.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

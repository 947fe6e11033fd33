import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { eventually } from "./support/eventually.ts";
import { repoRoot, runTodo, startEmbedded, todoBin } from "./support/processes.ts";
import { childEnvironment } from "./support/env.ts";

async function stdioClient(env: Record<string, string>): Promise<Client> {
  const client = new Client({ name: "ide", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [todoBin, "mcp"],
      cwd: repoRoot,
      env: childEnvironment({ LOG_LEVEL: "warn", ...env }),
      stderr: "pipe",
    }),
  );
  return client;
}

// Every test here starts node processes (the CLI, the server), each opening an embedded database:
// on a loaded 2-core machine one test can take well over vitest's default minute.
const PROCESS_TEST_TIMEOUT_MS = 240_000;

describe("the embedded product and the stdio MCP command", () => {
  const dataDirs: string[] = [];
  afterAll(() => {
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  /** A data folder of its own with one account in it, made by the CLI, so each test can run alone. */
  function freshAccount(): { dataDir: string; token: string } {
    const dataDir = mkdtempSync(path.join(tmpdir(), "todo-embedded-"));
    dataDirs.push(dataDir);
    const result = runTodo(["signup", "ide-user"], { TODO_DATA_DIR: dataDir, TODO_PASSWORD: "long password" });
    if (result.status !== 0) throw new Error(`signup failed: ${result.stderr}`);
    return { dataDir, token: result.stdout.trim() };
  }

  it(
    "creates an account from the CLI and prints a token",
    () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), "todo-embedded-"));
      dataDirs.push(dataDir);
      const result = runTodo(["signup", "ide-user"], { TODO_DATA_DIR: dataDir, TODO_PASSWORD: "long password" });
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      const token = result.stdout.trim();
      expect(token).toMatch(/^todo_/);
      const another = runTodo(["token", "ide-user", "laptop"], { TODO_DATA_DIR: dataDir }, "long password\n");
      expect(another.status).toBe(0);
      expect(another.stdout.trim()).not.toBe(token);
      const wrong = runTodo(["token", "ide-user"], { TODO_DATA_DIR: dataDir, TODO_PASSWORD: "not it at all" });
      expect(wrong.status).toBe(1);
      expect(wrong.stderr).toContain("Wrong username or password");
    },
    PROCESS_TEST_TIMEOUT_MS,
  );

  it(
    "serves MCP on stdio from the data folder when no server is running",
    async () => {
      const { dataDir, token } = freshAccount();
      const client = await stdioClient({ TODO_DATA_DIR: dataDir, TODO_TOKEN: token });
      try {
        const result = await client.callTool({ name: "add_task", arguments: { title: "written over stdio" } });
        expect(result.isError).toBeFalsy();
        const listed = await client.callTool({ name: "list_tasks", arguments: {} });
        expect((listed.structuredContent as any).tasks.map((t: any) => t.title)).toEqual(["written over stdio"]);
      } finally {
        await client.close();
      }
    },
    PROCESS_TEST_TIMEOUT_MS,
  );

  it(
    "starts the embedded server, which refuses a second process on the same folder",
    async () => {
      const { dataDir, token } = freshAccount();
      const offline = await stdioClient({ TODO_DATA_DIR: dataDir, TODO_TOKEN: token });
      await offline.callTool({ name: "add_task", arguments: { title: "written over stdio" } });
      await offline.close();

      const server = await startEmbedded({ TODO_DATA_DIR: dataDir });
      try {
        const health = await fetch(`${server.url}/healthz`);
        expect(await health.json()).toEqual({ status: "ok" });
        expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

        const second = await startEmbedded({ TODO_DATA_DIR: dataDir }).catch((error: Error) => error);
        expect(second).toBeInstanceOf(Error);
        expect((second as Error).message).toMatch(new RegExp(`in use by process ${server.child.pid}`));

        // With the server up, the stdio command talks to it instead of opening the folder itself.
        const client = await stdioClient({ TODO_DATA_DIR: dataDir, TODO_TOKEN: token });
        await client.callTool({ name: "add_task", arguments: { title: "relayed to the server" } });
        const listed = await client.callTool({ name: "list_tasks", arguments: {} });
        expect((listed.structuredContent as any).tasks.map((t: any) => t.title).sort()).toEqual(["relayed to the server", "written over stdio"]);
        await client.close();

        const viaRest = await fetch(`${server.url}/api/tasks`, { headers: { authorization: `Bearer ${token}` } });
        expect((await viaRest.json()).tasks).toHaveLength(2);
      } finally {
        expect(await server.stop()).toBe(0);
      }
      expect(existsSync(path.join(dataDir, "todo.lock"))).toBe(false);
    },
    PROCESS_TEST_TIMEOUT_MS,
  );

  it(
    "streams task changes to an open page and counts events in /metrics",
    async () => {
      const { dataDir, token } = freshAccount();
      const server = await startEmbedded({ TODO_DATA_DIR: dataDir, METRICS_PORT: "0" });
      try {
        const stream = await fetch(`${server.url}/api/notifications/stream`, { headers: { authorization: `Bearer ${token}` } });
        expect(stream.headers.get("content-type")).toContain("text/event-stream");
        const reader = stream.body!.getReader();
        let text = "";
        // Read in the background; the test waits for what it expects to show up in the text.
        const pump = (async () => {
          const decoder = new TextDecoder();
          for (;;) {
            const { value, done } = await reader.read();
            if (done) return;
            text += decoder.decode(value, { stream: true });
          }
        })().catch(() => undefined);
        await eventually(() => expect(text).toContain("event: ready"), { what: "the ready event" });
        await fetch(`${server.url}/api/tasks`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ title: "seen live" }),
        });
        await eventually(() => expect(text).toContain("seen live"), { what: "the task change on the stream" });
        await reader.cancel();
        await pump;
        expect((await fetch(`${server.url}/metrics`)).status).toBe(404); // never on the public port
        const metricsUrl = /Metrics: (http:\/\/\S+)/.exec(server.output())?.[1];
        const metrics = await (await fetch(metricsUrl!)).text();
        expect(metrics).toMatch(/todo_events_published_total\{type="task.created"\} [1-9]/);
      } finally {
        expect(await server.stop()).toBe(0);
      }
    },
    PROCESS_TEST_TIMEOUT_MS,
  );

  it(
    "keeps the data across a restart",
    async () => {
      const { dataDir, token } = freshAccount();
      const first = await startEmbedded({ TODO_DATA_DIR: dataDir });
      try {
        const created = await fetch(`${first.url}/api/tasks`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ title: "still here after a restart" }),
        });
        expect(created.status).toBe(201);
      } finally {
        expect(await first.stop()).toBe(0);
      }
      const server = await startEmbedded({ TODO_DATA_DIR: dataDir });
      try {
        const viaRest = await fetch(`${server.url}/api/tasks`, { headers: { authorization: `Bearer ${token}` } });
        expect((await viaRest.json()).tasks.map((t: any) => t.title)).toEqual(["still here after a restart"]);
      } finally {
        await server.stop();
      }
    },
    PROCESS_TEST_TIMEOUT_MS,
  );

  it(
    "exits with a one-line reason on a bad environment",
    () => {
      const { dataDir, token } = freshAccount();
      const result = runTodo(["mcp"], { TODO_DATA_DIR: dataDir, TODO_TOKEN: token, DATABASE_URL: "mysql://nope" });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("DATABASE_URL");
      const noToken = runTodo(["mcp"], { TODO_DATA_DIR: dataDir, TODO_TOKEN: "" });
      expect(noToken.status).toBe(2);
      expect(noToken.stderr).toContain("TODO_TOKEN");
    },
    PROCESS_TEST_TIMEOUT_MS,
  );
});

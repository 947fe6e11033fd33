import { afterAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ElicitRequestSchema, type ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import { eventually } from "./support/eventually.ts";
import { runTodo, startEmbedded, todoBin } from "./support/processes.ts";
import { childEnvironment } from "./support/env.ts";

// Each test starts node processes (the CLI, the server), each opening an embedded database.
const PROCESS_TEST_TIMEOUT_MS = 240_000;

/** A user's machine: a home folder of its own and no data-folder settings, as an IDE starts the command. */
function machineEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  const env = childEnvironment({ HOME: home, LOG_LEVEL: "warn", ...extra });
  for (const name of ["TODO_DATA_DIR", "XDG_DATA_HOME", "TODO_SERVER_URL", "DATABASE_URL", "TODO_TOKEN"]) if (!(name in extra)) delete env[name];
  return env;
}

async function stdioClient(
  env: Record<string, string>,
  cwd: string,
  capabilities: ConstructorParameters<typeof Client>[1] = {},
): Promise<{ client: Client; stderr: () => string }> {
  const client = new Client({ name: "ide", version: "1.0.0" }, capabilities);
  const transport = new StdioClientTransport({ command: process.execPath, args: [todoBin, "mcp"], cwd, env, stderr: "pipe" });
  let stderr = "";
  transport.stderr?.on("data", (chunk) => (stderr += chunk));
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

/** Connecting fails: the error the MCP client would show for `initialize`. */
async function initializeError(env: Record<string, string>, cwd: string): Promise<string> {
  const client = new Client({ name: "ide", version: "1.0.0" });
  const transport = new StdioClientTransport({ command: process.execPath, args: [todoBin, "mcp"], cwd, env, stderr: "pipe" });
  const error = await client.connect(transport).then(
    () => new Error("initialize succeeded"),
    (e: unknown) => e as Error,
  );
  await client.close();
  return error.message;
}

describe("npx todo mcp (stdio) for an IDE", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "todo-stdio-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  /** A new empty folder under the scratch folder. */
  const folder = (name: string) => mkdtempSync(path.join(scratch, `${name}-`));

  it(
    "answers initialize with what to do when TODO_TOKEN is unknown, naming the data folder it looked in",
    async () => {
      const home = folder("home");
      const signup = runTodo(["signup", "ide-user"], machineEnv(home, { TODO_PASSWORD: "long password" }), undefined, folder("cwd"));
      expect(signup.status, signup.stderr).toBe(0);
      const message = await initializeError(machineEnv(home, { TODO_TOKEN: "todo_not_a_real_token" }), folder("ide"));
      expect(message).toContain("TODO_TOKEN is unknown or revoked");
      expect(message).toContain("npx todo token <username>");
      expect(message).toContain(path.join(home, ".local", "share", "todo-chatbot"));
    },
    PROCESS_TEST_TIMEOUT_MS,
  );

  it(
    "finds the server and its data from any working directory, and says so when a relayed token is revoked",
    async () => {
      const home = folder("home");
      const dataDir = path.join(home, ".local", "share", "todo-chatbot");
      const server = await startEmbedded(machineEnv(home), folder("server-cwd"));
      try {
        expect(server.output()).toContain(`embedded, ${dataDir}`);
        // Sign-up from another folder reaches the running server (its lock file is in the per-user folder).
        const signup = runTodo(["signup", "ide-user"], machineEnv(home, { TODO_PASSWORD: "long password" }), undefined, folder("shell"));
        expect(signup.status, signup.stderr).toBe(0);
        const token = signup.stdout.trim();

        const { client } = await stdioClient(machineEnv(home, { TODO_TOKEN: token }), folder("ide"));
        await client.callTool({ name: "add_task", arguments: { title: "from the IDE" } });
        await client.close();
        const viaRest = await fetch(`${server.url}/api/tasks`, { headers: { authorization: `Bearer ${token}` } });
        expect((await viaRest.json()).tasks.map((t: { title: string }) => t.title)).toEqual(["from the IDE"]);
        expect(existsSync(path.join(home, ".local", "share", "todo-chatbot", "pgdata"))).toBe(true);

        await fetch(`${server.url}/api/auth/logout`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
        const message = await initializeError(machineEnv(home, { TODO_TOKEN: token }), folder("ide"));
        expect(message).toContain(`TODO_TOKEN is unknown or revoked at the server ${server.url}`);
      } finally {
        expect(await server.stop()).toBe(0);
      }
    },
    PROCESS_TEST_TIMEOUT_MS,
  );

  it(
    "writes nothing but JSON-RPC on stdout, served or refused, and exits 1 after a refusal",
    async () => {
      const home = folder("home");
      const signup = runTodo(["signup", "ide-user"], machineEnv(home, { TODO_PASSWORD: "long password" }), undefined, folder("cwd"));
      const token = signup.stdout.trim();

      /** Speaks JSON-RPC lines to the command; returns its stdout lines once each request has an answer, and its exit status. */
      async function converse(env: Record<string, string>, messages: object[]): Promise<{ lines: string[]; status: number | null }> {
        const child = spawn(process.execPath, [todoBin, "mcp"], { cwd: folder("ide"), env, stdio: ["pipe", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk) => (stdout += chunk));
        child.stderr.on("data", (chunk) => (stderr += chunk));
        const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
        for (const message of messages) child.stdin.write(`${JSON.stringify(message)}\n`);
        const ids = messages.flatMap((m) => ("id" in m ? [m.id] : []));
        await eventually(
          () => {
            const answered = stdout
              .split("\n")
              .filter(Boolean)
              .map((line) => JSON.parse(line).id);
            expect(answered.sort()).toEqual([...ids].sort());
          },
          // The process starts (tsx, the embedded database) inside this wait: generous on a loaded machine.
          { what: `answers to ${ids.length} requests (stderr: ${stderr.slice(0, 300)})`, timeoutMs: 120_000 },
        );
        child.stdin.end();
        const status = await exited;
        return { lines: stdout.split("\n").filter(Boolean), status };
      }

      const initialize = {
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
      };
      const served = await converse(machineEnv(home, { TODO_TOKEN: token }), [
        initialize,
        { jsonrpc: "2.0", method: "notifications/initialized" },
        { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "add_task", arguments: { title: "over raw stdio", due: "tomorrow 9am" } } },
        { jsonrpc: "2.0", id: 3, method: "resources/read", params: { uri: "tasks://overdue" } },
        { jsonrpc: "2.0", id: 4, method: "no/such/method" },
      ]);
      for (const line of served.lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: "2.0" });
      expect(served.lines).toHaveLength(4);
      expect(served.status).toBe(0);

      const refused = await converse(machineEnv(home, { TODO_TOKEN: "todo_revoked_or_never_was" }), [
        initialize,
        { jsonrpc: "2.0", id: 2, method: "tools/list" },
      ]);
      expect(refused.lines.map((line) => JSON.parse(line))).toEqual([
        { jsonrpc: "2.0", id: 1, error: { code: -32000, message: expect.stringContaining("TODO_TOKEN is unknown or revoked") } },
        { jsonrpc: "2.0", id: 2, error: { code: -32000, message: expect.stringContaining("TODO_TOKEN is unknown or revoked") } },
      ]);
      expect(refused.status).toBe(1);
    },
    PROCESS_TEST_TIMEOUT_MS,
  );

  it(
    "says how to move an old ./.data folder instead of starting empty beside it",
    async () => {
      const home = folder("home");
      const project = folder("project");
      // What an earlier version left in the folder it was started from: an embedded database.
      mkdirSync(path.join(project, ".data", "pgdata"), { recursive: true });
      writeFileSync(path.join(project, ".data", "pgdata", "PG_VERSION"), "17\n");
      const message = await initializeError(machineEnv(home, { TODO_TOKEN: "todo_whatever" }), project);
      const perUser = path.join(home, ".local", "share", "todo-chatbot");
      expect(message).toContain(`Found tasks in ${path.join(project, ".data")}`);
      expect(message).toContain(`mv ${path.join(project, ".data")} ${perUser}`);
      expect(message).toContain(`TODO_DATA_DIR=${path.join(project, ".data")}`);

      const server = await startEmbedded(machineEnv(home), project).catch((error: Error) => error);
      expect(server).toBeInstanceOf(Error);
      expect((server as Error).message).toContain("Found tasks in");
      expect(existsSync(perUser)).toBe(false);
    },
    PROCESS_TEST_TIMEOUT_MS,
  );

  it(
    "asks the user to confirm delete_task when the client supports elicitation, and keeps the task when declined",
    async () => {
      const dataDir = folder("data");
      const signup = runTodo(["signup", "ide-user"], machineEnv(folder("home"), { TODO_DATA_DIR: dataDir, TODO_PASSWORD: "long password" }));
      const { client } = await stdioClient(machineEnv(folder("home"), { TODO_DATA_DIR: dataDir, TODO_TOKEN: signup.stdout.trim() }), folder("ide"), {
        capabilities: { elicitation: { form: {} } },
      });
      const questions: string[] = [];
      const answers: ElicitResult[] = [{ action: "decline" }, { action: "accept", content: { confirm: true } }];
      client.setRequestHandler(ElicitRequestSchema, async (request) => {
        questions.push(request.params.message);
        return answers.shift() ?? { action: "cancel" };
      });
      try {
        const added = await client.callTool({ name: "add_task", arguments: { title: "old gym plan" } });
        const id = (added.structuredContent as { task: { id: string } }).task.id;
        const declined = await client.callTool({ name: "delete_task", arguments: { id } });
        expect(declined.isError).toBe(true);
        expect((declined.content as Array<{ text: string }>)[0]!.text).toContain("declined");
        expect((await client.callTool({ name: "get_task", arguments: { id } })).isError).toBeFalsy();

        const confirmed = await client.callTool({ name: "delete_task", arguments: { id } });
        expect(confirmed.isError).toBeFalsy();
        expect(questions).toEqual(["Delete the task 'old gym plan'?", "Delete the task 'old gym plan'?"]);
        expect((await client.callTool({ name: "get_task", arguments: { id } })).isError).toBe(true);
      } finally {
        await client.close();
      }
    },
    PROCESS_TEST_TIMEOUT_MS,
  );
});

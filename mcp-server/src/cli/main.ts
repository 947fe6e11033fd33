import { createInterface } from "node:readline";
import { createLogger } from "@todo/http-kit";
import { machineTimeZone } from "@todo/services";
import { readCliEnv } from "../env.ts";
import { connectBackend } from "./backend.ts";
import { refuseStdio, serveStdioMcp } from "./stdio-mcp.ts";
import { FlagError, runParse } from "./parse-command.ts";
import { localOutboxAdmin, OUTBOX_USAGE, OutboxUsageError, remoteOutboxAdmin, runOutboxCommand } from "./outbox-command.ts";

const USAGE = `usage:
  npx todo parse [--now ISO] [--tz ZONE] ["utterance"]   understand an utterance (stdin: one per line)
  npx todo mcp                       MCP over stdio for an IDE; needs TODO_TOKEN
  npx todo signup <username>         create an account; prints a token (password from TODO_PASSWORD or stdin)
  npx todo token <username> [name]   create another token for an MCP client (password as above)
  npx todo outbox [retry|discard <id>]   list dead-lettered events; put one back, or give up on it`;

class UsageError extends Error {}

async function readPassword(fromEnv: string | undefined): Promise<string> {
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) process.stderr.write("password: ");
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  throw new UsageError("no password given: set TODO_PASSWORD or type it on stdin");
}

/**
 * `npx todo mcp`. An MCP client shows a JSON-RPC error but not a process's exit, so anything that
 * stops it from serving (a bad setting, an unknown token, an old data folder, an unreachable
 * server) answers `initialize` with an error saying what to do — and the same one line on stderr
 * — then exits with the usual status once the client has gone. stdout carries only JSON-RPC.
 */
async function runMcpCommand(): Promise<void> {
  let backend: Awaited<ReturnType<typeof connectBackend>> | undefined;
  try {
    const env = readCliEnv();
    const logger = createLogger("todo-cli", { level: env.LOG_LEVEL === "info" ? "warn" : env.LOG_LEVEL, destination: "stderr" });
    if (!env.TODO_TOKEN) throw new UsageError("set TODO_TOKEN to a token from `npx todo token <username>`");
    backend = await connectBackend(env, logger);
    await serveStdioMcp(backend, env.TODO_TOKEN, logger, env.TODO_DATA_DIR);
  } catch (error) {
    // StdioRefusal and UsageError carry a message for the user; any other error's (a locked data
    // folder, a bad setting) says what went wrong as well.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`todo: ${message}\n`);
    await backend?.close();
    backend = undefined;
    // A person at a terminal has read the line above; only a program on the other end waits for an answer.
    if (!process.stdin.isTTY) await refuseStdio(message);
    process.exit(error instanceof UsageError ? 2 : 1);
  } finally {
    await backend?.close();
  }
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === "parse") return runParse(argv.slice(1));
  if (argv[0] === "mcp") return runMcpCommand();
  const env = readCliEnv();
  const logger = createLogger("todo-cli", { level: env.LOG_LEVEL === "info" ? "warn" : env.LOG_LEVEL, destination: "stderr" });
  const [command, ...args] = argv;
  if (command === "outbox") {
    const backend = await connectBackend(env, logger);
    try {
      let admin;
      if (backend.kind === "local") admin = localOutboxAdmin(backend.db.prisma);
      else if (env.INTERNAL_API_TOKEN) admin = remoteOutboxAdmin((path, init) => backend.request(path, init), env.INTERNAL_API_TOKEN);
      else
        throw new UsageError(
          `the server at ${backend.url} holds the database: set INTERNAL_API_TOKEN to the server's to manage its outbox through it, or stop the server\n${OUTBOX_USAGE}`,
        );
      process.stdout.write(await runOutboxCommand(args, admin));
    } finally {
      await backend.close();
    }
    return;
  }
  if (command === "signup" || command === "token") {
    const [username, name] = args;
    if (!username) throw new UsageError(USAGE);
    const password = await readPassword(env.TODO_PASSWORD);
    const backend = await connectBackend(env, logger);
    try {
      const post = (path: string, body: unknown, token?: string) =>
        backend.request(path, {
          method: "POST",
          headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(body),
        });
      // The CLI runs on the user's own machine, so its zone is the user's (as the page sends the
      // browser's); the server's zone never decides an account's.
      const credentials = command === "signup" ? { username, password, timeZone: machineTimeZone() } : { username, password };
      let response = await post(command === "signup" ? "/api/auth/signup" : "/api/auth/login", credentials);
      let body = (await response.json()) as { token?: string; error?: { message: string } };
      if (response.ok && command === "token" && body.token) {
        const signIn = body.token;
        response = await post("/api/auth/tokens", { name: name ?? "mcp client" }, signIn);
        body = (await response.json()) as typeof body;
        // The sign-in token was only a means to create the client's token: end it now.
        await post("/api/auth/logout", {}, signIn);
      }
      if (!response.ok || !body.token) throw new Error(body.error?.message ?? `request failed with status ${response.status}`);
      process.stdout.write(`${body.token}\n`);
    } finally {
      await backend.close();
    }
    return;
  }
  throw new UsageError(USAGE);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`todo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof UsageError || error instanceof FlagError || error instanceof OutboxUsageError ? 2 : 1);
  },
);

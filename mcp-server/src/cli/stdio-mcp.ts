import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPClientTransport, StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { isJSONRPCRequest, type JSONRPCMessage, type RequestId } from "@modelcontextprotocol/sdk/types.js";
import { createMcpServer } from "../mcp/create-server.ts";
import type { Logger } from "@todo/http-kit";
import type { Backend } from "./backend.ts";

/**
 * The JSON-RPC error code of every refusal below: the implementation-defined server-error range
 * of JSON-RPC 2.0 (-32000 to -32099); the message says what to do.
 */
export const STDIO_REFUSAL_CODE = -32000;

/** Why `npx todo mcp` cannot serve; its message is shown to the user by their MCP client. */
export class StdioRefusal extends Error {}

/** What to tell the user about a token the server does not know, naming where it looked. */
function unknownToken(where: string): StdioRefusal {
  return new StdioRefusal(
    `TODO_TOKEN is unknown or revoked ${where}. Create a token with \`npx todo token <username>\` (run it where the server runs) ` +
      `and set it as TODO_TOKEN in this MCP client's settings.`,
  );
}

function errorResponse(id: RequestId, message: string): JSONRPCMessage {
  return { jsonrpc: "2.0", id, error: { code: STDIO_REFUSAL_CODE, message } };
}

/** Resolves when the stdio transport closes or stdin ends (the MCP client went away). */
function closedOf(stdio: StdioServerTransport): Promise<void> {
  return new Promise<void>((resolve) => {
    stdio.onclose = resolve;
    process.stdin.once("end", resolve);
  });
}

/**
 * Answers every JSON-RPC request on stdio (`initialize` first) with an error carrying `message`,
 * until the client goes away: an MCP client shows that message, where a process that exits at
 * once only shows "connection closed" (and its stderr, if the user finds it). Notifications get
 * no answer, as JSON-RPC requires. Writes only JSON-RPC to stdout.
 */
export async function refuseStdio(message: string): Promise<void> {
  const stdio = new StdioServerTransport();
  const closed = closedOf(stdio);
  stdio.onmessage = (incoming) => {
    if (isJSONRPCRequest(incoming)) void stdio.send(errorResponse(incoming.id, message));
  };
  await stdio.start();
  await closed;
}

/**
 * Runs until stdin closes: MCP over stdio for an IDE, acting as the token's user. Throws
 * StdioRefusal, before anything is read from stdin, when the token is unknown or revoked or the
 * running server cannot be reached (callers answer with {@link refuseStdio}).
 */
export async function serveStdioMcp(backend: Backend, token: string, logger: Logger, dataDir: string): Promise<void> {
  if (backend.kind === "server") return relayStdioMcp(backend.url, token, logger);
  const user = await backend.app.accounts.authenticate(token);
  if (!user) throw unknownToken(`in the data folder ${dataDir}`);
  const stdio = new StdioServerTransport();
  const closed = closedOf(stdio);
  // Elicitation needs a request back to the client during a tool call: stdio has that channel.
  const server = createMcpServer({ context: backend.app.contextFor(user), logger, elicitation: "when-supported" });
  await server.connect(stdio);
  logger.info({ user: user.username }, "MCP on stdio ready");
  await closed;
  await server.close();
}

/** Relays messages as they are to the running server's /mcp: one process owns the data. */
async function relayStdioMcp(serverUrl: string, token: string, logger: Logger): Promise<void> {
  const authorization = { authorization: `Bearer ${token}` };
  // Checked once up front, so a bad token fails `initialize` with a message instead of the relay
  // failing each request later.
  let me: Response;
  try {
    me = await fetch(new URL("/api/auth/me", serverUrl), { headers: authorization });
  } catch (error) {
    throw new StdioRefusal(
      `could not reach the todo-chatbot server at ${serverUrl} (${error instanceof Error ? error.message : String(error)}); start it with \`npm start\`, or set TODO_SERVER_URL`,
    );
  }
  if (me.status === 401) throw unknownToken(`at the server ${serverUrl}`);
  if (!me.ok) throw new StdioRefusal(`the todo-chatbot server at ${serverUrl} answered ${me.status}; check its log`);

  const stdio = new StdioServerTransport();
  const closed = closedOf(stdio);
  const remote = new StreamableHTTPClientTransport(new URL("/mcp", serverUrl), { requestInit: { headers: authorization } });
  stdio.onmessage = (message) => {
    remote.send(message).catch((error: unknown) => {
      logger.warn({ err: error }, "MCP relay failed");
      // A request must get an answer, or the client waits for ever.
      if (!isJSONRPCRequest(message)) return;
      const text =
        error instanceof StreamableHTTPError && error.code === 401
          ? unknownToken(`at the server ${serverUrl}`).message
          : `the todo-chatbot server at ${serverUrl} did not answer (${error instanceof Error ? error.message : String(error)}); is it still running?`;
      void stdio.send(errorResponse(message.id, text));
    });
  };
  remote.onmessage = (message) => {
    stdio.send(message).catch((error: unknown) => logger.warn({ err: error }, "MCP relay to stdio failed"));
  };
  remote.onerror = (error) => logger.warn({ err: error }, "MCP transport error");
  stdio.onerror = (error) => logger.warn({ err: error }, "MCP stdio error");
  await remote.start();
  await stdio.start();
  await closed;
  await remote.close();
}

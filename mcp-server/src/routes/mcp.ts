import { Hono, type MiddlewareHandler } from "hono";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { TaskContext } from "@todo/services";
import type { Accounts, AuthenticatedUser } from "../accounts/accounts.ts";
import { requireBearer, type BearerVariables } from "@todo/http-kit";
import { createMcpServer } from "../mcp/create-server.ts";
import { requestScopedContext, runInRequestContext } from "../mcp/request-context.ts";
import type { Logger } from "@todo/http-kit";
import { metrics } from "../metrics.ts";
import { mcpTransportGuard } from "../http/mcp-transport-guard.ts";

/** Idle servers kept for reuse; more concurrent requests than this build extra ones. */
const MAX_IDLE_SERVERS = 32;

/**
 * MCP over Streamable HTTP, stateless: no session, so any replica can answer any request. Each
 * request gets a fresh transport (the SDK's stateless transport serves one request) on an idle
 * McpServer from a pool; the servers' tools are registered once and read the request's user
 * from a request-scoped context, so no request pays for building the server and its tools.
 * A server that answered `initialize` remembers that client's capabilities, so it is not reused.
 */
export function mcpRoutes(
  accounts: Accounts,
  contextFor: (user: AuthenticatedUser) => TaskContext,
  logger: Logger,
  allowedOrigins: readonly string[] = [],
  guard: MiddlewareHandler<{ Variables: BearerVariables<AuthenticatedUser> }> = requireBearer(accounts.authenticate),
) {
  const app = new Hono<{ Variables: BearerVariables<AuthenticatedUser> }>();
  const idle: McpServer[] = [];
  // Origin (403) and GET/DELETE (405) come before the token: they are the transport's rules.
  app.use("*", mcpTransportGuard(allowedOrigins));
  app.use("*", guard);
  app.all("/", async (c) => {
    const stopTimer = metrics.toolCallSeconds.startTimer();
    // `initialize` gets a server of its own, built for this user: its instructions name the
    // user's zone and today, and it then remembers the client's capabilities (never pooled).
    const { request, parsedBody, initializing } = await readMessage(c.req.raw);
    return runInRequestContext(contextFor(c.get("user")), async () => {
      const server = (initializing ? undefined : idle.pop()) ?? createMcpServer({ context: requestScopedContext, logger });
      const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      await server.connect(transport);
      try {
        return await transport.handleRequest(request, { parsedBody });
      } finally {
        await server.close();
        if (!initializing && idle.length < MAX_IDLE_SERVERS && server.server.getClientCapabilities() === undefined) idle.push(server);
        stopTimer();
      }
    });
  });
  return app;
}

/** The largest body parsed here: the transport's own default limit (4 MiB); a larger one is left to it (413). */
const MAX_PARSED_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Reads a POST body (a JSON-RPC message or batch) once: whether it holds `initialize`, and the
 * parsed message for the transport, which then does not read and parse it again. A body that is
 * not JSON or too large is handed to the transport as it came, to answer with its own error.
 */
async function readMessage(raw: Request): Promise<{ request: Request; parsedBody?: unknown; initializing: boolean }> {
  if (raw.method !== "POST" || !raw.body) return { request: raw, initializing: false };
  const text = await raw.text().catch(() => "");
  const asSent = () => ({ request: new Request(raw.url, { method: raw.method, headers: raw.headers, body: text }), initializing: false });
  if (Buffer.byteLength(text) > MAX_PARSED_BODY_BYTES) return asSent();
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return asSent();
  }
  const messages: unknown[] = Array.isArray(message) ? message : [message];
  const initializing = messages.some((m) => typeof m === "object" && m !== null && (m as { method?: unknown }).method === "initialize");
  return { request: raw, parsedBody: message, initializing };
}

import { Hono } from "hono";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { TaskContext } from "@todo/services";
import type { Accounts, AuthenticatedUser } from "../accounts/accounts.ts";
import { requireBearer, type BearerVariables } from "@todo/http-kit";
import { createMcpServer } from "../mcp/create-server.ts";
import { requestScopedContext, runInRequestContext } from "../mcp/request-context.ts";
import type { Logger } from "@todo/http-kit";
import { metrics } from "../metrics.ts";

/** Idle servers kept for reuse; more concurrent requests than this build extra ones. */
const MAX_IDLE_SERVERS = 32;

/**
 * MCP over Streamable HTTP, stateless: no session, so any replica can answer any request. Each
 * request gets a fresh transport (the SDK's stateless transport serves one request) on an idle
 * McpServer from a pool; the servers' tools are registered once and read the request's user
 * from a request-scoped context, so no request pays for building the server and its tools.
 * A server that answered `initialize` remembers that client's capabilities, so it is not reused.
 */
export function mcpRoutes(accounts: Accounts, contextFor: (user: AuthenticatedUser) => TaskContext, logger: Logger) {
  const app = new Hono<{ Variables: BearerVariables<AuthenticatedUser> }>();
  const idle: McpServer[] = [];
  app.use("*", requireBearer(accounts.authenticate));
  app.all("/", async (c) => {
    const stopTimer = metrics.toolCallSeconds.startTimer();
    const server = idle.pop() ?? createMcpServer({ context: requestScopedContext, logger });
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    try {
      return await runInRequestContext(contextFor(c.get("user")), () => transport.handleRequest(c.req.raw));
    } finally {
      await server.close();
      if (idle.length < MAX_IDLE_SERVERS && server.server.getClientCapabilities() === undefined) idle.push(server);
      stopTimer();
    }
  });
  return app;
}

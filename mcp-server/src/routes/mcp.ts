import { Hono, type MiddlewareHandler } from "hono";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { TaskContext } from "@todo/services";
import type { Accounts, AuthenticatedUser } from "../accounts/accounts.ts";
import { requireBearer, type BearerVariables } from "@todo/http-kit";
import { createMcpServer } from "../mcp/create-server.ts";
import type { Logger } from "@todo/http-kit";
import { metrics } from "../metrics.ts";
import { mcpTransportGuard } from "../http/mcp-transport-guard.ts";

/**
 * MCP over Streamable HTTP, stateless: each request gets a server bound to the token's user, so
 * any replica can answer any request and no session state needs sharing.
 */
export function mcpRoutes(
  accounts: Accounts,
  contextFor: (user: AuthenticatedUser) => TaskContext,
  logger: Logger,
  allowedOrigins: readonly string[] = [],
  guard: MiddlewareHandler<{ Variables: BearerVariables<AuthenticatedUser> }> = requireBearer(accounts.authenticate),
) {
  const app = new Hono<{ Variables: BearerVariables<AuthenticatedUser> }>();
  // Origin (403) and GET/DELETE (405) come before the token: they are the transport's rules.
  app.use("*", mcpTransportGuard(allowedOrigins));
  app.use("*", guard);
  app.all("/", async (c) => {
    const stopTimer = metrics.toolCallSeconds.startTimer();
    const server = createMcpServer({ context: contextFor(c.get("user")), logger });
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    try {
      return await transport.handleRequest(c.req.raw);
    } finally {
      void server.close();
      stopTimer();
    }
  });
  return app;
}

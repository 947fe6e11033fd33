import type { Context, MiddlewareHandler } from "hono";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { bearerToken, type BearerVariables, type Logger } from "@todo/http-kit";
import type { TaskContext } from "@todo/services";
import type { Accounts, AuthenticatedUser } from "../accounts/accounts.ts";
import { registerTaskTools } from "../mcp/tools/index.ts";
import { isOAuthAccessToken, type AuthorizationServer } from "./authorization-server.ts";
import { allows, SCOPES } from "./scopes.ts";

/**
 * The names of the tools annotated readOnlyHint: a tasks:read token may call these. Read from the
 * tools' own registrations, so a new tool is judged by its annotation; a tool without it needs tasks:write.
 */
export function readOnlyToolNames(logger: Logger): Set<string> {
  const names = new Set<string>();
  const collector = {
    registerTool: (name: string, config: { annotations?: { readOnlyHint?: boolean } }) => {
      if (config.annotations?.readOnlyHint === true) names.add(name);
    },
  };
  // Registration only records the tools; no handler runs, so no context is needed.
  registerTaskTools(collector as unknown as McpServer, { context: {} as TaskContext, logger });
  return names;
}

/** Whether a JSON-RPC body (one message or a batch) calls a tool that is not read-only. */
async function callsWritingTool(request: Request, readOnly: Set<string>): Promise<boolean> {
  let body: unknown;
  try {
    body = await request.clone().json();
  } catch {
    return false; // the transport answers the parse error
  }
  const messages = Array.isArray(body) ? body : [body];
  return messages.some((message) => {
    const { method, params } = (message ?? {}) as { method?: unknown; params?: { name?: unknown } };
    return method === "tools/call" && !(typeof params?.name === "string" && readOnly.has(params.name));
  });
}

/** Largest refused request body read out (and dropped) before answering, in bytes; past it the connection may close. */
const DISCARD_LIMIT_BYTES = 64 * 1024;

/** Reads and drops up to DISCARD_LIMIT_BYTES of a request body, so a small refused request keeps its connection usable. */
async function discardBody(request: Request): Promise<void> {
  if (!request.body || request.bodyUsed) return;
  const reader = request.body.getReader();
  let read = 0;
  try {
    while (read <= DISCARD_LIMIT_BYTES) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // a client that went away has nothing left to read
  }
}

const quote = (value: string) => `"${value.replace(/["\\]/g, "")}"`;

/**
 * Guards /mcp (MCP spec 2025-11-25 "Authorization"; RFC 6750 §3; RFC 9728 §5.1): a static API token
 * (`npx todo token`, TODO_TOKEN) has every scope; an OAuth access token must be valid for this
 * server's /mcp resource and carry the scope the call needs — tasks:read for everything, tasks:write
 * for a tools/call of a tool not annotated read-only. No or bad token: 401 with
 * `WWW-Authenticate: Bearer resource_metadata="…", scope="…"`; too little scope: 403 with
 * `error="insufficient_scope", scope="…"`.
 */
export function mcpGuard(accounts: Accounts, server: AuthorizationServer, issuerOf: (c: Context) => string, logger: Logger) {
  const readOnly = readOnlyToolNames(logger);
  const middleware: MiddlewareHandler<{ Variables: BearerVariables<AuthenticatedUser> }> = async (c, next) => {
    const issuer = issuerOf(c);
    const metadata = `${issuer}/.well-known/oauth-protected-resource/mcp`;
    const refuse = async (status: 401 | 403, code: "unauthorized" | "forbidden", message: string, params: Record<string, string>) => {
      // Read the request out before answering: a body left unread makes the Node adapter close the
      // connection after a short drain, and a client that reuses it (the SDK retries right after
      // authorizing) gets ECONNRESET.
      await discardBody(c.req.raw);
      const fields = Object.entries(params).map(([key, value]) => `${key}=${quote(value)}`);
      c.header("WWW-Authenticate", `Bearer ${fields.join(", ")}`);
      return c.json({ error: { code, message } }, status);
    };
    const token = bearerToken(c);
    if (!token)
      return refuse(
        401,
        "unauthorized",
        "Send 'Authorization: Bearer <token>': connect with OAuth (see resource_metadata) or use a token from `npx todo token`",
        {
          resource_metadata: metadata,
          scope: SCOPES.join(" "),
        },
      );
    const found = isOAuthAccessToken(token)
      ? await server.authenticate(token, server.resourceOf(issuer))
      : await accounts.authenticate(token).then((user) => (user ? { user, scopes: [...SCOPES] } : null));
    if (!found)
      return refuse(401, "unauthorized", "The bearer token is unknown, expired or revoked; refresh it or connect again", {
        error: "invalid_token",
        error_description: "The access token is unknown, expired or revoked",
        resource_metadata: metadata,
        scope: SCOPES.join(" "),
      });
    if (!allows(found.scopes, "tasks:write")) {
      const needed = !allows(found.scopes, "tasks:read") ? "tasks:read" : (await callsWritingTool(c.req.raw, readOnly)) ? "tasks:write" : undefined;
      if (needed)
        return refuse(403, "forbidden", `This token lacks the ${needed} scope; connect again allowing ${needed}`, {
          error: "insufficient_scope",
          scope: needed,
          resource_metadata: metadata,
          error_description: `This call needs the ${needed} scope`,
        });
    }
    c.set("user", found.user);
    c.set("token", token);
    await next();
  };
  return middleware;
}

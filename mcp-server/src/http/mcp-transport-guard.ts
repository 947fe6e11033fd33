import type { MiddlewareHandler } from "hono";

/**
 * A JSON-RPC 2.0 error response with no id (the request was refused before it was read), the
 * shape the MCP SDK's own transports answer transport-level refusals with.
 */
function jsonRpcRefusal(status: 403 | 405, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

const LOOPBACK_HOSTNAMES = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** "https://Todo.Example.com:443/" → "https://todo.example.com"; undefined for anything that is not an http(s) origin. */
export function normalizeOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a browser request from `origin` may use /mcp (MCP 2025-11-25, Transports §Security
 * Warning: "Servers MUST validate the Origin header on all incoming connections to prevent DNS
 * rebinding attacks"). Allowed: an origin in `allowed`, or the page's own origin on this machine —
 * the Origin names the same host as the request's Host header and that host is a loopback name
 * (localhost, 127.x.x.x, [::1]). A same-host rule on any host would let DNS rebinding through: a
 * page at evil.example rebound to 127.0.0.1 sends Origin and Host both `evil.example`. A deployed
 * page's public origin is therefore listed in the setting, not inferred.
 */
export function isAllowedOrigin(origin: string, host: string | undefined, allowed: ReadonlySet<string>): boolean {
  const normalized = normalizeOrigin(origin);
  if (!normalized) return false;
  if (allowed.has(normalized)) return true;
  const url = new URL(normalized);
  return host !== undefined && url.host === host.toLowerCase() && LOOPBACK_HOSTNAMES.test(url.hostname);
}

/**
 * The transport rules of stateless Streamable HTTP on /mcp, checked before authentication:
 * - a request whose `Origin` header is not allowed gets 403 with a JSON-RPC error; requests with
 *   no Origin (IDEs, SDK clients, curl: anything that is not a browser) pass;
 * - `GET` (the optional server-to-client SSE stream) and `DELETE` (ending a session) get 405 with
 *   `Allow: POST`: a stateless server has neither streams to resume nor sessions to end, and 405
 *   is the answer the spec gives clients for "no stream here" (the SDK client then stops asking;
 *   an SSE stream that closes at once made it reconnect every second).
 */
export function mcpTransportGuard(allowedOrigins: readonly string[]): MiddlewareHandler {
  const allowed = new Set(allowedOrigins.map((origin) => normalizeOrigin(origin) ?? origin));
  return async (c, next) => {
    const origin = c.req.header("origin");
    if (origin !== undefined && !isAllowedOrigin(origin, c.req.header("host"), allowed)) {
      return jsonRpcRefusal(
        403,
        `Forbidden: requests from the web origin '${origin.slice(0, 200)}' are not allowed on /mcp; the server's operator can allow it with MCP_ALLOWED_ORIGINS`,
      );
    }
    if (c.req.method === "GET" || c.req.method === "DELETE") {
      return jsonRpcRefusal(405, "Method not allowed: this server is stateless; send JSON-RPC messages with POST", { allow: "POST" });
    }
    await next();
  };
}

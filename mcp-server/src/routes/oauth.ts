import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { z } from "zod";
import { InvalidRequestError, OAuthError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import { parseInput } from "@todo/services";
import { payloadTooLarge, readJson, requireBearer, type BearerVariables } from "@todo/http-kit";
import type { Accounts, AuthenticatedUser } from "../accounts/accounts.ts";
import { AuthorizePageError, type AuthorizationServer } from "../oauth/authorization-server.ts";

/** The issuer of the server a request reached (the OAUTH_ISSUER setting, else the request's own origin). */
export const issuerOf = (server: AuthorizationServer, c: Context) => server.issuerFor(new URL(c.req.url).origin);

const RequestId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { error: "requestId must be the id from /consent?request=<id>" });
const Decision = z.object({ allow: z.boolean({ error: "allow must be true (allow) or false (deny)" }) }).strict();
const ClientId = z.string().min(1).max(2000, { error: "clientId must be a client id from GET /api/connected-apps" });

/** Form parameters (application/x-www-form-urlencoded, RFC 6749 §3.2) as lists, so repeats can be refused. */
async function formParams(c: Context): Promise<Record<string, string[]>> {
  if (!/^application\/x-www-form-urlencoded\b/i.test(c.req.header("content-type") ?? ""))
    throw new InvalidRequestError("Send the parameters as application/x-www-form-urlencoded");
  const params: Record<string, string[]> = {};
  for (const [key, value] of new URLSearchParams(await c.req.text())) (params[key] ??= []).push(value);
  return params;
}

function oauthError(c: Context, error: unknown): Response {
  if (!(error instanceof OAuthError)) throw error;
  const status = error.errorCode === "invalid_client" ? 401 : error.errorCode === "server_error" ? 500 : 400;
  c.header("Cache-Control", "no-store");
  return c.json(error.toResponseObject(), status);
}

/**
 * The OAuth endpoints (see createAuthorizationServer): metadata under /.well-known, the
 * authorization, token, registration and revocation endpoints under /oauth, and for the signed-in
 * web page the consent API (/api/oauth/requests) and connected apps (/api/connected-apps).
 */
export function oauthRoutes(server: AuthorizationServer, accounts: Accounts) {
  const app = new Hono<{ Variables: BearerVariables<AuthenticatedUser> }>();
  // Browser-based MCP clients read the metadata and call the token endpoint from their own origin.
  app.use("/.well-known/*", cors());
  app.use("/oauth/*", cors({ origin: "*", allowMethods: ["GET", "POST"], allowHeaders: ["authorization", "content-type"] }));
  app.use("/oauth/*", bodyLimit({ maxSize: 64 * 1024, onError: payloadTooLarge }));

  const protectedResource = (c: Context) => c.json(server.protectedResourceMetadata(issuerOf(server, c)));
  app.get("/.well-known/oauth-protected-resource", protectedResource);
  app.get("/.well-known/oauth-protected-resource/mcp", protectedResource);
  app.get("/.well-known/oauth-authorization-server", (c) => c.json(server.authorizationServerMetadata(issuerOf(server, c))));

  app.post("/oauth/register", async (c) => {
    try {
      return c.json(await server.register(await readJson(c).catch(() => null)), 201);
    } catch (error) {
      return oauthError(c, error);
    }
  });

  app.get("/oauth/authorize", async (c) => {
    try {
      const { location } = await server.authorize(c.req.queries(), issuerOf(server, c));
      return c.redirect(location, 302);
    } catch (error) {
      if (error instanceof AuthorizePageError) return c.text(`This app cannot connect: ${error.message}`, 400);
      throw error;
    }
  });

  app.post("/oauth/token", async (c) => {
    try {
      const tokens = await server.token(await formParams(c), c.req.header("authorization"));
      c.header("Cache-Control", "no-store");
      return c.json(tokens);
    } catch (error) {
      return oauthError(c, error);
    }
  });

  app.post("/oauth/revoke", async (c) => {
    try {
      await server.revoke(await formParams(c), c.req.header("authorization"));
      return c.body(null, 200);
    } catch (error) {
      return oauthError(c, error);
    }
  });

  app.use("/api/oauth/*", requireBearer(accounts.authenticate));
  app.get("/api/oauth/requests/:requestId", async (c) => c.json(await server.consentRequest(parseInput(RequestId, c.req.param("requestId")))));
  app.post("/api/oauth/requests/:requestId/decision", async (c) => {
    const requestId = parseInput(RequestId, c.req.param("requestId"));
    const { allow } = parseInput(Decision, await readJson(c));
    return c.json(await server.decide(c.get("user").id, requestId, allow, issuerOf(server, c)));
  });

  app.use("/api/connected-apps", requireBearer(accounts.authenticate));
  app.use("/api/connected-apps/*", requireBearer(accounts.authenticate));
  app.get("/api/connected-apps", async (c) => c.json({ apps: await server.connectedApps(c.get("user").id) }));
  app.delete("/api/connected-apps/:clientId", async (c) => {
    await server.disconnect(c.get("user").id, parseInput(ClientId, c.req.param("clientId")));
    return c.body(null, 204);
  });
  return app;
}

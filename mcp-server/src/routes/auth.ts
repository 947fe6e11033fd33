import { Hono, type Context } from "hono";
import { readJson, requireBearer, type BearerVariables } from "@todo/http-kit";
import type { Accounts, AuthenticatedUser } from "../accounts/accounts.ts";
import type { AuthRateLimiter } from "../http/rate-limits.ts";

/**
 * Accounts over HTTP: sign-up and sign-in give a bearer token (rate limited per client IP and
 * globally, answering 429 with Retry-After); signed-in users sign out and manage their tokens.
 */
export function authRoutes(accounts: Accounts, limits: AuthRateLimiter, clientIpOf: (c: Context) => string) {
  const app = new Hono<{ Variables: BearerVariables<AuthenticatedUser> }>();
  app.post("/signup", async (c) => {
    await limits.signup(clientIpOf(c));
    return c.json(await accounts.signup(await readJson(c)), 201);
  });
  app.post("/login", async (c) => {
    await limits.login(clientIpOf(c));
    return c.json(await accounts.login(await readJson(c)));
  });
  app.use("/logout", requireBearer(accounts.authenticate));
  app.post("/logout", async (c) => {
    await accounts.logout(c.get("token"));
    return c.body(null, 204);
  });
  app.use("/me", requireBearer(accounts.authenticate));
  app.get("/me", (c) => c.json({ user: c.get("user") }));
  app.use("/tokens/*", requireBearer(accounts.authenticate));
  app.use("/tokens", requireBearer(accounts.authenticate));
  app.post("/tokens", async (c) => c.json(await accounts.createToken(c.get("user").id, await readJson(c)), 201));
  app.get("/tokens", async (c) => c.json({ tokens: await accounts.listTokens(c.get("user").id) }));
  app.delete("/tokens/:id", async (c) => {
    await accounts.revokeToken(c.get("user").id, c.req.param("id"));
    return c.body(null, 204);
  });
  return app;
}

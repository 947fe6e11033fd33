import { Hono, type Context } from "hono";
import type { Accounts } from "../accounts/accounts.ts";
import { requireBearer, type AuthVariables } from "../http/auth.ts";
import { readJson } from "../http/errors.ts";
import type { AuthRateLimiter } from "../http/rate-limits.ts";

/**
 * Accounts over HTTP: sign-up and sign-in give a bearer token (rate limited per client IP and
 * globally, answering 429 with Retry-After); signed-in users sign out and manage their tokens.
 */
export function authRoutes(accounts: Accounts, limits: AuthRateLimiter, clientIpOf: (c: Context) => string) {
  const app = new Hono<{ Variables: AuthVariables }>();
  app.post("/signup", async (c) => {
    await limits.signup(clientIpOf(c));
    return c.json(await accounts.signup(await readJson(c)), 201);
  });
  app.post("/login", async (c) => {
    await limits.login(clientIpOf(c));
    return c.json(await accounts.login(await readJson(c)));
  });
  app.use("/logout", requireBearer(accounts));
  app.post("/logout", async (c) => {
    await accounts.logout(c.get("token"));
    return c.body(null, 204);
  });
  app.use("/me", requireBearer(accounts));
  app.get("/me", (c) => c.json({ user: c.get("user") }));
  app.use("/tokens/*", requireBearer(accounts));
  app.use("/tokens", requireBearer(accounts));
  app.post("/tokens", async (c) => c.json(await accounts.createToken(c.get("user").id, await readJson(c)), 201));
  app.get("/tokens", async (c) => c.json({ tokens: await accounts.listTokens(c.get("user").id) }));
  app.delete("/tokens/:id", async (c) => {
    await accounts.revokeToken(c.get("user").id, c.req.param("id"));
    return c.body(null, 204);
  });
  return app;
}

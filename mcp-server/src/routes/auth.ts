import { Hono } from "hono";
import { readJson, requireBearer, type BearerVariables } from "@todo/http-kit";
import type { Accounts, AuthenticatedUser } from "../accounts/accounts.ts";

/** Accounts over HTTP: sign-up and sign-in give a bearer token; signed-in users manage their tokens. */
export function authRoutes(accounts: Accounts) {
  const app = new Hono<{ Variables: BearerVariables<AuthenticatedUser> }>();
  app.post("/signup", async (c) => c.json(await accounts.signup(await readJson(c)), 201));
  app.post("/login", async (c) => c.json(await accounts.login(await readJson(c))));
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

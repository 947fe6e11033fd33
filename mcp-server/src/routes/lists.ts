import { Hono } from "hono";
import { createList, deleteList, listLists, updateList, type TaskContext } from "@todo/services";
import { readJson, requireBearer, type BearerVariables } from "@todo/http-kit";
import type { Accounts, AuthenticatedUser } from "../accounts/accounts.ts";

/**
 * Lists (projects), mounted at /api/lists: `GET /` → `{lists: [{id, name, color, position,
 * isInbox, openCount}]}` (the Inbox first); `POST /` `{name, color?}` → 201 `{list}`;
 * `PATCH /:id` `{name?, color?, position?}` → `{list}`; `DELETE /:id?tasks=trash|inbox` →
 * `{trashed: n}` | `{movedToInbox: n}` (the Inbox cannot be deleted). Tasks of a list:
 * `GET /api/tasks?list=<id or name>`.
 */
export function listRoutes(accounts: Accounts, contextFor: (user: AuthenticatedUser) => TaskContext) {
  const app = new Hono<{ Variables: BearerVariables<AuthenticatedUser> }>();
  app.use("*", requireBearer(accounts.authenticate));
  app.get("/", async (c) => c.json({ lists: await listLists(contextFor(c.get("user"))) }));
  app.post("/", async (c) => c.json({ list: await createList(contextFor(c.get("user")), await readJson(c)) }, 201));
  app.patch("/:id", async (c) => c.json({ list: await updateList(contextFor(c.get("user")), c.req.param("id"), await readJson(c)) }));
  app.delete("/:id", async (c) => c.json(await deleteList(contextFor(c.get("user")), c.req.param("id"), { tasks: c.req.query("tasks") })));
  return app;
}

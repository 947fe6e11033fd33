import { Hono } from "hono";
import { emptyTrash, listTrash, purgeTask, restoreTask, type TaskContext } from "@todo/services";
import { requireBearer, type BearerVariables } from "@todo/http-kit";
import type { Accounts, AuthenticatedUser } from "../accounts/accounts.ts";

/**
 * The trash: deleted tasks, kept `retentionDays` days, then purged by the scheduled job.
 * `GET /` → `{tasks, nextCursor, retentionDays}` (each task with `deletedAt`; `limit`, `cursor`),
 * `POST /:id/restore` → `{task}`, `DELETE /:id` → 204 (delete forever), `DELETE /` → `{purged}`.
 */
export function trashRoutes(accounts: Accounts, contextFor: (user: AuthenticatedUser) => TaskContext, retentionDays: number) {
  const app = new Hono<{ Variables: BearerVariables<AuthenticatedUser> }>();
  app.use("*", requireBearer(accounts.authenticate));
  app.get("/", async (c) => c.json({ ...(await listTrash(contextFor(c.get("user")), c.req.query())), retentionDays }));
  app.post("/:id/restore", async (c) => c.json({ task: await restoreTask(contextFor(c.get("user")), c.req.param("id")) }));
  app.delete("/:id", async (c) => {
    await purgeTask(contextFor(c.get("user")), c.req.param("id"));
    return c.body(null, 204);
  });
  app.delete("/", async (c) => c.json({ purged: await emptyTrash(contextFor(c.get("user"))) }));
  return app;
}

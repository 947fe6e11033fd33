import { Hono } from "hono";
import { addTasks, completeTasks, updateTasks, type TaskContext } from "@todo/services";
import { readJson, requireBearer, type BearerVariables } from "@todo/http-kit";
import type { Accounts, AuthenticatedUser } from "../accounts/accounts.ts";

/**
 * Bulk changes, the REST side of add_tasks / update_tasks / complete_tasks (mounted at
 * /api/tasks/bulk): `POST /` `{tasks}` → 201 `{tasks}`; `POST /update` `{ids | filter, changes,
 * dryRun?}` and `POST /complete` `{ids | filter, dryRun?, subtasks?}` → `{dryRun, matched, changed, results}`.
 */
export function bulkRoutes(accounts: Accounts, contextFor: (user: AuthenticatedUser) => TaskContext) {
  const app = new Hono<{ Variables: BearerVariables<AuthenticatedUser> }>();
  app.use("*", requireBearer(accounts.authenticate));
  app.post("/", async (c) => c.json({ tasks: await addTasks(contextFor(c.get("user")), await readJson(c)) }, 201));
  app.post("/update", async (c) => c.json(await updateTasks(contextFor(c.get("user")), await readJson(c))));
  app.post("/complete", async (c) => c.json(await completeTasks(contextFor(c.get("user")), await readJson(c))));
  return app;
}

import { Hono } from "hono";
import {
  addTask,
  completeTaskAndSubtasks,
  deleteTask,
  getTaskWithSubtasks,
  listTasks,
  nextDueOf,
  reopenTask,
  updateTask,
  type TaskContext,
} from "@todo/services";
import type { Accounts, AuthenticatedUser } from "../accounts/accounts.ts";
import { readJson, requireBearer, type BearerVariables } from "@todo/http-kit";

/** Query parameters as the list schema takes them: repeated keys are joined ("priority=high&priority=urgent"). */
function queryObject(queries: Record<string, string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(queries).map(([key, values]) => [key, values.join(",")]));
}

/** The REST API the web page uses; the same use cases as the MCP tools, so the same rules and errors. */
export function taskRoutes(accounts: Accounts, contextFor: (user: AuthenticatedUser) => TaskContext) {
  const app = new Hono<{ Variables: BearerVariables<AuthenticatedUser> }>();
  app.use("*", requireBearer(accounts.authenticate));
  app.get("/", async (c) => c.json(await listTasks(contextFor(c.get("user")), queryObject(c.req.queries()))));
  app.post("/", async (c) => c.json({ task: await addTask(contextFor(c.get("user")), await readJson(c)) }, 201));
  // {task, subtasks}: subtasks open and done, in their order.
  app.get("/:id", async (c) => c.json(await getTaskWithSubtasks(contextFor(c.get("user")), c.req.param("id"))));
  app.patch("/:id", async (c) => c.json({ task: await updateTask(contextFor(c.get("user")), c.req.param("id"), await readJson(c)) }));
  // Moved to the trash: POST /api/trash/:id/restore brings it back.
  app.delete("/:id", async (c) => c.json({ task: await deleteTask(contextFor(c.get("user")), c.req.param("id")), restorable: true }));
  // Body {subtasks?: "complete" | "refuse"} (may be empty): open subtasks are refused (409 open_subtasks) unless "complete".
  // {task, next, completedSubtasks}: next is when a repeating task's next occurrence is due ({dueAt, dueDate}), null otherwise.
  app.post("/:id/complete", async (c) => {
    const ctx = contextFor(c.get("user"));
    const { task, completedSubtasks } = await completeTaskAndSubtasks(ctx, c.req.param("id"), await readJson(c));
    return c.json({ task, next: nextDueOf(task, ctx.user.timeZone, ctx.clock.now()), completedSubtasks });
  });
  // {task, nextOccurrence?}: see ReopenResult (a repeating task's next occurrence, removed or kept).
  app.post("/:id/reopen", async (c) => c.json(await reopenTask(contextFor(c.get("user")), c.req.param("id"))));
  return app;
}

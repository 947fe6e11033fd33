import { Hono } from "hono";
import { z } from "zod";
import { AppError, exportTasksCsv, exportUserData, importTodoistCsv, importUserData, localDate, parseInput, type TaskContext } from "@todo/services";
import { requireBearer, type BearerVariables } from "@todo/http-kit";
import type { Accounts, AuthenticatedUser } from "../accounts/accounts.ts";

const ExportQuery = z.object({ format: z.enum(["json", "csv"], { error: "format must be json or csv" }).default("json") });
const ImportQuery = z.object({
  format: z.enum(["json", "todoist-csv"], { error: "format must be json (our export) or todoist-csv (a Todoist CSV export)" }),
});

/**
 * Export and import (mounted at /api): `GET /export?format=json|csv` downloads all of the user's
 * data as our versioned JSON, or their tasks as CSV; `POST /import?format=json|todoist-csv` takes
 * the file as the request body (at most MAX_IMPORT_BYTES) → `{imported, skipped: [{row, reason}]}`.
 */
export function dataIoRoutes(accounts: Accounts, contextFor: (user: AuthenticatedUser) => TaskContext) {
  const app = new Hono<{ Variables: BearerVariables<AuthenticatedUser> }>();
  // Per route, not "*": mounted at /api, a catch-all would put a bearer in front of every /api route.
  const bearer = requireBearer(accounts.authenticate);
  app.get("/export", bearer, async (c) => {
    const { format } = parseInput(ExportQuery, c.req.query(), "query");
    const ctx = contextFor(c.get("user"));
    const name = `todo-export-${localDate(ctx.clock.now(), ctx.user.timeZone)}`;
    if (format === "csv") {
      c.header("Content-Type", "text/csv; charset=utf-8");
      c.header("Content-Disposition", `attachment; filename="${name}.csv"`);
      return c.body(await exportTasksCsv(ctx));
    }
    c.header("Content-Disposition", `attachment; filename="${name}.json"`);
    return c.json(await exportUserData(ctx));
  });
  app.post("/import", bearer, async (c) => {
    const { format } = parseInput(ImportQuery, c.req.query(), "query");
    const ctx = contextFor(c.get("user"));
    const text = await c.req.text();
    if (!text.trim()) throw new AppError("invalid_input", "file is empty: send the exported file as the request body");
    if (format === "todoist-csv") return c.json(await importTodoistCsv(ctx, text));
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      throw new AppError("invalid_input", "file is not JSON: send a file made by Settings → Export JSON (or use format=todoist-csv)");
    }
    return c.json(await importUserData(ctx, document));
  });
  return app;
}

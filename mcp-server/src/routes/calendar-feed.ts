import { Hono, type Context } from "hono";
import {
  calendarFeedState,
  feedEtag,
  feedLastModified,
  feedNotFound,
  feedOwner,
  feedSecretOf,
  feedTasks,
  regenerateCalendarFeed,
  renderCalendar,
  type CalendarFeedStore,
  type Clock,
  type TaskStore,
} from "@todo/services";
import { requireBearer, type BearerVariables } from "@todo/http-kit";
import type { Accounts, AuthenticatedUser } from "../accounts/accounts.ts";

/**
 * The signed-in user's calendar feed (mounted at /api/calendar-feed): `GET /` → `{url: null, active,
 * createdAt}` (the URL is shown only when made: only its secret's hash is kept); `POST /` makes a new
 * secret, ending the old URL → `{url, active: true, createdAt}`; `DELETE /` turns it off → 204.
 */
export function calendarFeedRoutes(accounts: Accounts, feeds: CalendarFeedStore, clock: Clock, originOf: (c: Context) => string) {
  const app = new Hono<{ Variables: BearerVariables<AuthenticatedUser> }>();
  app.use("*", requireBearer(accounts.authenticate));
  app.get("/", async (c) => c.json(await calendarFeedState(feeds, c.get("user").id)));
  app.post("/", async (c) => c.json(await regenerateCalendarFeed(feeds, c.get("user").id, originOf(c), clock.now())));
  app.delete("/", async (c) => {
    await feeds.remove(c.get("user").id);
    return c.body(null, 204);
  });
  return app;
}

/** `If-None-Match` lists (RFC 9110 §13.1.2): `*`, or comma-separated entity tags, weak ones matching too. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((tag) => {
    const value = tag.trim();
    return value === "*" || value.replace(/^W\//, "") === etag;
  });
}

/**
 * The public feed (mounted at /calendar): `GET /<secret>.ics` → `text/calendar; charset=utf-8`
 * with ETag and Last-Modified; 304 when If-None-Match names the current ETag. No bearer: the
 * 256-bit secret in the URL is the credential (calendar apps cannot send headers). An unknown,
 * regenerated or turned-off secret is 404.
 */
export function calendarRoutes(feeds: CalendarFeedStore, store: TaskStore, clock: Clock) {
  const app = new Hono();
  app.get("/:file", async (c) => {
    const secret = feedSecretOf(c.req.param("file"));
    const owner = secret ? await feedOwner(feeds, secret) : null;
    if (!owner) throw feedNotFound();
    const tasks = await feedTasks({ store, clock, user: { id: owner.userId, timeZone: owner.timeZone } });
    const body = renderCalendar(tasks, owner.timeZone);
    const etag = feedEtag(body);
    const lastModified = feedLastModified(tasks, new Date(0)).toUTCString();
    c.header("ETag", etag);
    c.header("Last-Modified", lastModified);
    c.header("Cache-Control", "private, max-age=300");
    if (matchesEtag(c.req.header("if-none-match"), etag)) return c.body(null, 304);
    c.header("Content-Type", "text/calendar; charset=utf-8");
    c.header("Content-Disposition", 'inline; filename="tasks.ics"');
    return c.body(body);
  });
  return app;
}

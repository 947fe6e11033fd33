import { createHash, randomBytes } from "node:crypto";
import ical, { ICalEventTransparency, type ICalEventData } from "ical-generator";
import { DateTime } from "luxon";
import { tzlib_get_ical_block } from "timezones-ical-library";
import { AppError } from "../errors.ts";
import { FIRST_YEAR } from "../time/date-range.ts";
import type { TaskRecord } from "../tasks/task-model.ts";
import type { TaskContext } from "../tasks/task-context.ts";
import type { TaskListCriteria } from "../tasks/task-store.ts";

/** Where a user's calendar feed is kept: only the sha256 of its secret (see CalendarFeed in schema.prisma). */
export interface CalendarFeedStore {
  /** The user's feed, if it is on. */
  get(userId: string): Promise<{ createdAt: Date } | null>;
  /** Turns the feed on with this secret hash, replacing any earlier one (whose URL stops working). */
  replace(userId: string, secretHash: string, at: Date): Promise<void>;
  /** Turns the feed off; false when it was already off. */
  remove(userId: string): Promise<boolean>;
  /** The owner of the feed whose secret hashes to `secretHash`, with their zone; null when none. */
  ownerOf(secretHash: string): Promise<{ userId: string; timeZone: string } | null>;
}

/** The calendar feed as `GET /api/calendar-feed` shows it: the URL only right after it was made (only a hash is kept). */
export interface CalendarFeedState {
  /** The feed's URL: set in the answer that made it, null afterwards (the secret is not stored). */
  url: string | null;
  /** Whether a feed is on. */
  active: boolean;
  /** When the current feed was made (ISO 8601 instant, UTC); null when off. */
  createdAt: string | null;
}

/** A feed secret: 32 random bytes, base64url (43 characters, 256 bits). */
const SECRET = /^[A-Za-z0-9_-]{43}$/;

/** The file name of a feed URL's last segment, e.g. `<secret>.ics`; null when it is not one. */
export function feedSecretOf(fileName: string): string | null {
  const secret = fileName.endsWith(".ics") ? fileName.slice(0, -4) : "";
  return SECRET.test(secret) ? secret : null;
}

const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

/** The user's feed state (never its URL: only a hash of the secret is kept). */
export async function calendarFeedState(feeds: CalendarFeedStore, userId: string): Promise<CalendarFeedState> {
  const feed = await feeds.get(userId);
  return { url: null, active: feed !== null, createdAt: feed ? feed.createdAt.toISOString() : null };
}

/**
 * Makes a new feed secret for the user, replacing the old one (its URL stops working at once), and
 * returns the state with the feed's URL `<origin>/calendar/<secret>.ics`: the only time it is shown.
 */
export async function regenerateCalendarFeed(feeds: CalendarFeedStore, userId: string, origin: string, now: Date): Promise<CalendarFeedState> {
  const secret = randomBytes(32).toString("base64url");
  await feeds.replace(userId, hashSecret(secret), now);
  return { url: `${origin}/calendar/${secret}.ics`, active: true, createdAt: now.toISOString() };
}

/** The owner of a feed secret, or null (unknown, turned off or regenerated). */
export function feedOwner(feeds: CalendarFeedStore, secret: string): Promise<{ userId: string; timeZone: string } | null> {
  return feeds.ownerOf(hashSecret(secret));
}

/** At most this many open and this many completed tasks go into one feed (soonest / most recent first). */
export const FEED_MAX_OPEN = 5000;
export const FEED_MAX_DONE = 2000;
/** Completed tasks due within this many days before now are in the feed. */
export const FEED_DONE_DAYS = 366;
/** How long a timed task's event lasts in a calendar (tasks have no duration). */
export const FEED_EVENT_MINUTES = 30;

/** The tasks a feed shows: open tasks with a due moment, and completed ones due in the last year (none from the trash). */
export async function feedTasks(ctx: TaskContext): Promise<TaskRecord[]> {
  const base: Omit<TaskListCriteria, "status" | "dueFrom" | "order" | "limit"> = { userId: ctx.user.id, sort: "dueAt" };
  const now = ctx.clock.now();
  const [open, done] = await Promise.all([
    ctx.store.list({ ...base, status: "open", dueFrom: new Date(Date.UTC(FIRST_YEAR, 0, 1)), order: "asc", limit: FEED_MAX_OPEN }),
    ctx.store.list({ ...base, status: "done", dueFrom: new Date(now.getTime() - FEED_DONE_DAYS * 86_400_000), order: "desc", limit: FEED_MAX_DONE }),
  ]);
  return [...open, ...done];
}

/** The VTIMEZONE of an IANA zone (the zone's current rules, from timezones-ical-library), or null when it has none. */
function vtimezone(zone: string): string | null {
  const block = tzlib_get_ical_block(zone);
  return Array.isArray(block) && typeof block[0] === "string" && block[0].startsWith("BEGIN:VTIMEZONE") ? block[0] : null;
}

const PRIORITY_ICAL: Record<TaskRecord["priority"], number> = { urgent: 1, high: 3, medium: 5, low: 9 };

/** Completed tasks are shown with this before their title (VEVENT has no "completed" status that calendars show). */
export const COMPLETED_MARK = "✓ ";

/**
 * A user's tasks as an iCalendar (RFC 5545) document for calendar subscriptions (Google, Apple,
 * Outlook): each task with a due moment is a VEVENT whose UID is `<task id>@todo-chatbot` (stable
 * across fetches). A timed task starts at its due moment with `TZID` of `timeZone` (a VTIMEZONE
 * with the zone's DST rules is included) and lasts FEED_EVENT_MINUTES; an all-day task is a
 * `VALUE=DATE` event on its day. The open occurrence of a repeating task (schedule mode) carries
 * its `RRULE`, expanded by the calendar in `timeZone` so its wall time holds across DST; a task
 * repeating from completion has no RRULE (its next date is not known before it is done). A
 * completed task's SUMMARY starts with "✓ " and it carries `X-TODO-STATUS:COMPLETED` and
 * `X-TODO-COMPLETED` (the instant, UTC). Events are transparent (tasks do not block time). `DTSTAMP` is the task's last
 * change, so the document changes only when a task does (stable ETag).
 */
export function renderCalendar(tasks: readonly TaskRecord[], timeZone: string, options: { name?: string } = {}): string {
  const hasZone = vtimezone(timeZone) !== null;
  const calendar = ical({
    prodId: { company: "todo-chatbot", product: "Tasks", language: "EN" },
    name: options.name ?? "Tasks",
    // name null: DTSTAMP stays in UTC as RFC 5545 requires; each timed event names the zone itself.
    timezone: { name: null, generator: vtimezone },
    x: hasZone ? [["X-WR-TIMEZONE", timeZone]] : [],
  });
  for (const task of tasks) {
    if (!task.dueAt && !task.dueDate) continue;
    const done = task.status === "done";
    const utc = (instant: Date) => DateTime.fromJSDate(instant, { zone: "UTC" });
    const when: Pick<ICalEventData, "start" | "end" | "allDay" | "timezone"> = task.dueAt
      ? {
          start: DateTime.fromJSDate(task.dueAt, { zone: hasZone ? timeZone : "UTC" }),
          end: DateTime.fromJSDate(task.dueAt, { zone: hasZone ? timeZone : "UTC" }).plus({ minutes: FEED_EVENT_MINUTES }),
          timezone: hasZone ? timeZone : null,
        }
      : {
          start: DateTime.fromISO(task.dueDate ?? "", { zone: "UTC" }),
          end: DateTime.fromISO(task.dueDate ?? "", { zone: "UTC" }).plus({ days: 1 }),
          allDay: true,
        };
    const event: ICalEventData = {
      ...when,
      id: `${task.id}@todo-chatbot`,
      summary: (done ? COMPLETED_MARK : "") + task.title,
      description: task.description,
      stamp: utc(task.updatedAt),
      lastModified: utc(task.updatedAt),
      created: utc(task.createdAt),
      sequence: task.version,
      priority: PRIORITY_ICAL[task.priority],
      categories: task.tags.map((name) => ({ name })),
      transparency: ICalEventTransparency.TRANSPARENT,
      x: done
        ? [
            ["X-TODO-STATUS", "COMPLETED"],
            ...(task.completedAt ? [["X-TODO-COMPLETED", utc(task.completedAt).toFormat("yyyyLLdd'T'HHmmss'Z'")] as [string, string]] : []),
          ]
        : [],
    };
    if (!done && task.recurrence && task.recurrenceMode !== "completion") event.repeating = `RRULE:${task.recurrence}`;
    calendar.createEvent(event);
  }
  return calendar.toString();
}

/** The feed's strong ETag: a hash of the document, so a 304 is answered exactly when nothing changed. */
export function feedEtag(body: string): string {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 32)}"`;
}

/** The feed's Last-Modified: the latest change among its tasks, or when the feed was made (at most `now`). */
export function feedLastModified(tasks: readonly TaskRecord[], fallback: Date): Date {
  let latest = fallback.getTime();
  for (const task of tasks) latest = Math.max(latest, task.updatedAt.getTime());
  return new Date(latest);
}

/** Throws the feed's not_found: the same for an unknown, turned off or regenerated secret (nothing to probe). */
export function feedNotFound(): AppError {
  return new AppError("not_found", "No calendar feed at this address; it was turned off or regenerated. Copy the new address from Settings");
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ICAL from "ical.js";
import type { Database } from "@todo/db";
import { databaseTargets } from "./support/databases.ts";
import { testApp, uniqueUsername } from "./support/app.ts";

/** The feed parsed back with ical.js, its VTIMEZONEs registered so TZID times convert to instants. */
function parseFeed(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  const events = calendar.getAllSubcomponents("vevent").map((component) => ({ component, event: new ICAL.Event(component) }));
  return { calendar, events, bySummary: (summary: string) => events.find((e) => e.event.summary === summary) };
}

describe.each(databaseTargets())("the calendar feed on $name", (target) => {
  let db: Database;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(() => db.close());

  async function setup(timeZone = "America/New_York") {
    const t = testApp(db, "2026-03-02T15:00:00Z");
    const { token } = await t.signup(uniqueUsername("cal"), timeZone);
    const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const response = await t.app.request(path, {
        method,
        headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return response;
    };
    const add = async (body: Record<string, unknown>) => {
      const response = await call("POST", "/api/tasks", body);
      expect(response.status, await response.clone().text()).toBe(201);
      return ((await response.json()) as { task: { id: string } }).task;
    };
    const fetchFeed = (url: string, headers: Record<string, string> = {}) => t.app.request(new URL(url).pathname, { headers });
    return { t, token, call, add, fetchFeed };
  }

  it("serves a private ICS feed that ical.js reads back: timed with TZID, all-day as dates, completed marked, stable UIDs", async () => {
    const { call, add, fetchFeed } = await setup();
    expect(await (await call("GET", "/api/calendar-feed")).json()).toEqual({ url: null, active: false, createdAt: null });
    const made = await call("POST", "/api/calendar-feed");
    expect(made.status).toBe(200);
    const { url } = (await made.json()) as { url: string };
    expect(url).toMatch(/^http:\/\/localhost\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(await (await call("GET", "/api/calendar-feed")).json()).toEqual({ url: null, active: true, createdAt: "2026-03-02T15:00:00.000Z" });

    const timed = await add({ title: "dentist", dueAt: "2026-03-05T14:30:00", tags: ["health"], priority: "high" });
    await add({ title: "pay rent", dueDate: "2026-03-06" });
    const done = await add({ title: "file taxes", dueDate: "2026-03-01" });
    expect((await call("POST", `/api/tasks/${done.id}/complete`)).status).toBe(200);
    await add({ title: "someday maybe" });
    const trashed = await add({ title: "cancelled plan", dueDate: "2026-03-07" });
    expect((await call("DELETE", `/api/tasks/${trashed.id}`)).status).toBe(200);

    const response = await fetchFeed(url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(response.headers.get("last-modified")).toMatch(/GMT$/);
    const text = await response.text();
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\nPRODID:-\/\/todo-chatbot\/\/Tasks\/\/EN\r\n/);
    expect(text).toContain("DTSTART;TZID=America/New_York:20260305T143000");
    expect(text).toContain("DTSTART;VALUE=DATE:20260306");
    const feed = parseFeed(text);
    expect(feed.events.map((e) => e.event.summary).sort()).toEqual(["dentist", "pay rent", "✓ file taxes"]);
    const dentist = feed.bySummary("dentist");
    expect(dentist?.event.uid).toBe(`${timed.id}@todo-chatbot`);
    expect(dentist?.event.startDate.toJSDate().toISOString()).toBe("2026-03-05T19:30:00.000Z");
    expect(dentist?.event.startDate.zone?.tzid).toBe("America/New_York");
    expect(dentist?.component.getFirstPropertyValue("categories")).toBe("health");
    const rent = feed.bySummary("pay rent");
    expect(rent?.event.startDate.isDate).toBe(true);
    expect(rent?.event.startDate.toString()).toBe("2026-03-06");
    expect(feed.bySummary("✓ file taxes")?.component.getFirstPropertyValue("x-todo-status")).toBe("COMPLETED");
    expect(feed.calendar.getFirstSubcomponent("vtimezone")?.getFirstPropertyValue("tzid")).toBe("America/New_York");

    // A second fetch is the same document: same UIDs, same ETag, and If-None-Match gets 304.
    const again = await fetchFeed(url);
    expect(await again.text()).toBe(text);
    const etag = response.headers.get("etag") ?? "";
    expect(again.headers.get("etag")).toBe(etag);
    const notModified = await fetchFeed(url, { "if-none-match": etag });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe("");

    // A change gives a new ETag.
    expect((await call("PATCH", `/api/tasks/${timed.id}`, { title: "dentist (moved)" })).status).toBe(200);
    const changed = await fetchFeed(url, { "if-none-match": etag });
    expect(changed.status).toBe(200);
    expect(parseFeed(await changed.text()).bySummary("dentist (moved)")?.event.uid).toBe(`${timed.id}@todo-chatbot`);
  });

  it("expands a repeating task at the same wall time across the DST change, and carries no rule on completed occurrences", async () => {
    const { call, add, fetchFeed } = await setup("America/New_York");
    // 2026-03-08 is the first day of daylight saving time in New York.
    const standup = await add({ title: "standup", dueAt: "2026-03-06T09:00:00", recurrence: "FREQ=DAILY" });
    const { url } = (await (await call("POST", "/api/calendar-feed")).json()) as { url: string };
    const text = await (await fetchFeed(url)).text();
    expect(text).toContain("RRULE:FREQ=DAILY");
    expect(text).toMatch(/BEGIN:DAYLIGHT[\s\S]*TZOFFSETTO:-0400[\s\S]*END:DAYLIGHT/);
    const event = parseFeed(text).bySummary("standup")?.event;
    expect(event?.isRecurring()).toBe(true);
    const iterator = event?.iterator();
    const starts = [1, 2, 3, 4].map(() => iterator?.next()?.toJSDate().toISOString());
    expect(starts).toEqual(["2026-03-06T14:00:00.000Z", "2026-03-07T14:00:00.000Z", "2026-03-08T13:00:00.000Z", "2026-03-09T13:00:00.000Z"]);

    // Completing it: the done occurrence is a single marked event, the next one carries the rule.
    expect((await call("POST", `/api/tasks/${standup.id}/complete`)).status).toBe(200);
    const after = parseFeed(await (await fetchFeed(url)).text());
    expect(after.bySummary("✓ standup")?.event.isRecurring()).toBe(false);
  });

  it("stops answering an old URL when the feed is regenerated or turned off, and shows nobody else's tasks", async () => {
    const { call, add, fetchFeed } = await setup();
    const other = await setup();
    await add({ title: "mine", dueDate: "2026-03-10" });
    await other.add({ title: "theirs", dueDate: "2026-03-10" });
    const first = ((await (await call("POST", "/api/calendar-feed")).json()) as { url: string }).url;
    const second = ((await (await call("POST", "/api/calendar-feed")).json()) as { url: string }).url;
    expect(second).not.toBe(first);
    expect((await fetchFeed(first)).status).toBe(404);
    const text = await (await fetchFeed(second)).text();
    expect(parseFeed(text).events.map((e) => e.event.summary)).toEqual(["mine"]);

    expect((await call("DELETE", "/api/calendar-feed")).status).toBe(204);
    expect((await fetchFeed(second)).status).toBe(404);
    expect(await (await call("GET", "/api/calendar-feed")).json()).toMatchObject({ active: false });
    for (const path of ["/calendar/nope.ics", "/calendar/%00.ics", `/calendar/${"a".repeat(43)}.ics`, "/calendar/x"]) {
      const response = await fetchFeed(`http://localhost${path}`);
      expect(response.status, path).toBe(404);
    }
    const anonymous = await other.t.app.request("/api/calendar-feed", { method: "POST" });
    expect(anonymous.status).toBe(401);
  });
});

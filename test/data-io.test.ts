import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import type { Database } from "@todo/db";
import { databaseTargets } from "./support/databases.ts";
import { testApp, uniqueUsername } from "./support/app.ts";

type Task = Record<string, any>;
const todoistSample = readFileSync(new URL("./data/todoist-sample.csv", import.meta.url), "utf8");

/**
 * An export with what differs between accounts by design taken out: ids (series ids mapped to their
 * order of appearance, parent ids to the parent's title), timestamps. Tasks are sorted by title and
 * occurrence, since tasks an import makes within one millisecond may export in either order.
 */
function comparable(document: { lists?: unknown[]; tasks: Task[] }) {
  const series = new Map<string, number>();
  const titles = new Map(document.tasks.map((task) => [task.id as string, task.title as string]));
  const sorted = [...document.tasks].sort((a, b) => a.title.localeCompare(b.title) || a.occurrenceIndex - b.occurrenceIndex);
  const tasks = sorted.map((task) => {
    const { id: _id, createdAt: _c, updatedAt: _u, seriesId, parentId, ...rest } = task;
    if (seriesId && !series.has(seriesId)) series.set(seriesId, series.size + 1);
    return { ...rest, series: seriesId ? series.get(seriesId) : null, parent: parentId ? titles.get(parentId) : null };
  });
  return { lists: document.lists, tasks };
}

describe.each(databaseTargets())("export and import on $name", (target) => {
  let db: Database;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(() => db.close());

  async function account(timeZone = "America/New_York", now = "2026-11-26T15:00:00Z") {
    const t = testApp(db, now);
    const { token } = await t.signup(uniqueUsername("io"), timeZone);
    const call = async (method: string, path: string, body?: unknown, raw?: string) => {
      const response = await t.request(method, path, { token, body, rawBody: raw });
      const text = await response.text();
      let parsed: any = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // CSV and other text answers stay text
      }
      return { status: response.status, body: parsed, headers: response.headers };
    };
    const add = async (body: Record<string, unknown>): Promise<Task> => {
      const created = await call("POST", "/api/tasks", body);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.task;
    };
    return { t, call, add };
  }

  it("imports a JSON export into a fresh account losslessly: fields, series, completion and trash", async () => {
    const source = await account();
    await source.add({ title: "plain" });
    await source.add({
      title: "timed",
      dueAt: "2026-12-03T08:00:00",
      priority: "urgent",
      tags: ["work", "q4"],
      reminderMinutesBefore: 30,
      description: "with notes",
    });
    await source.add({ title: "all day", dueDate: "2026-12-24" });
    const repeating = await source.add({ title: "weekly review", dueAt: "2026-11-27T17:00:00", recurrence: "FREQ=WEEKLY;BYDAY=FR" });
    expect((await source.call("POST", `/api/tasks/${repeating.id}/complete`)).status).toBe(200);
    await source.add({ title: "water", dueDate: "2026-11-28", recurrence: "every 3 days", recurrenceMode: "completion" });
    const gone = await source.add({ title: "in the trash", dueDate: "2026-12-01" });
    expect((await source.call("DELETE", `/api/tasks/${gone.id}`)).status).toBe(200);

    const exported = await source.call("GET", "/api/export?format=json");
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-disposition")).toBe('attachment; filename="todo-export-2026-11-26.json"');
    expect(exported.body).toMatchObject({ format: "todo-chatbot-export", version: 2, timeZone: "America/New_York" });
    expect(exported.body.tasks).toHaveLength(6);
    expect(exported.body.tasks.find((task: Task) => task.title === "in the trash").deletedAt).toBe("2026-11-26T10:00:00-05:00");

    const copy = await account("America/New_York", "2026-11-27T09:00:00Z");
    const imported = await copy.call("POST", "/api/import?format=json", undefined, JSON.stringify(exported.body));
    expect(imported).toMatchObject({ status: 200, body: { imported: 6, skipped: [] } });
    const again = await copy.call("GET", "/api/export?format=json");
    expect(comparable(again.body)).toEqual(comparable(exported.body));
    // The trash came along, restorable; the completed occurrence kept its completion time and series.
    expect((await copy.call("GET", "/api/trash")).body.tasks.map((task: Task) => task.title)).toEqual(["in the trash"]);
    const done = (await copy.call("GET", "/api/tasks?status=done")).body.tasks as Task[];
    expect(done).toEqual([
      expect.objectContaining({
        title: "weekly review",
        completedAt: "2026-11-26T10:00:00-05:00",
        recurrence: "FREQ=WEEKLY;BYDAY=FR",
        occurrenceIndex: 1,
      }),
    ]);
  });

  it("round-trips lists, subtasks, several reminders, a series and the trash through export and import (version 2)", async () => {
    const source = await account();
    expect((await source.call("POST", "/api/lists", { name: "Work", color: "#3B82F6" })).status).toBe(201);
    expect((await source.call("POST", "/api/lists", { name: "Home" })).status).toBe(201);
    const parent = await source.add({ title: "ship the release", list: "Work", dueDate: "2026-12-04" });
    const first = await source.add({ title: "write the notes", parentId: parent.id });
    await source.add({ title: "tag the build", parentId: parent.id });
    expect((await source.call("POST", `/api/tasks/${first.id}/complete`)).status).toBe(200);
    await source.add({
      title: "bins out",
      list: "Home",
      dueAt: "2026-11-30T19:00:00",
      recurrence: "FREQ=WEEKLY;BYDAY=MO",
      reminders: [{ minutesBefore: 60 }, { at: "2026-12-01T08:00:00" }],
    });
    const gone = await source.add({ title: "old idea", list: "Home" });
    expect((await source.call("DELETE", `/api/tasks/${gone.id}`)).status).toBe(200);

    const exported = (await source.call("GET", "/api/export?format=json")).body;
    expect(exported.version).toBe(2);
    expect(exported.lists).toEqual([
      { name: "Inbox", color: null, position: 0, isInbox: true },
      expect.objectContaining({ name: "Work", color: "#3b82f6", isInbox: false }),
      expect.objectContaining({ name: "Home", color: null, isInbox: false }),
    ]);
    const byTitle = (title: string) => exported.tasks.find((task: Task) => task.title === title);
    expect(byTitle("write the notes")).toMatchObject({ parentId: parent.id, position: 0, list: "Work", status: "done" });
    expect(byTitle("tag the build")).toMatchObject({ parentId: parent.id, position: 1, list: "Work", status: "open" });
    expect(byTitle("bins out").reminders).toEqual([{ minutesBefore: 60 }, { at: "2026-12-01T08:00:00-05:00" }]);

    const copy = await account("America/New_York", "2026-11-27T09:00:00Z");
    const imported = await copy.call("POST", "/api/import?format=json", undefined, JSON.stringify(exported));
    expect(imported).toMatchObject({ status: 200, body: { imported: 5, skipped: [] } });
    expect(imported.body.warnings).toBeUndefined();
    const again = (await copy.call("GET", "/api/export?format=json")).body;
    expect(comparable(again)).toEqual(comparable(exported));
    const got = (await copy.call("GET", `/api/tasks/${again.tasks.find((task: Task) => task.title === "ship the release").id}`)).body.task;
    expect(got.subtaskCount).toEqual({ total: 2, done: 1 });
    expect((await copy.call("GET", "/api/trash")).body.tasks.map((task: Task) => task.title)).toEqual(["old idea"]);
  });

  it("imports a version 2 file into an account that has lists: lists joined by name, a past absolute reminder left out and reported", async () => {
    const { call } = await account("America/New_York", "2026-11-26T15:00:00Z");
    expect((await call("POST", "/api/lists", { name: "work" })).status).toBe(201);
    const document = {
      format: "todo-chatbot-export",
      version: 2,
      lists: [
        { name: "Inbox", color: null, position: 0, isInbox: true },
        { name: "Work", color: "#ff0000", position: 1, isInbox: false },
      ],
      tasks: [
        {
          id: "a",
          title: "report",
          list: "Work",
          dueAt: "2026-12-03T08:00:00-05:00",
          reminders: [{ at: "2026-11-20T08:00:00-05:00" }, { minutesBefore: 0 }],
        },
        { id: "b", title: "orphan", parentId: "missing", list: "Errands" },
        { id: "c", title: "child", parentId: "a", position: 0, list: "Work" },
      ],
    };
    const result = await call("POST", "/api/import?format=json", undefined, JSON.stringify(document));
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ imported: 3, skipped: [] });
    expect(result.body.warnings).toEqual([
      { row: 1, reason: "reminder at 2026-11-20T08:00:00-05:00 is in the past; left out" },
      { row: 2, reason: "its parent task was not imported; imported as a task of its own" },
    ]);
    const lists = (await call("GET", "/api/lists")).body.lists.map((list: Task) => list.name);
    expect(lists).toEqual(["Inbox", "work", "Errands"]);
    const tasks = (await call("GET", "/api/tasks?status=all&limit=100&sort=title")).body.tasks as Task[];
    const report = tasks.find((task) => task.title === "report");
    expect(report).toMatchObject({ list: expect.objectContaining({ name: "work" }), reminders: [expect.objectContaining({ minutesBefore: 0 })] });
    expect(tasks.find((task) => task.title === "child")).toMatchObject({ parentId: report?.id });
    expect(tasks.find((task) => task.title === "orphan")).toMatchObject({ parentId: null, list: expect.objectContaining({ name: "Errands" }) });
  });

  it("skips a bad task of a JSON file with its reason and imports the others; refuses a file that is not an export", async () => {
    const { call } = await account();
    const document = {
      format: "todo-chatbot-export",
      version: 1,
      tasks: [{ title: "fine" }, { title: "" }, { title: "bad date", dueDate: "2026-13-45" }, "nonsense", { title: "fine too", futureField: 1 }],
    };
    const result = await call("POST", "/api/import?format=json", undefined, JSON.stringify(document));
    expect(result.status).toBe(200);
    expect(result.body.imported).toBe(2);
    expect(result.body.skipped.map((s: { row: number }) => s.row)).toEqual([2, 3, 4]);
    expect(result.body.skipped[0].reason).toMatch(/title/);
    expect(result.body.skipped[1].reason).toMatch(/dueDate/);

    for (const [query, raw, pattern] of [
      ["format=json", JSON.stringify({ tasks: [] }), /format must be 'todo-chatbot-export'/],
      ["format=json", JSON.stringify({ format: "todo-chatbot-export", version: 99, tasks: [] }), /newer version/],
      ["format=json", "{not json", /not JSON/],
      ["format=xml", "{}", /format must be json \(our export\) or todoist-csv/],
      ["format=todoist-csv", "a,b\n1,2\n", /not a Todoist CSV export.*missing TYPE, CONTENT/],
    ] as const) {
      const refused = await call("POST", `/api/import?${query}`, undefined, raw);
      expect(refused.status, raw).toBe(400);
      expect(refused.body.error.message).toMatch(pattern);
    }
    const huge = await call("POST", "/api/import?format=json", undefined, "x".repeat(5 * 1024 * 1024 + 10));
    expect(huge.status).toBe(413);
  });

  it("exports tasks as CSV that a CSV parser reads back, with formula-like cells neutralised", async () => {
    const { call, add } = await account();
    const evil = await add({
      title: '=HYPERLINK("http://evil")',
      dueAt: "2026-12-03T08:00:00",
      tags: ["a", "b"],
      description: 'line one\nline "two", three',
      reminders: [{ minutesBefore: 1440 }, { at: "2026-12-02T18:30:00" }],
    });
    await add({ title: "sub", parentId: evil.id });
    const exported = await call("GET", "/api/export?format=csv");
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const rows = parse<Record<string, string>>(exported.body as string, { columns: true });
    expect(rows).toEqual([
      expect.objectContaining({
        title: '\'=HYPERLINK("http://evil")',
        description: 'line one\nline "two", three',
        tags: "a b",
        dueAt: "2026-12-03T08:00:00-05:00",
        dueDate: "",
        status: "open",
        list: "Inbox",
        parentId: "",
        reminders: "1440; 2026-12-02T18:30:00-05:00",
      }),
      expect.objectContaining({ title: "sub", parentId: evil.id, list: "Inbox", reminders: "" }),
    ]);
  });

  it("imports a Todoist CSV export: priorities inverted, labels as tags, sections as lists, indented rows as subtasks, dates through the language engine, bad rows reported", async () => {
    const { call } = await account("America/New_York", "2026-11-26T15:00:00Z");
    const result = await call("POST", "/api/import?format=todoist-csv", undefined, todoistSample);
    expect(result.status).toBe(200);
    expect(result.body.imported).toBe(7);
    expect(result.body.skipped).toEqual([
      { row: 12, reason: expect.stringMatching(/^DATE 'flibbertigibbet o'clock' could not be read/) },
      { row: 13, reason: "PRIORITY must be 1-4 (4 is the highest); got '7'" },
    ]);
    const tasks = (await call("GET", "/api/tasks?status=all&limit=100&sort=title")).body.tasks as Task[];
    const byTitle = Object.fromEntries(tasks.map((task) => [task.title, task]));
    expect(byTitle["Renew passport"]).toMatchObject({
      priority: "urgent",
      tags: ["errands"],
      dueAt: "2026-11-27T09:00:00-05:00",
      description: "Photos first, then the form\n\nBring the old passport too",
    });
    expect(byTitle["Renew passport"].list.name).toBe("Inbox");
    expect(byTitle["Call the plumber"]).toMatchObject({ priority: "low", dueAt: null, dueDate: null, tags: [] });
    // INDENT 2 and 3 both become subtasks of the INDENT 1 task above them (one level), in file order.
    expect(byTitle["Find the boiler warranty"]).toMatchObject({ parentId: byTitle["Call the plumber"].id, position: 0 });
    expect(byTitle["Check the model number"]).toMatchObject({ parentId: byTitle["Call the plumber"].id, position: 1 });
    expect(byTitle["Plan the team offsite, agenda and venue"]).toMatchObject({
      priority: "high",
      tags: [],
      list: expect.objectContaining({ name: "Next Week" }),
      recurrence: "FREQ=WEEKLY;BYDAY=MO",
      recurrenceMode: "schedule",
    });
    expect(byTitle["Water the plants"]).toMatchObject({ priority: "medium", recurrenceMode: "completion", recurrence: "FREQ=DAILY;INTERVAL=3" });
    expect(byTitle["Pay the electricity bill"]).toMatchObject({ dueDate: "2026-12-20" });
  });
});

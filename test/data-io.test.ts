import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import type { Database } from "@todo/db";
import { databaseTargets } from "./support/databases.ts";
import { testApp, uniqueUsername } from "./support/app.ts";

type Task = Record<string, any>;
const todoistSample = readFileSync(new URL("./data/todoist-sample.csv", import.meta.url), "utf8");

/** An export with what differs between accounts by design taken out: ids (series ids mapped to their order of appearance), timestamps. */
function comparable(document: { tasks: Task[] }) {
  const series = new Map<string, number>();
  return document.tasks.map((task) => {
    const { id: _id, createdAt: _c, updatedAt: _u, seriesId, ...rest } = task;
    if (seriesId && !series.has(seriesId)) series.set(seriesId, series.size + 1);
    return { ...rest, series: seriesId ? series.get(seriesId) : null };
  });
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
    expect(exported.body).toMatchObject({ format: "todo-chatbot-export", version: 1, timeZone: "America/New_York" });
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
    await add({ title: '=HYPERLINK("http://evil")', dueAt: "2026-12-03T08:00:00", tags: ["a", "b"], description: 'line one\nline "two", three' });
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
      }),
    ]);
  });

  it("imports a Todoist CSV export: priorities inverted, labels and sections as tags, dates through the language engine, bad rows reported", async () => {
    const { call } = await account("America/New_York", "2026-11-26T15:00:00Z");
    const result = await call("POST", "/api/import?format=todoist-csv", undefined, todoistSample);
    expect(result.status).toBe(200);
    expect(result.body.imported).toBe(5);
    expect(result.body.skipped).toEqual([
      { row: 10, reason: expect.stringMatching(/^DATE 'flibbertigibbet o'clock' could not be read/) },
      { row: 11, reason: "PRIORITY must be 1-4 (4 is the highest); got '7'" },
    ]);
    const tasks = (await call("GET", "/api/tasks?status=all&limit=100&sort=title")).body.tasks as Task[];
    const byTitle = Object.fromEntries(tasks.map((task) => [task.title, task]));
    expect(byTitle["Renew passport"]).toMatchObject({
      priority: "urgent",
      tags: ["errands"],
      dueAt: "2026-11-27T09:00:00-05:00",
      description: "Photos first, then the form\n\nBring the old passport too",
    });
    expect(byTitle["Call the plumber"]).toMatchObject({ priority: "low", dueAt: null, dueDate: null, tags: [] });
    expect(byTitle["Plan the team offsite, agenda and venue"]).toMatchObject({
      priority: "high",
      tags: ["next-week"],
      recurrence: "FREQ=WEEKLY;BYDAY=MO",
      recurrenceMode: "schedule",
    });
    expect(byTitle["Water the plants"]).toMatchObject({ priority: "medium", recurrenceMode: "completion", recurrence: "FREQ=DAILY;INTERVAL=3" });
    expect(byTitle["Pay the electricity bill"]).toMatchObject({ dueDate: "2026-12-20" });
  });
});

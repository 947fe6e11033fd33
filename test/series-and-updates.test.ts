import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Database } from "@todo/db";
import { continueSeries, TaskCloudEvent } from "@todo/services";
import { uniqueUsername } from "./support/app.ts";
import { databaseTargets } from "./support/databases.ts";
import { testBackbone } from "./support/backbone.ts";
import { testGateway } from "./support/gateway.ts";
import { listen } from "./support/http-server.ts";

type Task = Record<string, any>;
const ZONE = "America/New_York";
const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "prisma", "migrations");

describe.each(databaseTargets())("series and updates on $name", (target) => {
  let db: Database;
  let t: ReturnType<typeof testBackbone>;
  let server: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    db = await target.open();
    t = testBackbone(db, "2027-03-10T15:00:00Z"); // Wednesday 10:00 in New York, before the spring-forward of 14 March 2027
    server = await listen(t.app);
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  /** A user of its own per test, so each sees only its tasks. */
  const newUser = async () => (await t.signup(uniqueUsername("series"), ZONE)).token;
  const add = async (token: string, body: Record<string, unknown>) => {
    const response = await t.request("POST", "/api/tasks", { token, body });
    expect(response.status).toBe(201);
    return ((await response.json()) as { task: Task }).task;
  };
  const patch = async (token: string, id: string, body: Record<string, unknown>) => {
    const response = await t.request("PATCH", `/api/tasks/${id}`, { token, body });
    expect(response.status).toBe(200);
    return ((await response.json()) as { task: Task }).task;
  };
  const complete = async (token: string, id: string) => {
    const response = await t.request("POST", `/api/tasks/${id}/complete`, { token });
    expect(response.status).toBe(200);
    await t.backbone.relay.drain();
  };
  const reopen = async (token: string, id: string) => {
    const response = await t.request("POST", `/api/tasks/${id}/reopen`, { token });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { task: Task; nextOccurrence?: Task };
    await t.backbone.relay.drain();
    return body;
  };
  /** The tasks of a series, as the API shows them, in series order. */
  const series = async (token: string, seriesId: string) => {
    const response = await t.request("GET", "/api/tasks?status=all&limit=100", { token });
    const tasks = ((await response.json()) as { tasks: Task[] }).tasks.filter((task) => task.seriesId === seriesId);
    return tasks.sort((a, b) => a.occurrenceIndex - b.occurrenceIndex);
  };
  const openOf = async (token: string, seriesId: string) => (await series(token, seriesId)).filter((task) => task.status === "open");
  const nextAfter = async (token: string, task: Task) => {
    const found = (await series(token, task.seriesId)).find((x) => x.occurrenceIndex > task.occurrenceIndex);
    if (!found) throw new Error(`no occurrence after ${task.occurrenceIndex}`);
    return found;
  };
  const mcp = async (token: string) => {
    const client = new Client({ name: "series-test", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL("/mcp", server.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
    );
    return client;
  };

  describe("a series keeps its time of day across DST", () => {
    it("moves only the gap day itself: weekly at 02:30 from 14 March 2027 is back at 02:30 on 21 March and after", async () => {
      const token = await newUser();
      const fish = await add(token, { title: "feed fish", dueAt: "2027-03-14T02:30", recurrence: "FREQ=WEEKLY;BYDAY=SU" });
      expect(fish.dueAt).toBe("2027-03-14T03:30:00-04:00"); // 02:30 does not exist that day
      expect(fish.seriesWallTime).toBe("02:30:00");
      await complete(token, fish.id);
      const second = await nextAfter(token, fish);
      expect(second.dueAt).toBe("2027-03-21T02:30:00-04:00");
      await complete(token, second.id);
      expect((await nextAfter(token, second)).dueAt).toBe("2027-03-28T02:30:00-04:00");
    });

    it("runs a daily series through the gap: 13 March 02:30, 14 March 03:30, 15 March 02:30", async () => {
      const token = await newUser();
      const first = await add(token, { title: "pill", dueAt: "2027-03-13T02:30", recurrence: "daily" });
      expect(first.dueAt).toBe("2027-03-13T02:30:00-05:00");
      await complete(token, first.id);
      const gapDay = await nextAfter(token, first);
      expect(gapDay.dueAt).toBe("2027-03-14T03:30:00-04:00");
      await complete(token, gapDay.id);
      expect((await nextAfter(token, gapDay)).dueAt).toBe("2027-03-15T02:30:00-04:00");
    });

    it("keeps 01:30 through the repeated hour of a fall-back day, first then standard time", async () => {
      const token = await newUser();
      t.clock.set("2026-10-20T15:00:00Z");
      try {
        const first = await add(token, { title: "night shift", dueAt: "2026-10-31T01:30", recurrence: "daily" });
        await complete(token, first.id);
        const fallBack = await nextAfter(token, first);
        expect(fallBack.dueAt).toBe("2026-11-01T01:30:00-04:00"); // the first 01:30 of the two
        await complete(token, fallBack.id);
        expect((await nextAfter(token, fallBack)).dueAt).toBe("2026-11-02T01:30:00-05:00");

        const second = await add(token, { title: "backup", dueAt: "2026-11-01T01:30:00-05:00", recurrence: "weekly" });
        expect(second.dueAt).toBe("2026-11-01T01:30:00-05:00"); // the second 01:30, said with its offset
        await complete(token, second.id);
        expect((await nextAfter(token, second)).dueAt).toBe("2026-11-08T01:30:00-05:00");
      } finally {
        t.clock.set("2027-03-10T15:00:00Z");
      }
    });

    it("keeps the intended time when a timed task is moved onto a gap day, and the series returns to it", async () => {
      const token = await newUser();
      const task = await add(token, { title: "call home", dueAt: "2027-03-07T02:30", recurrence: "weekly" });
      const moved = await patch(token, task.id, { due: "2027-03-14" });
      expect(moved.dueAt).toBe("2027-03-14T03:30:00-04:00");
      expect(moved.seriesWallTime).toBe("02:30:00");
      await complete(token, task.id);
      expect((await nextAfter(token, task)).dueAt).toBe("2027-03-21T02:30:00-04:00");
    });
  });

  it("fills seriesWallTime of existing timed tasks from dueAt in the owner's zone (the migration's backfill)", async () => {
    const token = await newUser();
    const timed = await add(token, { title: "old timed", dueAt: "2027-03-20T09:15", recurrence: "weekly" });
    const allDay = await add(token, { title: "old all-day", dueDate: "2027-03-20" });
    await db.prisma.task.updateMany({ where: { id: { in: [timed.id, allDay.id] } }, data: { seriesWallTime: null } });
    const migration = readdirSync(migrationsDir).find((name) => name.endsWith("_series_wall_time"));
    const sql = readFileSync(path.join(migrationsDir, String(migration), "migration.sql"), "utf8");
    await db.prisma.$executeRawUnsafe(sql.slice(sql.indexOf("UPDATE")));
    const rows = await db.prisma.task.findMany({ where: { id: { in: [timed.id, allDay.id] } }, orderBy: { title: "asc" } });
    expect(rows.map((row) => [row.title, row.seriesWallTime])).toEqual([
      ["old all-day", null],
      ["old timed", "09:15:00"],
    ]);
  });

  describe("reopening a completed repeating task undoes its completion", () => {
    it("removes the untouched next occurrence, with a task.deleted event, and completing again creates exactly one", async () => {
      const token = await newUser();
      t.clock.set("2026-11-26T15:00:00Z");
      try {
        const rent = await add(token, { title: "Pay rent", dueDate: "2026-12-01", recurrence: "monthly" });
        await complete(token, rent.id);
        const january = await nextAfter(token, rent);
        expect(january).toMatchObject({ dueDate: "2027-01-01", status: "open" });

        const reopened = await reopen(token, rent.id);
        expect(reopened.task).toMatchObject({ id: rent.id, status: "open", completedAt: null });
        expect(reopened.nextOccurrence).toMatchObject({ removed: true, task: { id: january.id, dueDate: "2027-01-01" } });
        expect((await openOf(token, rent.seriesId)).map((x) => x.dueDate)).toEqual(["2026-12-01"]);
        expect(await db.prisma.outboxEvent.count({ where: { aggregateId: january.id, type: "task.deleted" } })).toBe(1);

        await complete(token, rent.id);
        const again = await series(token, rent.seriesId);
        expect(again.map((x) => [x.dueDate, x.status])).toEqual([
          ["2026-12-01", "done"],
          ["2027-01-01", "open"],
        ]);
      } finally {
        t.clock.set("2027-03-10T15:00:00Z");
      }
    });

    it("keeps a next occurrence that was changed since, and says so", async () => {
      const token = await newUser();
      const plants = await add(token, { title: "water plants", dueDate: "2027-03-10", recurrence: "weekly" });
      await complete(token, plants.id);
      const next = await nextAfter(token, plants);
      await patch(token, next.id, { title: "water the plants" });
      const reopened = await reopen(token, plants.id);
      expect(reopened.nextOccurrence).toMatchObject({ kept: true, task: { id: next.id, title: "water the plants" } });
      expect(reopened.nextOccurrence?.reason).toMatch(/changed/);
      expect((await openOf(token, plants.seriesId)).map((x) => x.dueDate)).toEqual(["2027-03-10", "2027-03-17"]);
    });

    it("creates no next occurrence when the task is reopened before the completion event is handled", async () => {
      const token = await newUser();
      const gym = await add(token, { title: "gym", dueDate: "2027-03-11", recurrence: "weekly" });
      expect((await t.request("POST", `/api/tasks/${gym.id}/complete`, { token })).status).toBe(200);
      const reopened = (await (await t.request("POST", `/api/tasks/${gym.id}/reopen`, { token })).json()) as { nextOccurrence?: unknown };
      expect(reopened.nextOccurrence).toBeUndefined(); // nothing was created yet
      await t.backbone.relay.drain(); // the completion event arrives after the reopen
      expect((await series(token, gym.seriesId)).map((x) => [x.dueDate, x.status])).toEqual([["2027-03-11", "open"]]);

      // The same event delivered again, straight to the use case, still creates nothing.
      const row = await db.prisma.outboxEvent.findFirstOrThrow({ where: { aggregateId: gym.id, type: "task.completed" } });
      const event = TaskCloudEvent.parse({
        specversion: "1.0",
        id: row.id,
        source: "test",
        type: row.type,
        time: row.createdAt.toISOString(),
        subject: gym.id,
        data: row.payload,
      });
      const user = { id: event.data.userId, username: "x", timeZone: event.data.timeZone };
      expect(await continueSeries(t.contextFor(user), event.data.task)).toEqual({ kind: "reopened" });
      expect(await series(token, gym.seriesId)).toHaveLength(1);
    });

    it("does the same through MCP complete_task {reopen: true}", async () => {
      const token = await newUser();
      const client = await mcp(token);
      try {
        const bins = await add(token, { title: "bins out", dueDate: "2027-03-11", recurrence: "weekly" });
        await client.callTool({ name: "complete_task", arguments: { id: bins.id } });
        await t.backbone.relay.drain();
        const next = await nextAfter(token, bins);
        const result = await client.callTool({ name: "complete_task", arguments: { id: bins.id, reopen: true } });
        expect(result.isError).toBeFalsy();
        expect(result.structuredContent).toMatchObject({
          task: { id: bins.id, status: "open" },
          nextOccurrence: { removed: true, task: { id: next.id } },
        });
        await t.backbone.relay.drain();
        expect((await openOf(token, bins.seriesId)).map((x) => x.dueDate)).toEqual(["2027-03-11"]);
        await client.callTool({ name: "complete_task", arguments: { id: bins.id } });
        await t.backbone.relay.drain();
        expect((await series(token, bins.seriesId)).map((x) => [x.dueDate, x.status])).toEqual([
          ["2027-03-11", "done"],
          ["2027-03-18", "open"],
        ]);
      } finally {
        await client.close();
      }
    });
  });

  describe("an update changes only what its due phrase says", () => {
    // The clock: Wednesday 10 March 2027, 10:00 in New York.
    it("'2pm' keeps the task's day: a task due tomorrow 5pm moves to tomorrow 2pm, not today", async () => {
      const token = await newUser();
      const task = await add(token, { title: "dentist", due: "tomorrow 5pm" });
      expect((await patch(token, task.id, { due: "2pm" })).dueAt).toBe("2027-03-11T14:00:00-05:00");
    });

    it("'friday' keeps the task's time of day: a 5 PM task stays at 5 PM", async () => {
      const token = await newUser();
      const task = await add(token, { title: "report", dueAt: "2027-03-15T17:00" });
      const moved = await patch(token, task.id, { due: "friday" });
      expect(moved).toMatchObject({ dueAt: "2027-03-12T17:00:00-05:00", dueDate: null });
      expect((await patch(token, task.id, { due: "2027-03-19" })).dueAt).toBe("2027-03-19T17:00:00-04:00");
    });

    it("a time alone gives an all-day task that day at that time, and an undated task today", async () => {
      const token = await newUser();
      const allDay = await add(token, { title: "groceries", dueDate: "2027-03-13" });
      expect(await patch(token, allDay.id, { due: "at 14:30" })).toMatchObject({ dueAt: "2027-03-13T14:30:00-05:00", dueDate: null });
      const undated = await add(token, { title: "call bank" });
      expect((await patch(token, undated.id, { due: "2pm" })).dueAt).toBe("2027-03-10T14:00:00-05:00");
    });

    it("a day alone keeps an all-day task all-day; a day and a time, or exact fields, replace the due moment", async () => {
      const token = await newUser();
      const allDay = await add(token, { title: "laundry", dueDate: "2027-03-13" });
      expect(await patch(token, allDay.id, { due: "friday" })).toMatchObject({ dueDate: "2027-03-12", dueAt: null });
      const timed = await add(token, { title: "meeting", dueAt: "2027-03-15T17:00" });
      expect((await patch(token, timed.id, { due: "tomorrow 9am" })).dueAt).toBe("2027-03-11T09:00:00-05:00");
      expect(await patch(token, timed.id, { dueDate: "2027-03-19" })).toMatchObject({ dueDate: "2027-03-19", dueAt: null });
    });

    it("works the same through MCP update_task, whose description says so", async () => {
      const token = await newUser();
      const client = await mcp(token);
      try {
        const { tools } = await client.listTools();
        expect(tools.find((tool) => tool.name === "update_task")?.description).toMatch(/keeps a timed task's time of day/);
        const task = await add(token, { title: "standup", dueAt: "2027-03-15T09:15" });
        const friday = await client.callTool({ name: "update_task", arguments: { id: task.id, due: "friday" } });
        expect(friday.structuredContent).toMatchObject({ task: { dueAt: "2027-03-12T09:15:00-05:00" } });
        const later = await client.callTool({ name: "update_task", arguments: { id: task.id, due: "4pm" } });
        expect(later.structuredContent).toMatchObject({ task: { dueAt: "2027-03-12T16:00:00-05:00" } });
      } finally {
        await client.close();
      }
    });
  });
});

describe.each(databaseTargets())("the offline chat moving a task on $name", (target) => {
  let db: Database;
  let g: ReturnType<typeof testGateway>;
  beforeAll(async () => {
    db = await target.open();
    g = testGateway(db, "2027-03-10T15:00:00Z"); // Wednesday 10:00 in New York
  });
  afterAll(() => db.close());

  it("'move X to friday' keeps X's time of day", async () => {
    const { token, userId } = await g.signup(uniqueUsername("mover"), ZONE);
    const added = await g.request("POST", "/api/tasks", { token, body: { title: "pick up suit", dueAt: "2027-03-15T17:00" } });
    expect(added.status).toBe(201);
    const { body } = await g.chat(token, "move pick up suit to friday");
    expect(body.actions).toEqual([
      expect.anything(),
      expect.objectContaining({ tool: "update_task", input: expect.objectContaining({ due: "2027-03-12" }) }),
    ]);
    const stored = await db.prisma.task.findFirstOrThrow({ where: { userId, title: "pick up suit" } });
    expect(stored.dueAt?.toISOString()).toBe("2027-03-12T22:00:00.000Z"); // Friday 5 PM in New York
    expect(stored.dueDate).toBeNull();
  });

  it("'change X to 2pm' keeps X's day, and a day and time said together still move both", async () => {
    const { token, userId } = await g.signup(uniqueUsername("mover"), ZONE);
    const added = await g.request("POST", "/api/tasks", { token, body: { title: "dentist", due: "tomorrow 5pm" } });
    expect(added.status).toBe(201);
    const { body } = await g.chat(token, "change dentist to 2pm");
    expect(body.reply).toMatch(/^Updated 'dentist'/);
    const dueAt = async () => (await db.prisma.task.findFirstOrThrow({ where: { userId, title: "dentist" } })).dueAt?.toISOString();
    expect(await dueAt()).toBe("2027-03-11T19:00:00.000Z"); // Thursday 2 PM in New York, not today
    await g.chat(token, "move dentist to today at 4pm");
    expect(await dueAt()).toBe("2027-03-10T21:00:00.000Z");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Database } from "@todo/db";
import { databaseTargets } from "./support/databases.ts";
import { uniqueUsername } from "./support/app.ts";
import { testBackbone } from "./support/backbone.ts";
import { listen } from "./support/http-server.ts";

type Task = Record<string, any>;

describe.each(databaseTargets())("several reminders per task on $name", (target) => {
  let db: Database;

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(() => db.close());

  /** Each test has its own user, clock and backbone; reminders fire only when the test moves the clock. */
  async function setup(now = "2026-11-26T15:00:00Z") {
    const t = testBackbone(db, now); // Thursday 10:00 in New York
    const { token, userId } = await t.signup(uniqueUsername("reminded"), "America/New_York");
    const heard: Array<{ title: string; body: string }> = [];
    t.backbone.hub.subscribe(userId, (notification) => {
      if (notification.kind === "reminder") heard.push(notification);
    });
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await t.request(method, path, { token, body });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    };
    const add = async (body: Record<string, unknown>) => {
      const response = await call("POST", "/api/tasks", body);
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body.task as Task;
    };
    /** Moves the clock, lets events through, fires what is due; returns how many fired. */
    const at = async (iso: string) => {
      t.clock.set(iso);
      await t.backbone.relay.drain();
      return t.backbone.scheduler.tick();
    };
    return { t, token, userId, heard, call, add, at };
  }

  it("keeps relative and absolute reminders on a task and fires each of them once", async () => {
    const { heard, add, at } = await setup();
    const task = await add({
      title: "submit the report",
      due: "2026-12-04T17:00",
      reminders: [{ minutesBefore: 1440 }, { minutesBefore: 0 }, { at: "2026-12-03T08:00" }],
    });
    expect(task.reminders).toEqual([
      { id: expect.any(String), minutesBefore: 1440 },
      { id: expect.any(String), minutesBefore: 0 },
      { id: expect.any(String), at: "2026-12-03T08:00:00-05:00" },
    ]);
    expect(task.reminderMinutesBefore).toBe(1440);

    expect(await at("2026-12-03T12:59:00Z")).toBe(0);
    expect(await at("2026-12-03T13:00:00Z")).toBe(1); // Dec 3, 8:00 in New York
    expect(await at("2026-12-03T22:00:00Z")).toBe(1); // a day before 17:00
    expect(await at("2026-12-04T22:00:00Z")).toBe(1); // at due time
    expect(await at("2026-12-04T22:05:00Z")).toBe(0);
    expect(heard.map((n) => n.body)).toEqual(["due Fri 4 Dec, 17:00", "due Fri 4 Dec, 17:00", "due Fri 4 Dec, 17:00"]);
  });

  it("delivers two reminders of one task due at the same moment, each once", async () => {
    const { heard, add, at } = await setup();
    await add({ title: "two at once", due: "2026-11-26T12:00", reminders: [{ minutesBefore: 30 }, { at: "2026-11-26T11:30:00-05:00" }] });
    expect(await at("2026-11-26T16:30:00Z")).toBe(2); // 11:30 in New York, both of them
    expect(await at("2026-11-26T16:31:00Z")).toBe(0);
    expect(heard.map((n) => n.title)).toEqual(["two at once", "two at once"]);
  });

  it("moves relative reminders with the task and leaves absolute ones where they are", async () => {
    const { call, add, at, heard } = await setup();
    const task = await add({ title: "dentist", due: "2026-11-27T10:00", reminders: [{ minutesBefore: 60 }, { at: "2026-11-26T18:00" }] });
    const moved = await call("PATCH", `/api/tasks/${task.id}`, { due: "2026-11-27T15:00" });
    expect(moved.body.task.reminders).toEqual(task.reminders); // same ids: the same reminders, moved
    expect(await at("2026-11-26T23:00:00Z")).toBe(1); // the absolute one, 18:00
    expect(await at("2026-11-27T15:00:00Z")).toBe(0); // 10:00 minus an hour was the old time
    expect(await at("2026-11-27T19:00:00Z")).toBe(1); // 14:00, an hour before 15:00
    expect(heard.map((n) => n.title)).toEqual(["dentist", "dentist"]);
  });

  it("replaces the set on update, still takes reminderMinutesBefore, and clears relative ones with the due date", async () => {
    const { call, add } = await setup();
    const task = await add({ title: "gym", due: "tomorrow 7am", reminderMinutesBefore: 30 });
    expect(task.reminders).toEqual([{ id: expect.any(String), minutesBefore: 30 }]);
    const replaced = await call("PATCH", `/api/tasks/${task.id}`, { reminders: [{ minutesBefore: 10 }, { at: "2026-11-27T06:00" }] });
    expect(replaced.body.task.reminders.map((r: Task) => r.minutesBefore ?? r.at)).toEqual([10, "2026-11-27T06:00:00-05:00"]);
    const single = await call("PATCH", `/api/tasks/${task.id}`, { reminderMinutesBefore: 0 });
    expect(single.body.task.reminders.map((r: Task) => r.minutesBefore ?? r.at)).toEqual([0, "2026-11-27T06:00:00-05:00"]);
    const undated = await call("PATCH", `/api/tasks/${task.id}`, { due: null });
    expect(undated.body.task.reminders.map((r: Task) => r.minutesBefore ?? r.at)).toEqual(["2026-11-27T06:00:00-05:00"]);
    expect(undated.body.task.reminderMinutesBefore).toBeNull();
    const cleared = await call("PATCH", `/api/tasks/${task.id}`, { reminders: null });
    expect(cleared.body.task.reminders).toEqual([]);
  });

  it("refuses a sixth reminder, a past moment, a relative one without a due date and both fields at once, naming the field", async () => {
    const { call } = await setup();
    const six = Array.from({ length: 6 }, (_, i) => ({ minutesBefore: i * 5 }));
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ title: "x", due: "tomorrow", reminders: six }, /reminders: at most 5 reminders/],
      [{ title: "x", due: "tomorrow", reminders: [{ at: "2026-11-20T08:00" }] }, /reminders\[0\]\.at is in the past/],
      [{ title: "x", reminders: [{ minutesBefore: 10 }] }, /needs a due date or time/],
      [
        { title: "x", due: "tomorrow", reminders: [{ minutesBefore: 5, at: "2026-12-01T08:00" }] },
        /reminders\[0\]: each reminder needs minutesBefore .* or at/,
      ],
      [{ title: "x", due: "tomorrow", reminders: [], reminderMinutesBefore: 5 }, /not both/],
      [{ title: "x", due: "tomorrow", reminders: [{ at: "blorp" }] }, /reminders\[0\]\.at/],
    ];
    for (const [body, message] of cases) {
      const response = await call("POST", "/api/tasks", body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.message).toMatch(message);
    }
  });

  it("cancels every reminder on completion and deletion, and re-arms them on reopen and restore", async () => {
    const { call, add, at, heard } = await setup();
    const done = await add({ title: "reopened", due: "2026-11-27T10:00", reminders: [{ minutesBefore: 60 }, { minutesBefore: 0 }] });
    const gone = await add({ title: "restored", due: "2026-11-27T10:00", reminders: [{ minutesBefore: 30 }, { at: "2026-11-27T08:00" }] });
    await call("POST", `/api/tasks/${done.id}/complete`);
    await call("DELETE", `/api/tasks/${gone.id}`);
    await at("2026-11-26T16:00:00Z");
    expect(await db.prisma.reminder.count({ where: { taskId: { in: [done.id, gone.id] }, status: "pending" } })).toBe(0);

    await call("POST", `/api/tasks/${done.id}/reopen`);
    await call("POST", `/api/trash/${gone.id}/restore`);
    expect(await at("2026-11-27T13:00:00Z")).toBe(1); // restored: its 08:00 reminder
    expect(await at("2026-11-27T14:00:00Z")).toBe(1); // reopened: an hour before 10:00
    expect(await at("2026-11-27T15:00:00Z")).toBe(2); // reopened: at due time; restored: 09:30
    expect(heard.map((n) => n.title).sort()).toEqual(["reopened", "reopened", "restored", "restored"]);
  });

  it("carries relative reminders to the next occurrence, not absolute ones", async () => {
    const { call, add, t } = await setup();
    const task = await add({
      title: "water the plants",
      due: "2026-11-27T09:00",
      recurrence: "every day",
      reminders: [{ minutesBefore: 15 }, { at: "2026-11-27T07:00" }],
    });
    const completed = await call("POST", `/api/tasks/${task.id}/complete`);
    expect(completed.status).toBe(200);
    await t.backbone.relay.drain();
    const next = await db.prisma.task.findFirstOrThrow({ where: { seriesId: task.seriesId, occurrenceIndex: 2 } });
    const view = (await call("GET", `/api/tasks/${next.id}`)).body.task;
    expect(view.reminders).toEqual([{ id: expect.any(String), minutesBefore: 15 }]);
    expect(view.reminders[0].id).not.toBe(task.reminders[0].id);
    expect(await db.prisma.reminder.count({ where: { taskId: next.id, status: "pending" } })).toBe(1);
  });

  it("takes reminders from an MCP client and says them in the tool's text", async () => {
    const { t, token } = await setup();
    const server = await listen(t.app);
    const client = new Client({ name: "reminders-test", version: "1.0.0" });
    try {
      await client.connect(
        new StreamableHTTPClientTransport(new URL("/mcp", server.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
      );
      const added = await client.callTool({
        name: "add_task",
        arguments: {
          title: "pay rent",
          due: "2026-12-01T09:00",
          reminders: [{ minutesBefore: 1440 }, { minutesBefore: 0 }, { at: "Nov 30 at 8pm" }],
        },
      });
      expect(added.isError).toBeFalsy();
      const text = (added.content as Array<{ text: string }>)[0]?.text ?? "";
      expect(text).toContain("reminders: 1 day before, at due time, Mon 30 Nov, 8:00 PM");
      const task = (added.structuredContent as { task: Task }).task;
      expect(task.reminders.map((r: Task) => r.minutesBefore ?? r.at)).toEqual([1440, 0, "2026-11-30T20:00:00-05:00"]);

      const legacy = await client.callTool({ name: "update_task", arguments: { id: task.id, reminderMinutesBefore: 60 } });
      expect((legacy.structuredContent as { task: Task }).task.reminders.map((r: Task) => r.minutesBefore ?? r.at)).toEqual([
        60,
        "2026-11-30T20:00:00-05:00",
      ]);
      const tooMany = await client.callTool({
        name: "update_task",
        arguments: { id: task.id, reminders: Array.from({ length: 6 }, (_, i) => ({ minutesBefore: i })) },
      });
      expect(tooMany.isError).toBe(true);
      expect(JSON.stringify(tooMany.content)).toMatch(/at most 5 reminders/);
      const cleared = await client.callTool({ name: "update_task", arguments: { id: task.id, reminders: [] } });
      expect((cleared.structuredContent as { task: Task }).task.reminders).toEqual([]);
    } finally {
      await client.close();
      await server.close();
    }
  });
});

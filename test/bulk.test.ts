import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Database } from "@todo/db";
import { databaseTargets } from "./support/databases.ts";
import { uniqueUsername } from "./support/app.ts";
import { testBackbone } from "./support/backbone.ts";
import { listen } from "./support/http-server.ts";

type Task = Record<string, any>;

describe.each(databaseTargets())("bulk actions on $name", (target) => {
  let db: Database;

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(() => db.close());

  /** Each test has its own user and clock; events flow only when the test drains them. */
  async function setup(now = "2026-11-26T15:00:00Z") {
    const t = testBackbone(db, now); // Thursday 10:00 in New York
    const { token, userId } = await t.signup(uniqueUsername("busy"), "America/New_York");
    const call = async (method: string, path: string, body?: unknown, as = token) => {
      const response = await t.request(method, path, { token: as, body });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    };
    const events = (type: string) => db.prisma.outboxEvent.count({ where: { userId, type } });
    return { t, token, userId, call, events };
  }

  it("adds several tasks in one call, in order, with one task.created event each", async () => {
    const { call, events, userId } = await setup();
    const added = await call("POST", "/api/tasks/bulk", {
      tasks: [
        { title: "eggs", tags: ["groceries"] },
        { title: "call the plumber", due: "tomorrow 9am" },
        { title: "bins", recurrence: "every monday" },
      ],
    });
    expect(added.status).toBe(201);
    expect(added.body.tasks.map((task: Task) => task.title)).toEqual(["eggs", "call the plumber", "bins"]);
    expect(added.body.tasks[1]).toMatchObject({ dueAt: "2026-11-27T09:00:00-05:00" });
    expect(added.body.tasks[2]).toMatchObject({ recurrence: "FREQ=WEEKLY;BYDAY=MO", dueDate: "2026-11-30" });
    expect(await events("task.created")).toBe(3);
    expect(await db.prisma.task.count({ where: { userId } })).toBe(3);
  });

  it("names each bad item by index and field, and adds nothing when any item is bad", async () => {
    const { call, userId } = await setup();
    const bad = await call("POST", "/api/tasks/bulk", {
      tasks: [{ title: "fine" }, { title: "  " }, { title: "when?", due: "the twelfth of never" }, { title: "x", colour: "red" }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_input");
    expect(bad.body.error.message).toMatch(/tasks\[1\]\.title: must not be empty/);
    expect(bad.body.error.message).toMatch(/tasks\[3\]: unknown field 'colour'/);
    const phrase = await call("POST", "/api/tasks/bulk", { tasks: [{ title: "fine" }, { title: "when?", due: "the twelfth of never" }] });
    expect(phrase.status).toBe(400);
    expect(phrase.body.error.message).toMatch(/^tasks\[1\]\.due .*Nothing was added$/);
    const tooMany = await call("POST", "/api/tasks/bulk", { tasks: Array.from({ length: 26 }, (_, i) => ({ title: `t${i}` })) });
    expect(tooMany.body.error.message).toMatch(/tasks: at most 25 tasks per call/);
    expect((await call("POST", "/api/tasks/bulk", { tasks: [] })).body.error.message).toMatch(/tasks: give at least one task/);
    expect((await call("POST", "/api/tasks/bulk", {})).status).toBe(400);
    expect(await db.prisma.task.count({ where: { userId } })).toBe(0);
  });

  it("updates tasks by ids with update_task's rules, one event per changed task, and previews with dryRun", async () => {
    const { call, events } = await setup();
    const { tasks } = (
      await call("POST", "/api/tasks/bulk", {
        tasks: [
          { title: "standup", due: "today 2pm" },
          { title: "review", due: "monday 4pm", priority: "urgent" },
        ],
      })
    ).body;
    const ids = tasks.map((task: Task) => task.id);
    const preview = await call("POST", "/api/tasks/bulk/update", { ids, changes: { due: "friday", priority: "urgent" }, dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ dryRun: true, matched: 2, changed: 2 });
    expect(preview.body.results.map((r: any) => [r.task.dueAt, r.changedFields.sort()])).toEqual([
      ["2026-11-27T14:00:00-05:00", ["dueAt", "priority"]],
      ["2026-11-27T16:00:00-05:00", ["dueAt"]],
    ]);
    expect(await events("task.updated")).toBe(0);
    expect((await call("GET", `/api/tasks/${ids[0]}`)).body.task).toMatchObject({ dueAt: "2026-11-26T14:00:00-05:00", version: 1 });

    const done = await call("POST", "/api/tasks/bulk/update", { ids, changes: { due: "friday", priority: "urgent" } });
    expect(done.body).toMatchObject({ dryRun: false, matched: 2, changed: 2 });
    expect(done.body.results.map((r: any) => r.task.version)).toEqual([2, 2]);
    expect((await call("GET", `/api/tasks/${ids[0]}`)).body.task).toMatchObject({ dueAt: "2026-11-27T14:00:00-05:00", priority: "urgent" });
    expect(await events("task.updated")).toBe(2);
    const again = await call("POST", "/api/tasks/bulk/update", { ids, changes: { priority: "urgent" } });
    expect(again.body).toMatchObject({ matched: 2, changed: 0 });
    expect(await events("task.updated")).toBe(2);
  });

  it("refuses a bulk change it cannot make whole, changing nothing", async () => {
    const { call, events } = await setup();
    const { tasks } = (await call("POST", "/api/tasks/bulk", { tasks: [{ title: "a" }, { title: "b", due: "tomorrow" }] })).body;
    const ids = tasks.map((task: Task) => task.id);
    const unknown = crypto.randomUUID();
    const missing = await call("POST", "/api/tasks/bulk/update", { ids: [ids[0], unknown], changes: { priority: "high" } });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain(`ids[1] (${unknown})`);
    const cases: Array<[unknown, RegExp]> = [
      [{ ids, filter: { tags: ["x"] }, changes: { priority: "high" } }, /either ids .* or filter/],
      [{ changes: { priority: "high" } }, /either ids .* or filter/],
      [{ ids, changes: {} }, /changes: give at least one field/],
      [{ ids, changes: { priority: "extreme" } }, /changes\.priority/],
      [{ ids: ["nope"], changes: { priority: "high" } }, /ids\[0\]: must be a task id/],
      [{ filter: { dueFrom: "soon" }, changes: { priority: "high" } }, /filter\.dueFrom/],
      [{ ids, changes: { recurrence: "every blue moon" } }, /^changes\.recurrence/],
      // A reminder needs a due moment: task 'a' has none, so the whole call fails, naming it.
      [{ ids, changes: { reminderMinutesBefore: 10 } }, new RegExp(`task ${ids[0]} \\('a'\\): a reminder before the due moment .* needs a due date`)],
    ];
    for (const [body, message] of cases) {
      const answer = await call("POST", "/api/tasks/bulk/update", body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.message, JSON.stringify(body)).toMatch(message);
    }
    expect(await events("task.updated")).toBe(0);
  });

  it("updates and completes by filter, and refuses a filter that matches more than 200 tasks", async () => {
    const { t, call, events, userId } = await setup();
    await call("POST", "/api/tasks/bulk", {
      tasks: [
        { title: "milk", tags: ["groceries"], due: "yesterday" },
        { title: "bread", tags: ["groceries"], due: "today" },
        { title: "stretch", tags: ["health"], due: "yesterday", recurrence: "every day" },
        { title: "report", tags: ["work"] },
      ],
    });
    const tagged = await call("POST", "/api/tasks/bulk/update", { filter: { tags: ["groceries"] }, changes: { priority: "low" } });
    expect(tagged.body.results.map((r: any) => [r.task.title, r.task.priority])).toEqual([
      ["milk", "low"],
      ["bread", "low"],
    ]);
    const preview = await call("POST", "/api/tasks/bulk/complete", { filter: { overdue: true }, dryRun: true });
    expect(preview.body).toMatchObject({ dryRun: true, matched: 2, changed: 2 });
    expect(preview.body.results.map((r: any) => [r.task.title, r.task.status]).sort()).toEqual([
      ["milk", "done"],
      ["stretch", "done"],
    ]);
    expect(await events("task.completed")).toBe(0);
    const completed = await call("POST", "/api/tasks/bulk/complete", { filter: { overdue: true } });
    expect(completed.body).toMatchObject({ dryRun: false, matched: 2, changed: 2 });
    expect(await events("task.completed")).toBe(2);
    await t.backbone.relay.drain();
    const open = (await call("GET", "/api/tasks?sort=title")).body.tasks.map((task: Task) => [task.title, task.occurrenceIndex]);
    expect(open).toEqual([
      ["bread", 1],
      ["report", 1],
      ["stretch", 2],
    ]);
    const ids = (await call("GET", "/api/tasks?status=done")).body.tasks.map((task: Task) => task.id);
    expect((await call("POST", "/api/tasks/bulk/complete", { ids })).body).toMatchObject({ matched: 2, changed: 0 });

    const listId = (await db.prisma.taskList.findFirstOrThrow({ where: { userId, isInbox: true } })).id;
    await db.prisma.task.createMany({ data: Array.from({ length: 201 }, (_, i) => ({ userId, listId, title: `chore ${i}`, tags: ["chores"] })) });
    const tooMany = await call("POST", "/api/tasks/bulk/complete", { filter: { tags: ["chores"] } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/filter matches more than 200 tasks.*Nothing was changed/);
    expect(await db.prisma.task.count({ where: { userId, tags: { has: "chores" }, status: "done" } })).toBe(0);
  });

  it("keeps bulk changes to the caller's own tasks", async () => {
    const alice = await setup();
    const bob = await setup();
    const { tasks } = (await alice.call("POST", "/api/tasks/bulk", { tasks: [{ title: "alice's", tags: ["shared-word"] }] })).body;
    expect((await bob.call("POST", "/api/tasks/bulk/complete", { ids: [tasks[0].id] })).status).toBe(404);
    expect((await bob.call("POST", "/api/tasks/bulk/complete", { filter: { tags: ["shared-word"] } })).body).toMatchObject({ matched: 0 });
    expect((await alice.call("GET", `/api/tasks/${tasks[0].id}`)).body.task.status).toBe("open");
    expect((await alice.call("POST", "/api/tasks/bulk", { tasks: [{ title: "x" }] }, "todo_wrong")).status).toBe(401);
  });

  it("serves add_tasks, update_tasks and complete_tasks over MCP with full schemas and named errors", async () => {
    const { t, token } = await setup();
    const server = await listen(t.app);
    const client = new Client({ name: "test-client", version: "1.0.0" });
    try {
      await client.connect(
        new StreamableHTTPClientTransport(new URL("/mcp", server.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
      );
      const { tools } = await client.listTools();
      const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
      const addSchema = byName.add_tasks!.inputSchema as any;
      expect(addSchema.required).toEqual(["tasks"]);
      expect(addSchema.properties.tasks).toMatchObject({ type: "array", maxItems: 25, items: { properties: { title: { type: "string" } } } });
      expect((byName.update_tasks!.inputSchema as any).properties.filter.properties.tags.type).toBe("array");
      expect((byName.update_tasks!.inputSchema as any).properties.changes.properties).toHaveProperty("due");

      const added = await client.callTool({ name: "add_tasks", arguments: { tasks: [{ title: "one" }, { title: "two", tags: ["pair"] }] } });
      expect(added.isError).toBeFalsy();
      expect((added.structuredContent as any).tasks.map((task: Task) => task.title)).toEqual(["one", "two"]);
      const bad = await client.callTool({ name: "add_tasks", arguments: { tasks: [{ title: "ok" }, { title: "" }] } });
      expect(bad.isError).toBe(true);
      expect((bad.content as any)[0].text).toContain("tasks[1].title: must not be empty");

      const preview = await client.callTool({
        name: "update_tasks",
        arguments: { filter: { tags: ["pair"] }, changes: { priority: "high" }, dryRun: true },
      });
      expect(preview.structuredContent).toMatchObject({ dryRun: true, matched: 1, changed: 1 });
      expect((preview.content as any)[0].text).toMatch(/^Dry run: would update 1 of 1 matching task/);
      const completed = await client.callTool({
        name: "complete_tasks",
        arguments: { ids: (added.structuredContent as any).tasks.map((task: Task) => task.id) },
      });
      expect(completed.structuredContent).toMatchObject({ dryRun: false, matched: 2, changed: 2 });
      expect((completed.content as any)[0].text).toMatch(/^Completed 2 of 2 matching task/);
    } finally {
      await client.close();
      await server.close();
    }
  });
});

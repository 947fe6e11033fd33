import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Database } from "@todo/db";
import { databaseTargets } from "./support/databases.ts";
import { uniqueUsername } from "./support/app.ts";
import { testBackbone } from "./support/backbone.ts";
import { listen } from "./support/http-server.ts";

type Json = Record<string, any>;

describe.each(databaseTargets())("lists on $name", (target) => {
  let db: Database;

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(() => db.close());

  async function setup() {
    const t = testBackbone(db, "2026-11-26T15:00:00Z");
    const { token, userId } = await t.signup(uniqueUsername("lister"), "Europe/Berlin");
    const call = async (method: string, path: string, body?: unknown, as = token) => {
      const response = await t.request(method, path, { token: as, body });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    };
    const add = async (body: Json): Promise<Json> => {
      const created = await call("POST", "/api/tasks", body);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.task;
    };
    const newList = async (body: Json): Promise<Json> => {
      const created = await call("POST", "/api/lists", body);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.list;
    };
    const events = (where: Json) => db.prisma.outboxEvent.findMany({ where: { userId, ...where }, orderBy: { seq: "asc" } });
    return { t, token, userId, call, add, newList, events };
  }

  it("gives every new user an Inbox that new tasks go into, and counts open tasks per list", async () => {
    const { call, add, newList } = await setup();
    const inbox = (await call("GET", "/api/lists")).body.lists;
    expect(inbox).toEqual([{ id: expect.any(String), name: "Inbox", color: null, position: 0, isInbox: true, openCount: 0 }]);

    const work = await newList({ name: "Work", color: "#3B82F6" });
    expect(work).toMatchObject({ name: "Work", color: "#3b82f6", isInbox: false, openCount: 0 });
    const loose = await add({ title: "water plants" });
    expect(loose.list).toEqual({ id: inbox[0].id, name: "Inbox", color: null });
    const report = await add({ title: "quarterly report", list: "work" });
    expect(report.list).toEqual({ id: work.id, name: "Work", color: "#3b82f6" });
    await add({ title: "slides", list: work.id });
    const done = await add({ title: "old memo", list: "WORK" });
    await call("POST", `/api/tasks/${done.id}/complete`);

    const lists = (await call("GET", "/api/lists")).body.lists;
    expect(lists.map((l: Json) => [l.name, l.openCount])).toEqual([
      ["Inbox", 1],
      ["Work", 2],
    ]);
    const inWork = await call("GET", "/api/tasks?list=Work&status=all&sort=title");
    expect(inWork.body.tasks.map((task: Json) => task.title)).toEqual(["old memo", "quarterly report", "slides"]);
    expect((await call("GET", `/api/tasks?list=${inbox[0].id}`)).body.tasks.map((task: Json) => task.title)).toEqual(["water plants"]);
  });

  it("refuses unknown lists, duplicate names and bad colours with errors naming the field", async () => {
    const { call, add, newList } = await setup();
    await newList({ name: "Groceries" });
    const unknown = await call("POST", "/api/tasks", { title: "milk", list: "Grocery" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/^list: you have no list called 'Grocery'; your lists are 'Inbox', 'Groceries'/);
    expect((await call("GET", "/api/tasks?list=nope")).status).toBe(400);

    const duplicate = await call("POST", "/api/lists", { name: "  groceries " });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.message).toMatch(/^name: you already have a list called 'groceries'/);
    const badColour = await call("POST", "/api/lists", { name: "Home", color: "blue" });
    expect(badColour.status).toBe(400);
    expect(badColour.body.error.message).toMatch(/^color: must be a colour #rrggbb/);
    expect((await call("POST", "/api/lists", { name: "" })).body.error.message).toMatch(/^name: must not be empty/);
    expect((await call("POST", "/api/lists", { name: "x".repeat(101) })).body.error.message).toMatch(/^name: must be at most 100/);
    expect((await call("POST", "/api/lists", { name: "Home", extra: 1 })).body.error.message).toMatch(/unknown field 'extra'/);
    const bulkBad = await call("POST", "/api/tasks/bulk", { tasks: [{ title: "a" }, { title: "b", list: "Nowhere" }] });
    expect(bulkBad.status).toBe(400);
    expect(bulkBad.body.error.message).toMatch(/^tasks\[1\]\.list: you have no list called 'Nowhere'.*Nothing was added/);
    expect((await add({ title: "eggs", list: "inbox" })).list.name).toBe("Inbox");
  });

  it("renames, recolours and reorders lists with one list.updated event each; the Inbox keeps its name and cannot be deleted", async () => {
    const { call, newList, events } = await setup();
    const home = await newList({ name: "Home" });
    const garden = await newList({ name: "Garden", color: "#22c55e" });
    const renamed = await call("PATCH", `/api/lists/${home.id}`, { name: "House", color: "#ef4444", position: 10 });
    expect(renamed.body.list).toMatchObject({ name: "House", color: "#ef4444", position: 10 });
    expect((await call("PATCH", `/api/lists/${garden.id}`, { name: "house" })).status).toBe(409);
    expect((await call("PATCH", `/api/lists/${garden.id}`, { color: null })).body.list.color).toBeNull();
    expect((await call("GET", "/api/lists")).body.lists.map((l: Json) => l.name)).toEqual(["Inbox", "Garden", "House"]);

    const inbox = (await call("GET", "/api/lists")).body.lists[0];
    expect((await call("PATCH", `/api/lists/${inbox.id}`, { name: "Stuff" })).body.error.message).toMatch(/^name: the Inbox keeps its name/);
    expect((await call("PATCH", `/api/lists/${inbox.id}`, { color: "#000000" })).status).toBe(200);
    expect((await call("DELETE", `/api/lists/${inbox.id}?tasks=inbox`)).body.error.message).toMatch(/the Inbox cannot be deleted/);
    expect((await call("DELETE", `/api/lists/${home.id}`)).body.error.message).toMatch(/^tasks: must be 'trash'.*or 'inbox'/);
    expect((await call("PATCH", `/api/lists/${crypto.randomUUID()}`, { name: "x" })).status).toBe(404);

    const updated = await events({ aggregateId: home.id });
    expect(updated.map((e) => e.type)).toEqual(["list.created", "list.updated"]);
    expect(updated[1]?.payload).toMatchObject({ list: { name: "House" }, changedFields: ["name", "color", "position"] });
  });

  it("moves a task between lists, with listId in the task.updated event", async () => {
    const { call, add, newList, events } = await setup();
    const work = await newList({ name: "Work" });
    const task = await add({ title: "call the bank" });
    const moved = await call("PATCH", `/api/tasks/${task.id}`, { list: "Work" });
    expect(moved.body.task.list).toMatchObject({ id: work.id, name: "Work" });
    const [created, updated] = await events({ aggregateId: task.id });
    expect(created?.payload).toMatchObject({ listId: task.list.id, task: { list: { name: "Inbox" } } });
    expect(updated?.payload).toMatchObject({ listId: work.id, changedFields: ["listId"] });
    const bulk = await call("POST", "/api/tasks/bulk/update", { filter: { list: "Work" }, changes: { list: "Inbox" } });
    expect(bulk.body).toMatchObject({ matched: 1, changed: 1 });
    expect((await call("GET", `/api/tasks/${task.id}`)).body.task.list.name).toBe("Inbox");
  });

  it("deletes a list moving its tasks to the Inbox, those in the trash too", async () => {
    const { call, add, newList, events } = await setup();
    const errands = await newList({ name: "Errands" });
    const a = await add({ title: "post office", list: "Errands" });
    const b = await add({ title: "pharmacy", list: "Errands" });
    await call("DELETE", `/api/tasks/${b.id}`);
    const deleted = await call("DELETE", `/api/lists/${errands.id}?tasks=inbox`);
    expect(deleted.body).toEqual({ movedToInbox: 1 });
    expect((await call("GET", "/api/lists")).body.lists.map((l: Json) => [l.name, l.openCount])).toEqual([["Inbox", 1]]);
    expect((await call("GET", `/api/tasks/${a.id}`)).body.task.list.name).toBe("Inbox");
    expect((await call("POST", `/api/trash/${b.id}/restore`)).body.task.list.name).toBe("Inbox");
    expect((await events({ aggregateId: errands.id })).map((e) => [e.type, (e.payload as Json).tasks ?? null])).toEqual([
      ["list.created", null],
      ["list.deleted", "inbox"],
    ]);
    expect((await events({ aggregateId: a.id, type: "task.updated" }))[0]?.payload).toMatchObject({ changedFields: ["listId"] });
  });

  it("deletes a list with its tasks into the trash; restoring one brings the list back, and the others follow into it", async () => {
    const { call, add, newList, events } = await setup();
    const trip = await newList({ name: "Trip", color: "#f59e0b" });
    const passport = await add({ title: "renew passport", list: "Trip" });
    const tickets = await add({ title: "book tickets", list: "Trip" });
    const deleted = await call("DELETE", `/api/lists/${trip.id}?tasks=trash`);
    expect(deleted.body).toEqual({ trashed: 2 });
    expect((await call("GET", "/api/lists")).body.lists.map((l: Json) => l.name)).toEqual(["Inbox"]);
    expect((await call("GET", "/api/trash")).body.tasks.map((task: Json) => [task.title, task.list.name]).sort()).toEqual([
      ["book tickets", "Trip"],
      ["renew passport", "Trip"],
    ]);
    expect(await events({ type: "task.deleted" })).toHaveLength(2);

    const restored = await call("POST", `/api/trash/${passport.id}/restore`);
    expect(restored.body.task.list).toEqual({ id: trip.id, name: "Trip", color: "#f59e0b" });
    expect((await call("GET", "/api/lists")).body.lists.map((l: Json) => [l.name, l.openCount])).toEqual([
      ["Inbox", 0],
      ["Trip", 1],
    ]);
    expect((await call("POST", `/api/trash/${tickets.id}/restore`)).body.task.list.id).toBe(trip.id);
    expect((await events({ aggregateId: trip.id })).map((e) => e.type)).toEqual(["list.created", "list.deleted", "list.created"]);
  });

  it("restores a task of a deleted list into a list of the same name made since, and purges the deleted list with its last task", async () => {
    const { call, add, newList } = await setup();
    const old = await newList({ name: "Books" });
    const task = await add({ title: "read Dune", list: "Books" });
    await call("DELETE", `/api/lists/${old.id}?tasks=trash`);
    const fresh = await newList({ name: "books" });
    expect((await call("POST", `/api/trash/${task.id}/restore`)).body.task.list).toMatchObject({ id: fresh.id, name: "books" });

    const gone = await newList({ name: "Gone" });
    const other = await add({ title: "forgotten", list: "Gone" });
    await call("DELETE", `/api/lists/${gone.id}?tasks=trash`);
    expect(await db.prisma.taskList.count({ where: { id: gone.id } })).toBe(1);
    expect((await call("DELETE", "/api/trash")).body.purged).toBeGreaterThanOrEqual(1);
    expect(await db.prisma.taskList.count({ where: { id: gone.id } })).toBe(0);
    expect(await db.prisma.task.count({ where: { id: other.id } })).toBe(0);
  });

  it("keeps each user's lists to themselves", async () => {
    const alice = await setup();
    const bob = await setup();
    const secret = await alice.newList({ name: "Secret" });
    expect((await bob.call("GET", "/api/lists")).body.lists.map((l: Json) => l.name)).toEqual(["Inbox"]);
    expect((await bob.call("PATCH", `/api/lists/${secret.id}`, { name: "Mine" })).status).toBe(404);
    expect((await bob.call("DELETE", `/api/lists/${secret.id}?tasks=trash`)).status).toBe(404);
    expect((await bob.call("POST", "/api/tasks", { title: "sneak", list: secret.id })).status).toBe(400);
    expect((await bob.call("GET", `/api/tasks?list=${secret.id}`)).status).toBe(400);
  });

  it("serves list_lists, add_list, update_list, delete_list and the list field of the task tools over MCP", async () => {
    const { t, token } = await setup();
    const server = await listen(t.app);
    const client = new Client({ name: "test-client", version: "1.0.0" });
    try {
      await client.connect(
        new StreamableHTTPClientTransport(new URL("/mcp", server.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
      );
      const { tools } = await client.listTools();
      expect(tools.find((tool) => tool.name === "delete_list")?.annotations).toMatchObject({ destructiveHint: true });
      expect(tools.find((tool) => tool.name === "add_task")?.inputSchema.properties).toHaveProperty("list");
      expect(tools.find((tool) => tool.name === "list_tasks")?.inputSchema.properties).toHaveProperty("list");

      const added = await client.callTool({ name: "add_list", arguments: { name: "Home", color: "#10b981" } });
      const home = (added.structuredContent as Json).list;
      expect((added.content as any)[0].text).toMatch(/^Added the list 'Home' \(0 open, #10b981\)/);
      const task = await client.callTool({ name: "add_task", arguments: { title: "fix the sink", list: "home" } });
      expect((task.structuredContent as Json).task.list.name).toBe("Home");
      expect((task.content as any)[0].text).toContain("in Home");
      await client.callTool({ name: "add_tasks", arguments: { tasks: [{ title: "paint fence", list: "Home" }, { title: "inbox thing" }] } });
      const listed = await client.callTool({ name: "list_tasks", arguments: { list: "Home", sort: "title" } });
      expect((listed.structuredContent as Json).tasks.map((x: Json) => x.title)).toEqual(["fix the sink", "paint fence"]);

      const lists = await client.callTool({ name: "list_lists", arguments: {} });
      expect((lists.structuredContent as Json).lists.map((l: Json) => [l.name, l.openCount])).toEqual([
        ["Inbox", 1],
        ["Home", 2],
      ]);
      const renamed = await client.callTool({ name: "update_list", arguments: { id: home.id, name: "House" } });
      expect((renamed.structuredContent as Json).list.name).toBe("House");
      const moved = await client.callTool({
        name: "update_task",
        arguments: { id: (task.structuredContent as Json).task.id, list: "Inbox" },
      });
      expect((moved.structuredContent as Json).task.list.name).toBe("Inbox");

      const unknown = await client.callTool({ name: "add_task", arguments: { title: "x", list: "Nowhere" } });
      expect(unknown.isError).toBe(true);
      expect((unknown._meta as any)["todo-chatbot/error"]).toMatchObject({ code: "invalid_input", message: expect.stringMatching(/^list: /) });
      const noChoice = await client.callTool({ name: "delete_list", arguments: { id: home.id } });
      expect(noChoice.isError).toBe(true);

      const deleted = await client.callTool({ name: "delete_list", arguments: { id: home.id, tasks: "trash" } });
      expect(deleted.structuredContent).toEqual({ trashed: 1 });
      expect((deleted.content as any)[0].text).toMatch(/in the trash/);
    } finally {
      await client.close();
      await server.close();
    }
  });
});

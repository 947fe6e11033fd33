import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Database } from "@todo/db";
import { TrashPurger } from "@todo/mcp-server";
import { databaseTargets } from "./support/databases.ts";
import { silentLogger, uniqueUsername } from "./support/app.ts";
import { testBackbone } from "./support/backbone.ts";
import { mountGateway } from "./support/gateway.ts";
import { listen } from "./support/http-server.ts";

type Task = Record<string, any>;

describe.each(databaseTargets())("the trash on $name", (target) => {
  let db: Database;

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(() => db.close());

  /** Each test has its own user, clock and backbone (events flow only when the test drains them). */
  async function setup(now = "2026-11-26T15:00:00Z", options: { chat?: boolean } = {}) {
    const t = testBackbone(db, now);
    if (options.chat) mountGateway(db, t);
    const { token, userId } = await t.signup(uniqueUsername("tidy"), "America/New_York");
    const call = async (method: string, path: string, body?: unknown, as = token) => {
      const response = await t.request(method, path, { token: as, body });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    };
    const add = async (body: Record<string, unknown>): Promise<Task> => {
      const created = await call("POST", "/api/tasks", body);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.task;
    };
    const trash = async (id: string) => {
      const deleted = await call("DELETE", `/api/tasks/${id}`);
      expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
      return deleted.body as { task: Task; restorable: true };
    };
    const at = async (iso: string) => {
      t.clock.set(iso);
      await t.backbone.relay.drain();
      return t.backbone.scheduler.tick();
    };
    return { t, token, userId, call, add, trash, at };
  }

  it("moves a deleted task to the trash, where nothing but the trash routes can see or change it", async () => {
    const { call, add, trash } = await setup();
    const task = await add({ title: "water the ferns", due: "tomorrow 9am", tags: ["home"] });
    const deleted = await trash(task.id);
    expect(deleted).toEqual({ task: expect.objectContaining({ id: task.id, title: "water the ferns" }), restorable: true });
    expect(deleted.task).not.toHaveProperty("deletedAt");

    for (const [method, path, body] of [
      ["GET", `/api/tasks/${task.id}`, undefined],
      ["PATCH", `/api/tasks/${task.id}`, { title: "renamed" }],
      ["POST", `/api/tasks/${task.id}/complete`, undefined],
      ["POST", `/api/tasks/${task.id}/reopen`, undefined],
      ["DELETE", `/api/tasks/${task.id}`, undefined],
    ] as const) {
      const answer = await call(method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body.error.code).toBe("not_found");
    }
    for (const query of ["status=all", "search=ferns&status=all", "tags=home", "dueFrom=2026-11-27&dueTo=2026-11-27"]) {
      expect((await call("GET", `/api/tasks?${query}`)).body.tasks, query).toEqual([]);
    }
    const listed = await call("GET", "/api/trash");
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ nextCursor: null, retentionDays: 30 });
    expect(listed.body.tasks).toEqual([
      expect.objectContaining({ id: task.id, title: "water the ferns", deletedAt: "2026-11-26T10:00:00-05:00", version: 2 }),
    ]);
    expect(await db.prisma.outboxEvent.count({ where: { aggregateId: task.id, type: "task.deleted" } })).toBe(1);
  });

  it("restores a task with its id, series, reminder and history, emitting task.restored; a second restore changes nothing", async () => {
    const { call, add, trash } = await setup();
    const task = await add({ title: "gym", due: "tomorrow 7am", recurrence: "every weekday", reminderMinutesBefore: 15, priority: "high" });
    await call("PATCH", `/api/tasks/${task.id}`, { description: "legs day" });
    await trash(task.id);
    const restored = await call("POST", `/api/trash/${task.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.task).toMatchObject({
      id: task.id,
      title: "gym",
      description: "legs day",
      dueAt: task.dueAt,
      recurrence: task.recurrence,
      seriesId: task.seriesId,
      occurrenceIndex: 1,
      reminderMinutesBefore: 15,
      priority: "high",
      createdAt: task.createdAt,
      version: 4,
    });
    expect(restored.body.task).not.toHaveProperty("deletedAt");
    expect((await call("GET", `/api/tasks/${task.id}`)).body.task.title).toBe("gym");
    expect((await call("GET", "/api/trash")).body.tasks).toEqual([]);

    const again = await call("POST", `/api/trash/${task.id}/restore`);
    expect(again.status).toBe(200);
    expect(again.body.task.version).toBe(4);
    const events = await db.prisma.outboxEvent.findMany({ where: { aggregateId: task.id }, orderBy: { seq: "asc" } });
    expect(events.map((event) => event.type)).toEqual(["task.created", "task.updated", "task.deleted", "task.restored"]);
    expect((events[3]!.payload as any).task).toMatchObject({ id: task.id, version: 4, status: "open" });

    const unknown = await call("POST", `/api/trash/${crypto.randomUUID()}/restore`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/in the trash/);
    expect((await call("POST", "/api/trash/not-an-id/restore")).body.error).toMatchObject({ code: "invalid_input", message: /id/ });
  });

  it("deletes one task forever, empties the trash, and refuses to delete forever a task that is not in the trash", async () => {
    const { userId, call, add, trash } = await setup();
    const [a, b, c, kept] = await Promise.all(["a", "b", "c", "kept"].map((title) => add({ title })));
    for (const task of [a!, b!, c!]) await trash(task.id);

    expect((await call("DELETE", `/api/trash/${a!.id}`)).status).toBe(204);
    expect((await call("POST", `/api/trash/${a!.id}/restore`)).status).toBe(404);
    expect((await call("DELETE", `/api/trash/${a!.id}`)).status).toBe(404);
    const live = await call("DELETE", `/api/trash/${kept!.id}`);
    expect(live.status).toBe(409);
    expect(live.body.error.message).toMatch(/not in the trash; delete it first/);

    expect((await call("DELETE", "/api/trash")).body).toEqual({ purged: 2 });
    expect((await call("DELETE", "/api/trash")).body).toEqual({ purged: 0 });
    expect(await db.prisma.task.findMany({ where: { userId }, select: { title: true } })).toEqual([{ title: "kept" }]);
  });

  it("pages the trash, most recently deleted first, and refuses a made-up cursor or limit", async () => {
    const { t, call, add, trash } = await setup();
    const tasks = [];
    for (let i = 0; i < 5; i++) tasks.push(await add({ title: `old ${i}` }));
    for (const [i, task] of tasks.entries()) {
      t.clock.set(`2026-11-26T15:0${i}:00Z`);
      await trash(task.id);
    }
    const first = await call("GET", "/api/trash?limit=2");
    expect(first.body.tasks.map((task: Task) => task.title)).toEqual(["old 4", "old 3"]);
    const second = await call("GET", `/api/trash?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.tasks.map((task: Task) => task.title)).toEqual(["old 2", "old 1"]);
    const third = await call("GET", `/api/trash?limit=2&cursor=${second.body.nextCursor}`);
    expect(third.body).toMatchObject({ tasks: [expect.objectContaining({ title: "old 0" })], nextCursor: null });

    for (const query of ["cursor=garbage", "limit=0", "limit=101", "colour=red"]) {
      const answer = await call("GET", `/api/trash?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.message, query).toMatch(/cursor|limit|colour/);
    }
  });

  it("keeps each user's trash to themselves", async () => {
    const { call, add, trash } = await setup();
    const other = await setup();
    const task = await add({ title: "private" });
    await trash(task.id);
    expect((await other.call("GET", "/api/trash")).body.tasks).toEqual([]);
    expect((await other.call("POST", `/api/trash/${task.id}/restore`)).status).toBe(404);
    expect((await other.call("DELETE", `/api/trash/${task.id}`)).status).toBe(404);
    expect((await other.call("DELETE", "/api/trash")).body).toEqual({ purged: 0 });
    expect((await call("GET", "/api/trash")).body.tasks).toHaveLength(1);
    expect((await call("GET", "/api/trash", undefined, "todo_not-a-token")).status).toBe(401);
  });

  it("purges what has been in the trash longer than the retention period, and nothing newer", async () => {
    const { t, call, add, trash } = await setup("2027-03-01T12:00:00Z");
    const old = await add({ title: "old news" });
    const recent = await add({ title: "recent" });
    await trash(old.id);
    t.clock.set("2027-03-20T12:00:00Z");
    await trash(recent.id);
    const purger = new TrashPurger({ store: t.store, clock: t.clock, logger: silentLogger, retentionDays: 30 });

    t.clock.set("2027-03-31T11:59:00Z"); // 29 days 23:59 after the first deletion
    await purger.runOnce();
    expect((await call("GET", "/api/trash")).body.tasks.map((task: Task) => task.title)).toEqual(["recent", "old news"]);
    t.clock.set("2027-03-31T12:01:00Z");
    expect(await purger.runOnce()).toBeGreaterThanOrEqual(1);
    expect((await call("GET", "/api/trash")).body.tasks.map((task: Task) => task.title)).toEqual(["recent"]);
    expect(await db.prisma.task.findUnique({ where: { id: old.id } })).toBeNull();
    expect((await call("POST", `/api/trash/${old.id}/restore`)).status).toBe(404);
  });

  it("never fires a trashed task's reminder, and arms it again when the task is restored", async () => {
    const { call, add, trash, at, t, userId } = await setup("2026-11-28T10:00:00Z");
    const heard: string[] = [];
    t.backbone.hub.subscribe(userId, (notification) => {
      if (notification.kind === "reminder") heard.push(notification.title);
    });
    const gone = await add({ title: "stays deleted", due: "2026-11-28T12:00:00Z", reminderMinutesBefore: 0 });
    const back = await add({ title: "comes back", due: "2026-11-28T14:00:00Z", reminderMinutesBefore: 0 });
    await trash(gone.id);
    await trash(back.id);
    expect(await at("2026-11-28T10:01:00Z")).toBe(0);
    expect(await db.prisma.reminder.count({ where: { taskId: { in: [gone.id, back.id] }, status: "pending" } })).toBe(0);
    await call("POST", `/api/trash/${back.id}/restore`);
    expect(await at("2026-11-28T12:00:00Z")).toBe(0);
    expect(await at("2026-11-28T14:00:00Z")).toBe(1);
    expect(heard).toEqual(["comes back"]);
  });

  it("ends a series when its open occurrence is deleted, and restoring it lets the series go on", async () => {
    const { call, add, trash, at } = await setup("2026-11-26T15:00:00Z");
    const first = await add({ title: "stretch", dueDate: "2026-11-26", recurrence: "every day" });
    await call("POST", `/api/tasks/${first.id}/complete`);
    await at("2026-11-26T15:01:00Z");
    const open = async () => (await call("GET", "/api/tasks?search=stretch")).body.tasks as Task[];
    const [second] = await open();
    expect(second).toMatchObject({ seriesId: first.seriesId, occurrenceIndex: 2, dueDate: "2026-11-27" });

    await trash(second!.id);
    await at("2026-11-26T15:02:00Z");
    expect(await open()).toEqual([]);
    await call("POST", `/api/trash/${second!.id}/restore`);
    await at("2026-11-26T15:03:00Z");
    expect(await open()).toEqual([expect.objectContaining({ id: second!.id, occurrenceIndex: 2 })]);
    await call("POST", `/api/tasks/${second!.id}/complete`);
    await at("2026-11-26T15:04:00Z");
    expect(await open()).toEqual([expect.objectContaining({ seriesId: first.seriesId, occurrenceIndex: 3, dueDate: "2026-11-28" })]);
  });

  it("keeps reopen's behaviour: the occurrence a completion made is removed for good, and one in the trash is made again", async () => {
    const { call, add, trash, at } = await setup("2026-11-26T15:00:00Z");
    const first = await add({ title: "read", dueDate: "2026-11-26", recurrence: "every day" });
    await call("POST", `/api/tasks/${first.id}/complete`);
    await at("2026-11-26T15:01:00Z");
    const reopened = await call("POST", `/api/tasks/${first.id}/reopen`);
    expect(reopened.body.nextOccurrence).toMatchObject({ removed: true });
    expect((await call("GET", "/api/trash")).body.tasks).toEqual([]);

    await call("POST", `/api/tasks/${first.id}/complete`);
    await at("2026-11-26T15:02:00Z");
    const [second] = (await call("GET", "/api/tasks?search=read")).body.tasks as Task[];
    await trash(second!.id);
    expect((await call("POST", `/api/tasks/${first.id}/reopen`)).body.nextOccurrence).toBeUndefined();
    await call("POST", `/api/tasks/${first.id}/complete`);
    await at("2026-11-26T15:03:00Z");
    const [remade] = (await call("GET", "/api/tasks?search=read")).body.tasks as Task[];
    expect(remade).toMatchObject({ occurrenceIndex: 2, dueDate: "2026-11-27" });
    expect(remade!.id).not.toBe(second!.id);
    expect((await call("GET", "/api/trash")).body.tasks).toEqual([]);
  });

  it("hides a trashed task from the chat", async () => {
    const { call, add, trash } = await setup(undefined, { chat: true });
    const task = await add({ title: "renew the passport" });
    await trash(task.id);
    const chat = await call("POST", "/api/chat", { message: "mark renew the passport as done" });
    expect(chat.status).toBe(200);
    expect(chat.body.actions.filter((action: any) => action.tool === "complete_task")).toEqual([]);
    expect((await call("GET", "/api/trash")).body.tasks).toEqual([expect.objectContaining({ id: task.id, status: "open" })]);
  });

  it("says over MCP that a deleted task can be restored, and restores it with restore_task", async () => {
    const { t, token, add } = await setup();
    const server = await listen(t.app);
    const client = new Client({ name: "test-client", version: "1.0.0" });
    try {
      await client.connect(
        new StreamableHTTPClientTransport(new URL("/mcp", server.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
      );
      const { tools } = await client.listTools();
      expect(tools.find((tool) => tool.name === "restore_task")?.annotations).toMatchObject({ idempotentHint: true, destructiveHint: false });
      const task = await add({ title: "file taxes" });
      const deleted = await client.callTool({ name: "delete_task", arguments: { id: task.id } });
      expect(deleted.structuredContent).toEqual({ task: expect.objectContaining({ id: task.id }), restorable: true });
      expect((deleted.content as any)[0].text).toContain(`restore_task with id ${task.id}`);
      expect((await client.callTool({ name: "get_task", arguments: { id: task.id } })).isError).toBe(true);

      const restored = await client.callTool({ name: "restore_task", arguments: { id: task.id } });
      expect(restored.isError).toBeFalsy();
      expect((restored.structuredContent as any).task).toMatchObject({ id: task.id, title: "file taxes", status: "open" });
      expect((restored.content as any)[0].text).toMatch(/^Restored/);
      expect((await client.callTool({ name: "get_task", arguments: { id: task.id } })).isError).toBeFalsy();

      const missing = await client.callTool({ name: "restore_task", arguments: { id: crypto.randomUUID() } });
      expect(missing.isError).toBe(true);
      expect((missing._meta as any)["todo-chatbot/error"].code).toBe("not_found");
      const bad = await client.callTool({ name: "restore_task", arguments: { id: "42" } });
      expect(bad.isError).toBe(true);
      expect((bad.content as any)[0].text).toContain("id");
    } finally {
      await client.close();
      await server.close();
    }
  });
});

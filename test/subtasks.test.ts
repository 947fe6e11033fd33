import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Database } from "@todo/db";
import { createApp } from "@todo/mcp-server";
import { continueSeriesViaDapr, recurrenceHandler } from "@todo/recurrence";
import { TaskCloudEvent } from "@todo/services";
import { databaseTargets } from "./support/databases.ts";
import { silentLogger, uniqueUsername } from "./support/app.ts";
import { testBackbone } from "./support/backbone.ts";
import { listen } from "./support/http-server.ts";

type Task = Record<string, any>;
const INTERNAL_TOKEN = "internal-secret-subtasks-1234";

describe.each(databaseTargets())("subtasks on $name", (target) => {
  let db: Database;

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(() => db.close());

  /** Each test has its own user, clock and backbone (events flow only when the test drains them). */
  async function setup(now = "2026-11-26T15:00:00Z") {
    const t = testBackbone(db, now);
    const { token, userId } = await t.signup(uniqueUsername("nest"), "America/New_York");
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
    const get = async (id: string) => (await call("GET", `/api/tasks/${id}`)).body as { task: Task; subtasks: Task[] };
    const events = async (taskId: string) =>
      (await db.prisma.outboxEvent.findMany({ where: { aggregateId: taskId }, orderBy: { seq: "asc" } })).map((row) => ({
        type: row.type,
        parentId: (row.payload as any).task.parentId,
      }));
    return { t, token, userId, call, add, get, events };
  }

  it("adds subtasks in order under a parent, shows them with it, and counts them in lists", async () => {
    const { call, add, get, events } = await setup();
    const trip = await add({ title: "trip planning", dueDate: "2026-12-20" });
    expect(trip).toMatchObject({ parentId: null, subtaskCount: { total: 0, done: 0 } });
    const flights = await add({ title: "book flights", parentId: trip.id, due: "friday 9am", priority: "high" });
    const hotel = await add({ title: "book hotel", parentId: trip.id });
    expect(flights).toMatchObject({ parentId: trip.id, position: 0, priority: "high", dueAt: "2026-11-27T09:00:00-05:00" });
    expect(hotel).toMatchObject({ parentId: trip.id, position: 1 });

    const shown = await get(trip.id);
    expect(shown.task.subtaskCount).toEqual({ total: 2, done: 0 });
    expect(shown.subtasks.map((s) => s.title)).toEqual(["book flights", "book hotel"]);
    expect((await get(flights.id)).subtasks).toEqual([]);

    // Lists: every task, subtasks included (each with its parentId), so a subtask due soon is seen.
    const listed = (await call("GET", "/api/tasks?sort=title")).body.tasks as Task[];
    expect(listed.map((task) => [task.title, task.parentId, task.subtaskCount.total])).toEqual([
      ["book flights", trip.id, 0],
      ["book hotel", trip.id, 0],
      ["trip planning", null, 2],
    ]);
    // Events carry the parent.
    expect(await events(flights.id)).toEqual([{ type: "task.created", parentId: trip.id }]);
    expect(await events(trip.id)).toEqual([{ type: "task.created", parentId: null }]);

    // A subtask is a task in its own right: completing it counts on the parent.
    expect((await call("POST", `/api/tasks/${hotel.id}/complete`)).status).toBe(200);
    expect((await get(trip.id)).task.subtaskCount).toEqual({ total: 2, done: 1 });
  });

  it("refuses a subtask of a subtask, a repeating subtask, and a parent that is not there or not yours", async () => {
    const { t, call, add } = await setup();
    const trip = await add({ title: "trip planning" });
    const flights = await add({ title: "book flights", parentId: trip.id });

    const nested = await call("POST", "/api/tasks", { title: "compare prices", parentId: flights.id });
    expect(nested.status).toBe(400);
    expect(nested.body.error.message).toMatch(/^parentId: 'book flights' is itself a subtask, and subtasks go one level deep/);
    const repeating = await call("POST", "/api/tasks", { title: "check prices", parentId: trip.id, recurrence: "every day" });
    expect(repeating.status).toBe(400);
    expect(repeating.body.error.message).toMatch(/^recurrence: a subtask cannot repeat/);
    const changed = await call("PATCH", `/api/tasks/${flights.id}`, { recurrence: "every day" });
    expect(changed.status).toBe(400);
    expect(changed.body.error.message).toMatch(/^recurrence: /);
    const missing = await call("POST", "/api/tasks", { title: "x", parentId: randomUUID() });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(/^parentId: no task with id/);
    const bad = await call("POST", "/api/tasks", { title: "x", parentId: "trip" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^parentId: must be the id/);

    const other = await t.signup(uniqueUsername("other"), "UTC");
    const foreign = await call("POST", "/api/tasks", { title: "sneak in", parentId: trip.id }, other.token);
    expect(foreign.status).toBe(404);
    expect((await call("GET", `/api/tasks/${trip.id}`)).body.subtasks).toHaveLength(1);
  });

  it("refuses to complete a parent with open subtasks unless told to complete them too", async () => {
    const { call, add, get, events } = await setup();
    const trip = await add({ title: "trip planning" });
    const flights = await add({ title: "book flights", parentId: trip.id });
    const hotel = await add({ title: "book hotel", parentId: trip.id });
    const visa = await add({ title: "visa", parentId: trip.id });
    await call("POST", `/api/tasks/${visa.id}/complete`);

    const refused = await call("POST", `/api/tasks/${trip.id}/complete`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toEqual({
      code: "open_subtasks",
      message: `'trip planning' has 2 open subtasks; complete them first, or complete the task with subtasks: "complete" to complete them too`,
    });
    expect((await get(trip.id)).task.status).toBe("open");
    const wrong = await call("POST", `/api/tasks/${trip.id}/complete`, { subtasks: "yes" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/^subtasks: must be "complete"/);

    const done = await call("POST", `/api/tasks/${trip.id}/complete`, { subtasks: "complete" });
    expect(done.status).toBe(200);
    expect(done.body.task).toMatchObject({ status: "done", subtaskCount: { total: 3, done: 3 } });
    expect(done.body.completedSubtasks.map((s: Task) => [s.title, s.status])).toEqual([
      ["book flights", "done"],
      ["book hotel", "done"],
    ]);
    expect((await get(trip.id)).subtasks.every((s) => s.status === "done")).toBe(true);
    expect(await events(flights.id)).toEqual([
      { type: "task.created", parentId: trip.id },
      { type: "task.completed", parentId: trip.id },
    ]);
    expect((await events(hotel.id)).map((e) => e.type)).toEqual(["task.created", "task.completed"]);
    expect((await events(visa.id)).map((e) => e.type)).toEqual(["task.created", "task.completed"]);
  });

  it("reorders subtasks, moving the others to make room, and refuses a position on a top-level task", async () => {
    const { call, add, get, events } = await setup();
    const trip = await add({ title: "trip planning" });
    const [a, b, c] = [
      await add({ title: "a", parentId: trip.id }),
      await add({ title: "b", parentId: trip.id }),
      await add({ title: "c", parentId: trip.id }),
    ];
    const moved = await call("PATCH", `/api/tasks/${c.id}`, { position: 0 });
    expect(moved.status).toBe(200);
    expect(moved.body.task).toMatchObject({ position: 0, version: 2 });
    expect((await get(trip.id)).subtasks.map((s) => [s.title, s.position])).toEqual([
      ["c", 0],
      ["a", 1],
      ["b", 2],
    ]);
    expect((await events(c.id)).map((e) => e.type)).toEqual(["task.created", "task.updated"]);
    // Past the end is last; a title change rides along.
    await call("PATCH", `/api/tasks/${a.id}`, { position: 50, title: "a!" });
    expect((await get(trip.id)).subtasks.map((s) => s.title)).toEqual(["c", "b", "a!"]);
    // Same place: nothing changes, no event.
    await call("PATCH", `/api/tasks/${b.id}`, { position: 1 });
    expect((await events(b.id)).map((e) => e.type)).toEqual(["task.created"]);

    const top = await call("PATCH", `/api/tasks/${trip.id}`, { position: 1 });
    expect(top.status).toBe(400);
    expect(top.body.error.message).toMatch(/^position: only a subtask has a position/);
    const stale = await call("PATCH", `/api/tasks/${b.id}`, { position: 0, version: 1 });
    expect(stale.status).toBe(200);
    const conflict = await call("PATCH", `/api/tasks/${b.id}`, { position: 2, version: 1 });
    expect(conflict.status).toBe(409);
  });

  it("takes the subtasks to the trash with their parent and brings them back with it", async () => {
    const { t, call, add, get, events } = await setup();
    const trip = await add({ title: "trip planning" });
    const flights = await add({ title: "book flights", parentId: trip.id });
    const hotel = await add({ title: "book hotel", parentId: trip.id });
    const dropped = await add({ title: "rent a car", parentId: trip.id });
    // Deleted on its own first: it stays in the trash when the parent comes back.
    expect((await call("DELETE", `/api/tasks/${dropped.id}`)).status).toBe(200);

    t.clock.set("2026-11-26T15:05:00Z");
    const deleted = await call("DELETE", `/api/tasks/${trip.id}`);
    expect(deleted.status).toBe(200);
    expect((await call("GET", "/api/tasks?status=all")).body.tasks).toEqual([]);
    const trash = (await call("GET", "/api/trash")).body.tasks as Task[];
    expect(trash.map((task) => task.title).sort()).toEqual(["book flights", "book hotel", "rent a car", "trip planning"]);
    expect((await events(flights.id)).map((e) => e.type)).toEqual(["task.created", "task.deleted"]);

    // Restoring a subtask whose parent is in the trash brings the parent (and its family) back.
    const restored = await call("POST", `/api/trash/${hotel.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.task).toMatchObject({ id: hotel.id, parentId: trip.id });
    const back = await get(trip.id);
    expect(back.task.subtaskCount).toEqual({ total: 2, done: 0 });
    expect(back.subtasks.map((s) => s.title)).toEqual(["book flights", "book hotel"]);
    expect((await events(flights.id)).map((e) => e.type)).toEqual(["task.created", "task.deleted", "task.restored"]);
    expect((await call("GET", "/api/trash")).body.tasks.map((task: Task) => task.title)).toEqual(["rent a car"]);

    // Deleting the parent forever deletes its subtasks forever.
    await call("DELETE", `/api/tasks/${trip.id}`);
    expect((await call("DELETE", `/api/trash/${trip.id}`)).status).toBe(204);
    expect(await db.prisma.task.count({ where: { id: { in: [trip.id, flights.id, hotel.id] } } })).toBe(0);
  });

  it("carries a repeating parent's subtasks, reopened, to its next occurrence when the worker continues the series", async () => {
    const { t, call, add, get } = await setup();
    const review = await add({ title: "weekly review", due: "friday 4pm", recurrence: "every friday" });
    await add({ title: "inbox zero", parentId: review.id });
    await add({ title: "plan next week", parentId: review.id, due: "friday 3pm" });
    const done = await call("POST", `/api/tasks/${review.id}/complete`, { subtasks: "complete" });
    expect(done.body.next).toEqual({ dueAt: "2026-12-04T16:00:00-05:00", dueDate: null });
    await t.backbone.relay.drain();

    const open = (await call("GET", "/api/tasks")).body.tasks as Task[];
    const next = open.find((task) => task.title === "weekly review");
    expect(next).toMatchObject({ occurrenceIndex: 2, dueAt: "2026-12-04T16:00:00-05:00", subtaskCount: { total: 2, done: 0 } });
    const shown = await get(next!.id);
    expect(shown.subtasks.map((s) => [s.title, s.status, s.dueAt, s.position])).toEqual([
      ["inbox zero", "open", null, 0],
      ["plan next week", "open", "2026-12-04T15:00:00-05:00", 1],
    ]);
    // The completed occurrence keeps its own, done.
    expect((await get(review.id)).subtasks.every((s) => s.status === "done")).toBe(true);

    // Reopening the completed one removes the untouched next occurrence with its subtasks.
    const reopened = await call("POST", `/api/tasks/${review.id}/reopen`);
    expect(reopened.body.nextOccurrence).toMatchObject({ removed: true });
    expect(await db.prisma.task.count({ where: { parentId: next!.id } })).toBe(0);
  });

  it("keeps the next occurrence when one of its carried subtasks was ticked off before the reopen", async () => {
    const { t, call, add, get } = await setup();
    const review = await add({ title: "weekly review", due: "friday 4pm", recurrence: "every friday" });
    await add({ title: "inbox zero", parentId: review.id });
    await call("POST", `/api/tasks/${review.id}/complete`, { subtasks: "complete" });
    await t.backbone.relay.drain();
    const next = ((await call("GET", "/api/tasks")).body.tasks as Task[]).find((task) => task.title === "weekly review" && task.parentId === null);
    const carried = (await get(next!.id)).subtasks[0];
    await call("POST", `/api/tasks/${carried!.id}/complete`);
    const reopened = await call("POST", `/api/tasks/${review.id}/reopen`);
    expect(reopened.body.nextOccurrence).toMatchObject({ kept: true, reason: expect.stringContaining("subtasks") });
  });

  it("undoes a 'complete all' over REST: the subtasks it completed open again, those done before stay done, the next one goes", async () => {
    const { t, call, add, get } = await setup();
    const pack = await add({ title: "Pack suitcase", due: "friday 6pm", recurrence: "every friday" });
    const adapter = await add({ title: "Buy adapter", parentId: pack.id });
    const passport = await add({ title: "Find passport", parentId: pack.id });
    const socks = await add({ title: "Socks", parentId: pack.id });
    expect((await call("POST", `/api/tasks/${passport.id}/complete`)).status).toBe(200);
    t.clock.set("2026-11-26T15:05:00Z");
    const done = await call("POST", `/api/tasks/${pack.id}/complete`, { subtasks: "complete" });
    expect(done.body.completedSubtasks.map((s: Task) => s.id)).toEqual([adapter.id, socks.id]);
    await t.backbone.relay.drain(); // the worker makes the next occurrence
    expect(((await call("GET", "/api/tasks")).body.tasks as Task[]).filter((task) => task.title === "Pack suitcase")).toHaveLength(1);
    expect(await db.prisma.task.count({ where: { seriesId: pack.seriesId } })).toBe(2);

    const reopened = await call("POST", `/api/tasks/${pack.id}/reopen`);
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ task: { status: "open", subtaskCount: { total: 3, done: 1 } }, nextOccurrence: { removed: true } });
    expect(reopened.body.reopenedSubtasks.map((s: Task) => [s.title, s.status])).toEqual([
      ["Buy adapter", "open"],
      ["Socks", "open"],
    ]);
    expect((await get(pack.id)).subtasks.map((s) => [s.title, s.status, s.completedAt])).toEqual([
      ["Buy adapter", "open", null],
      ["Find passport", "done", expect.any(String)],
      ["Socks", "open", null],
    ]);
    expect(await db.prisma.task.count({ where: { seriesId: pack.seriesId } })).toBe(1);

    // Completing all again and undoing again does the same; a plain reopen of a task without subtasks is unchanged.
    await call("POST", `/api/tasks/${pack.id}/complete`, { subtasks: "complete" });
    expect((await call("POST", `/api/tasks/${pack.id}/reopen`)).body.task.subtaskCount).toEqual({ total: 3, done: 1 });
    const plain = await add({ title: "water plants" });
    await call("POST", `/api/tasks/${plain.id}/complete`);
    expect((await call("POST", `/api/tasks/${plain.id}/reopen`)).body).toEqual({ task: expect.objectContaining({ status: "open" }) });
  });

  it("undoes a 'complete all' over MCP complete_task reopen: true, with the subtasks it completed", async () => {
    const { t, token, add, get } = await setup();
    const server = await listen(t.app);
    const client = new Client({ name: "test-client", version: "1.0.0" });
    try {
      await client.connect(
        new StreamableHTTPClientTransport(new URL("/mcp", server.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
      );
      const pack = await add({ title: "Pack suitcase", due: "friday 6pm", recurrence: "every week" });
      await add({ title: "Buy adapter", parentId: pack.id });
      await client.callTool({ name: "complete_task", arguments: { id: pack.id, subtasks: "complete" } });
      const undone = await client.callTool({ name: "complete_task", arguments: { id: pack.id, reopen: true } });
      expect(undone.isError).toBeFalsy();
      expect(undone.structuredContent).toMatchObject({
        task: { status: "open", subtaskCount: { total: 1, done: 0 } },
        reopenedSubtasks: [{ title: "Buy adapter", status: "open" }],
        nextOccurrence: { removed: true },
      });
      expect((undone.content as any)[0].text).toContain("with its 1 subtask open again");
      expect((await get(pack.id)).subtasks.map((s) => s.status)).toEqual(["open"]);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it("carries the subtasks through the distributed recurrence worker's path (service invocation of mcp-server)", async () => {
    const { t, call, add, get, userId } = await setup();
    const internal = createApp({ prisma: db.prisma, logger: silentLogger, defaultTimeZone: "UTC", internalToken: INTERNAL_TOKEN, clock: t.clock });
    // The Dapr sidecar's service invocation, stood in for by handing the request to mcp-server's app.
    const viaSidecar: typeof fetch = async (url, init) => {
      const target = /^\/v1\.0\/invoke\/[^/]+\/method(\/.*)$/.exec(new URL(url instanceof Request ? url.url : url).pathname);
      return internal.app.fetch(new Request(`http://mcp-server${target?.[1] ?? "/"}`, init));
    };
    const worker = recurrenceHandler(
      continueSeriesViaDapr({ daprUrl: "http://127.0.0.1:3500", appId: "mcp-server", internalToken: INTERNAL_TOKEN, fetch: viaSidecar }),
      silentLogger,
    );
    const water = await add({ title: "water plants", dueDate: "2026-11-26", recurrence: "every 3 days" });
    await add({ title: "fern", parentId: water.id, dueDate: "2026-11-25" });
    await add({ title: "cactus", parentId: water.id });
    expect((await call("POST", `/api/tasks/${water.id}/complete`, { subtasks: "complete" })).status).toBe(200);
    const row = await db.prisma.outboxEvent.findFirstOrThrow({ where: { aggregateId: water.id, type: "task.completed" } });
    const event = TaskCloudEvent.parse({
      specversion: "1.0",
      id: row.id,
      source: "test",
      type: row.type,
      time: row.createdAt.toISOString(),
      subject: water.id,
      data: row.payload,
    });
    expect(await worker(event)).toBe("SUCCESS");
    expect(await worker({ ...event, id: randomUUID() })).toBe("SUCCESS"); // redelivered: still one

    const next = await db.prisma.task.findMany({ where: { userId, seriesId: water.seriesId, occurrenceIndex: 2 } });
    expect(next).toHaveLength(1);
    const shown = await get(next[0]!.id);
    expect(shown.task).toMatchObject({ dueDate: "2026-11-29", subtaskCount: { total: 2, done: 0 } });
    expect(shown.subtasks.map((s) => [s.title, s.status, s.dueDate])).toEqual([
      ["fern", "open", "2026-11-28"],
      ["cactus", "open", null],
    ]);
  });

  it("works over MCP: add_task under a parent, get_task with subtasks, complete_task asks, update_task reorders, list_tasks nests", async () => {
    const { t, token, add } = await setup();
    const server = await listen(t.app);
    const client = new Client({ name: "test-client", version: "1.0.0" });
    try {
      await client.connect(
        new StreamableHTTPClientTransport(new URL("/mcp", server.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
      );
      const trip = await add({ title: "trip planning", dueDate: "2026-12-20" });
      const added = await client.callTool({ name: "add_task", arguments: { title: "book flights", parentId: trip.id } });
      expect(added.isError).toBeFalsy();
      const flights = (added.structuredContent as any).task;
      expect(flights).toMatchObject({ parentId: trip.id, position: 0 });
      expect((added.content as any)[0].text).toContain(`subtask of ${trip.id}`);
      await client.callTool({ name: "add_task", arguments: { title: "pack", parentId: trip.id } });

      const got = await client.callTool({ name: "get_task", arguments: { id: trip.id } });
      expect((got.structuredContent as any).subtasks.map((s: Task) => s.title)).toEqual(["book flights", "pack"]);
      const text = (got.content as any)[0].text as string;
      expect(text).toContain("2 subtasks");
      expect(text).toContain("Subtasks:\n- 'book flights'");

      const reordered = await client.callTool({ name: "update_task", arguments: { id: flights.id, position: 1 } });
      expect((reordered.structuredContent as any).task.position).toBe(1);

      const listed = await client.callTool({ name: "list_tasks", arguments: {} });
      const lines = ((listed.content as any)[0].text as string).split("\n");
      const parentLine = lines.findIndex((line) => line.startsWith("- 'trip planning'"));
      expect(lines[parentLine]).toContain("2 subtasks");
      expect(lines[parentLine + 1]).toMatch(/^ {2}- 'pack' \(medium\) id /);
      expect(lines[parentLine + 2]).toMatch(/^ {2}- 'book flights' \(medium\) id /);
      // Lean: a subtask printed under its parent does not repeat whose it is.
      expect(lines[parentLine + 1]).not.toContain("subtask of");

      const refused = await client.callTool({ name: "complete_task", arguments: { id: trip.id } });
      expect(refused.isError).toBe(true);
      expect((refused._meta as any)["todo-chatbot/error"]).toEqual({
        code: "open_subtasks",
        message: expect.stringContaining("has 2 open subtasks"),
      });
      const completed = await client.callTool({ name: "complete_task", arguments: { id: trip.id, subtasks: "complete" } });
      expect(completed.isError).toBeFalsy();
      expect((completed.structuredContent as any).completedSubtasks).toHaveLength(2);
      expect((completed.content as any)[0].text).toContain("with its 2 open subtasks");
    } finally {
      await client.close();
      await server.close();
    }
  });

  it("makes a repeating parent's next occurrence at once over MCP complete_task, with its subtasks reopened", async () => {
    const { t, token, add } = await setup();
    const server = await listen(t.app);
    const client = new Client({ name: "test-client", version: "1.0.0" });
    try {
      await client.connect(
        new StreamableHTTPClientTransport(new URL("/mcp", server.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
      );
      const gym = await add({ title: "gym", due: "tomorrow 7am", recurrence: "every day" });
      await add({ title: "stretch", parentId: gym.id });
      const completed = await client.callTool({ name: "complete_task", arguments: { id: gym.id, subtasks: "complete" } });
      const next = (completed.structuredContent as any).nextOccurrence;
      expect(next).toMatchObject({ created: true, task: { title: "gym", dueAt: "2026-11-28T07:00:00-05:00", subtaskCount: { total: 1, done: 0 } } });
      const got = await client.callTool({ name: "get_task", arguments: { id: next.task.id } });
      expect((got.structuredContent as any).subtasks).toMatchObject([{ title: "stretch", status: "open", parentId: next.task.id }]);
      // The worker, delivered the same completion, finds it made: still one.
      await t.backbone.relay.drain();
      expect(await db.prisma.task.count({ where: { seriesId: gym.seriesId } })).toBe(2);
      expect(await db.prisma.task.count({ where: { parentId: next.task.id } })).toBe(1);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it("completes in bulk only with the open subtasks of the tasks chosen, or refuses", async () => {
    const { call, add } = await setup();
    const trip = await add({ title: "trip planning", tags: ["trip"] });
    const flights = await add({ title: "book flights", parentId: trip.id });
    const refused = await call("POST", "/api/tasks/bulk/complete", { ids: [trip.id] });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("open_subtasks");
    // Chosen together, nothing is left open: no question.
    const dry = await call("POST", "/api/tasks/bulk/complete", { ids: [trip.id, flights.id], dryRun: true });
    expect(dry.status).toBe(200);
    const done = await call("POST", "/api/tasks/bulk/complete", { filter: { tags: ["trip"] }, subtasks: "complete" });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ matched: 1, changed: 2 });
    expect(done.body.results.map((r: any) => r.task.title)).toEqual(["book flights", "trip planning"]);
  });
});

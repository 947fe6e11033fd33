import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@todo/db";
import { databaseTargets } from "./support/databases.ts";
import { testApp } from "./support/app.ts";

type Task = Record<string, any>;

describe.each(databaseTargets())("tasks over REST on $name", (target) => {
  let db: Database;
  let t: ReturnType<typeof testApp>;
  let token: string;

  beforeAll(async () => {
    db = await target.open();
    t = testApp(db, "2026-06-10T14:00:00Z"); // 09:00 in Chicago, a Wednesday
    ({ token } = await t.signup("alice"));
  });
  afterAll(() => db.close());

  const add = async (body: Record<string, unknown>, as = token): Promise<Task> => {
    const response = await t.request("POST", "/api/tasks", { token: as, body });
    expect(response.status, await response.clone().text()).toBe(201);
    return ((await response.json()) as { task: Task }).task;
  };
  it("creates a task from phrases resolved in the user's zone, with tags cleaned up", async () => {
    const task = await add({ title: "  call the landlord ", due: "tomorrow at 4pm", tags: ["Home", "#home", "calls"], priority: "high" });
    expect(task).toMatchObject({
      title: "call the landlord",
      dueAt: "2026-06-11T16:00:00-05:00",
      dueDate: null,
      tags: ["home", "calls"],
      priority: "high",
      status: "open",
      version: 1,
    });
    const allDay = await add({ title: "send the newsletter", due: "friday" });
    expect(allDay).toMatchObject({ dueDate: "2026-06-12", dueAt: null, priority: "medium" });
  });

  it("says when a completed repeating task's next occurrence is due, in the task's own shape", async () => {
    const complete = async (task: Task) =>
      (await (await t.request("POST", `/api/tasks/${task.id}/complete`, { token })).json()) as Record<string, any>;
    const weekly = await add({ title: "team sync", dueAt: "2026-06-15T10:30:00-05:00", recurrence: "FREQ=WEEKLY;BYDAY=MO" });
    expect(await complete(weekly)).toMatchObject({ task: { status: "done" }, next: { dueAt: "2026-06-22T10:30:00-05:00", dueDate: null } });
    const monthly = await add({ title: "pay rent", dueDate: "2026-06-30", recurrence: "FREQ=MONTHLY;BYMONTHDAY=-1" });
    expect((await complete(monthly)).next).toEqual({ dueAt: null, dueDate: "2026-07-31" });
    const once = await add({ title: "one-off", dueDate: "2026-06-12" });
    expect((await complete(once)).next).toBeNull();
    const last = await add({ title: "twice only", dueDate: "2026-06-12", recurrence: "FREQ=DAILY;COUNT=1" });
    expect((await complete(last)).next).toBeNull();
  });

  it("writes a task.created event with the full task in the same transaction", async () => {
    const task = await add({ title: "event check", dueDate: "2026-07-01" });
    const events = await db.prisma.outboxEvent.findMany({ where: { aggregateId: task.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "task.created", publishedAt: null, attempts: 0 });
    expect((events[0]!.payload as any).task).toMatchObject({ id: task.id, title: "event check", dueDate: "2026-07-01" });
  });

  it("updates only the fields given, clears a field given as null, and records what changed", async () => {
    const task = await add({
      title: "pay rent",
      description: "online",
      due: "2026-07-01T09:00:00Z",
      reminderMinutesBefore: 30,
      recurrence: "monthly",
    });
    const response = await t.request("PATCH", `/api/tasks/${task.id}`, { token, body: { description: null, due: null, priority: "urgent" } });
    expect(response.status).toBe(200);
    const updated = ((await response.json()) as { task: Task }).task;
    expect(updated).toMatchObject({
      title: "pay rent",
      description: null,
      dueAt: null,
      dueDate: null,
      reminderMinutesBefore: null,
      priority: "urgent",
      recurrence: "FREQ=MONTHLY",
      version: 2,
    });
    const event = await db.prisma.outboxEvent.findFirst({ where: { aggregateId: task.id, type: "task.updated" } });
    expect((event!.payload as any).changedFields.sort()).toEqual(["description", "dueAt", "priority", "reminders"]);

    const redated = await t.request("PATCH", `/api/tasks/${task.id}`, { token, body: { dueDate: "2026-07-02" } });
    expect(((await redated.json()) as { task: Task }).task.dueDate).toBe("2026-07-02");
    const cleared = await t.request("PATCH", `/api/tasks/${task.id}`, { token, body: { dueAt: null, dueDate: null } });
    expect(((await cleared.json()) as { task: Task }).task).toMatchObject({ dueAt: null, dueDate: null });

    const stopped = await t.request("PATCH", `/api/tasks/${task.id}`, { token, body: { recurrence: null } });
    expect(((await stopped.json()) as { task: Task }).task).toMatchObject({ recurrence: null, recurrenceMode: null });
  });

  it("switches a task between timed and all-day", async () => {
    const task = await add({ title: "dentist", dueDate: "2026-06-20" });
    const timed = await t.request("PATCH", `/api/tasks/${task.id}`, { token, body: { dueAt: "2026-06-20T10:30" } });
    expect(((await timed.json()) as { task: Task }).task).toMatchObject({ dueAt: "2026-06-20T10:30:00-05:00", dueDate: null });
  });

  it("answers a date phrase in dueAt or dueDate by pointing to due, and nothing is created", async () => {
    for (const [body, message] of [
      [
        { dueAt: "tomorrow 5pm" },
        `dueAt must be an ISO date-time like 2026-12-24T17:00:00Z or 2026-12-24T17:00; got 'tomorrow 5pm'; a phrase goes in due instead, e.g. due: "tomorrow 5pm"`,
      ],
      [{ dueDate: "friday" }, `dueDate must be a calendar date YYYY-MM-DD; got 'friday'; a phrase goes in due instead, e.g. due: "friday"`],
    ] as const) {
      const response = await t.request("POST", "/api/tasks", { token, body: { title: "phrase in the wrong field", ...body } });
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatchObject({ code: "invalid_input", message });
    }
    const listed = await t.request("GET", "/api/tasks?search=wrong", { token });
    expect(((await listed.json()) as { tasks: Task[] }).tasks).toEqual([]);
  });

  it("completes idempotently, stamping completedAt once, and reopens", async () => {
    const task = await add({ title: "finish report" });
    const first = (await (await t.request("POST", `/api/tasks/${task.id}/complete`, { token })).json()) as { task: Task };
    t.clock.set("2026-06-10T15:00:00Z");
    const second = (await (await t.request("POST", `/api/tasks/${task.id}/complete`, { token })).json()) as { task: Task };
    t.clock.set("2026-06-10T14:00:00Z");
    expect(first.task.status).toBe("done");
    expect(second.task.completedAt).toBe(first.task.completedAt);
    expect(await db.prisma.outboxEvent.count({ where: { aggregateId: task.id, type: "task.completed" } })).toBe(1);
    const reopened = (await (await t.request("POST", `/api/tasks/${task.id}/reopen`, { token })).json()) as { task: Task };
    expect(reopened.task).toMatchObject({ status: "open", completedAt: null });
  });

  it("deletes a task, emits task.deleted, and then reports it as not found", async () => {
    const task = await add({ title: "to be deleted" });
    expect((await t.request("DELETE", `/api/tasks/${task.id}`, { token })).status).toBe(200);
    expect(await db.prisma.outboxEvent.count({ where: { aggregateId: task.id, type: "task.deleted" } })).toBe(1);
    const gone = await t.request("GET", `/api/tasks/${task.id}`, { token });
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("rejects an update made against an old version with a clear conflict", async () => {
    const task = await add({ title: "shared doc" });
    const [a, b] = await Promise.all([
      t.request("PATCH", `/api/tasks/${task.id}`, { token, body: { title: "from A", version: 1 } }),
      t.request("PATCH", `/api/tasks/${task.id}`, { token, body: { title: "from B", version: 1 } }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect((await loser.json()).error.message).toMatch(/changed by someone else/);
    // Without a version, concurrent partial updates both apply.
    const [c, d] = await Promise.all([
      t.request("PATCH", `/api/tasks/${task.id}`, { token, body: { priority: "low" } }),
      t.request("PATCH", `/api/tasks/${task.id}`, { token, body: { tags: ["x"] } }),
    ]);
    expect([c.status, d.status]).toEqual([200, 200]);
    const final = ((await (await t.request("GET", `/api/tasks/${task.id}`, { token })).json()) as { task: Task }).task;
    expect(final).toMatchObject({ priority: "low", tags: ["x"], version: 4 });
  });
});

describe.each(databaseTargets())("listing tasks on $name", (target) => {
  let db: Database;
  let t: ReturnType<typeof testApp>;
  let token: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await target.open();
    t = testApp(db, "2026-06-10T14:00:00Z"); // Wednesday 09:00 in Chicago
    ({ token } = await t.signup("lister"));
    const seed: Array<Record<string, unknown>> = [
      { title: "timed today 8am", dueAt: "2026-06-10T08:00", priority: "low", tags: ["work"] },
      { title: "all-day today", dueDate: "2026-06-10", priority: "urgent", tags: ["work", "admin"] },
      { title: "timed today 5pm", dueAt: "2026-06-10T17:00", priority: "high", description: "quarterly numbers" },
      { title: "all-day yesterday", dueDate: "2026-06-09", tags: ["home"] },
      { title: "next week", dueDate: "2026-06-17", priority: "high" },
      { title: "no due", priority: "urgent", description: "someday maybe" },
      { title: "weekly review", recurrence: "every friday", tags: ["work"] },
    ];
    for (const body of seed) {
      const response = await t.request("POST", "/api/tasks", { token, body });
      ids[body.title as string] = ((await response.json()) as { task: Task }).task.id;
    }
    const done = await t.request("POST", "/api/tasks", { token, body: { title: "already done", dueDate: "2026-06-01" } });
    const doneId = ((await done.json()) as { task: Task }).task.id;
    ids["already done"] = doneId;
    await t.request("POST", `/api/tasks/${doneId}/complete`, { token });
  });
  afterAll(() => db.close());

  const titles = async (query: string) => {
    const response = await t.request("GET", `/api/tasks${query}`, { token });
    expect(response.status, await response.clone().text()).toBe(200);
    return ((await response.json()) as { tasks: Task[] }).tasks.map((task) => task.title);
  };

  it("orders timed and all-day tasks by their moment in the user's zone, undated last", async () => {
    expect(await titles("")).toEqual([
      "all-day yesterday",
      "all-day today",
      "timed today 8am",
      "timed today 5pm",
      "weekly review",
      "next week",
      "no due",
    ]);
    expect((await titles("?order=desc")).at(-1)).toBe("no due");
  });

  it("shows open tasks by default, done or all on request", async () => {
    expect(await titles("?status=done")).toEqual(["already done"]);
    expect(await titles("?status=all")).toHaveLength(8);
  });

  it("filters by priority (any of), tags (all of), recurring and search words", async () => {
    expect(await titles("?priority=urgent,high&sort=title&order=asc")).toEqual(["all-day today", "next week", "no due", "timed today 5pm"]);
    expect(await titles("?priority=urgent&priority=low&sort=title")).toEqual(["all-day today", "no due", "timed today 8am"]);
    expect(await titles("?tags=work,admin")).toEqual(["all-day today"]);
    expect(await titles("?recurring=true")).toEqual(["weekly review"]);
    expect(await titles("?search=QUARTERLY")).toEqual(["timed today 5pm"]);
    expect(await titles("?search=today%20timed")).toEqual(["timed today 8am", "timed today 5pm"]);
    expect(await titles("?search=%25")).toEqual([]);
  });

  it("filters by local due dates, inclusive, and by overdue", async () => {
    expect(await titles("?dueFrom=2026-06-10&dueTo=2026-06-10")).toEqual(["all-day today", "timed today 8am", "timed today 5pm"]);
    expect(await titles("?overdue=true")).toEqual(["all-day yesterday", "timed today 8am"]);
  });

  it("sorts by priority (urgent first by default), creation and title", async () => {
    const byPriority = await titles("?sort=priority");
    expect(byPriority.slice(0, 2).sort()).toEqual(["all-day today", "no due"]);
    expect(byPriority.at(-1)).toBe("timed today 8am");
    expect((await titles("?sort=createdAt")).at(-1)).toBe("timed today 8am");
    expect((await titles("?sort=title&order=asc"))[0]).toBe("all-day today");
  });

  it.each([
    ["dueAt", ""],
    ["priority", ""],
    ["createdAt", ""],
    ["title", ""],
    ["dueAt", "&order=desc"],
    ["priority", "&order=asc&search=a"],
    ["dueAt", "&tags=work"],
  ])("pages through every task exactly once sorted by %s%s", async (sort, extra) => {
    const all = await titles(`?sort=${sort}&status=all${extra}`);
    expect(all.length).toBeGreaterThan(2);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await t.request("GET", `/api/tasks?sort=${sort}&status=all${extra}&limit=2${cursor ? `&cursor=${cursor}` : ""}`, { token });
      const page = (await response.json()) as { tasks: Task[]; nextCursor: string | null };
      seen.push(...page.tasks.map((task) => task.title));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it("answers bad list parameters with a message naming the parameter", async () => {
    for (const [query, field] of [
      ["?status=later", "status"],
      ["?limit=0", "limit"],
      ["?limit=500", "limit"],
      ["?dueFrom=tomorrow", "dueFrom"],
      ["?dueFrom=2026-02-30", "dueFrom"],
      ["?priority=huge", "priority"],
      ["?sort=mood", "sort"],
      ["?colour=red", "colour"],
      ["?cursor=garbage", "cursor"],
    ] as const) {
      const response = await t.request("GET", `/api/tasks${query}`, { token });
      expect(response.status, query).toBe(400);
      expect((await response.json()).error.message, query).toContain(field);
    }
  });
});

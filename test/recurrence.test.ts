import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@todo/db";
import { idempotent, TaskCloudEvent } from "@todo/services";
import { RECURRENCE_CONSUMER, recurrenceHandler } from "@todo/recurrence";
import { prismaProcessedEvents } from "@todo/event-consumer";
import { continueSeries } from "@todo/services";
import { databaseTargets } from "./support/databases.ts";
import { silentLogger } from "./support/app.ts";
import { testBackbone } from "./support/backbone.ts";

type Task = Record<string, any>;

describe.each(databaseTargets())("the recurrence service on $name", (target) => {
  let db: Database;
  let t: ReturnType<typeof testBackbone>;
  let token: string;

  beforeAll(async () => {
    db = await target.open();
    t = testBackbone(db, "2026-11-26T15:00:00Z"); // Thursday 10:00 in New York
    ({ token } = await t.signup("repeater", "America/New_York"));
  });
  afterAll(() => db.close());

  const add = async (body: Record<string, unknown>) =>
    ((await (await t.request("POST", "/api/tasks", { token, body })).json()) as { task: Task }).task;
  const complete = async (id: string) => (await t.request("POST", `/api/tasks/${id}/complete`, { token })).json();
  const series = async (seriesId: string) =>
    (await db.prisma.task.findMany({ where: { seriesId }, orderBy: { occurrenceIndex: "asc" } })).map((row) => ({
      index: row.occurrenceIndex,
      status: row.status,
      dueAt: row.dueAt?.toISOString() ?? null,
      dueDate: row.dueDate?.toISOString().slice(0, 10) ?? null,
    }));
  const completedEvent = async (taskId: string) => {
    const row = await db.prisma.outboxEvent.findFirstOrThrow({ where: { aggregateId: taskId, type: "task.completed" } });
    return TaskCloudEvent.parse({
      specversion: "1.0",
      id: row.id,
      source: "test",
      type: row.type,
      time: row.createdAt.toISOString(),
      subject: taskId,
      data: row.payload,
    });
  };

  it("creates the next occurrence when a repeating task is completed, carrying its fields", async () => {
    const task = await add({
      title: "standup",
      due: "tomorrow 9am",
      recurrence: "every weekday",
      priority: "high",
      tags: ["work"],
      reminderMinutesBefore: 5,
      description: "zoom",
    });
    await complete(task.id);
    await t.backbone.relay.drain();
    const listed = ((await (await t.request("GET", "/api/tasks", { token })).json()) as { tasks: Task[] }).tasks.filter((x) => x.title === "standup");
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      dueAt: "2026-11-30T09:00:00-05:00", // Friday's is the current one; next weekday after it is Monday
      priority: "high",
      tags: ["work"],
      reminderMinutesBefore: 5,
      description: "zoom",
      recurrence: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
      seriesId: task.seriesId,
      occurrenceIndex: 2,
    });
  });

  it("creates exactly one next task under duplicate and concurrent delivery", async () => {
    const task = await add({ title: "water plants", dueDate: "2026-11-26", recurrence: "every 3 days" });
    await complete(task.id);
    const event = await completedEvent(task.id);
    const processed = prismaProcessedEvents(db.prisma);
    const handler = idempotent(
      RECURRENCE_CONSUMER,
      processed,
      recurrenceHandler(
        (e) => continueSeries(t.contextFor({ id: e.data.userId, username: "repeater", timeZone: e.data.timeZone }), e.data.task),
        silentLogger,
      ),
    );
    // Without the idempotency record too: the unique series key alone must hold.
    const bare = recurrenceHandler(
      (e) => continueSeries(t.contextFor({ id: e.data.userId, username: "repeater", timeZone: e.data.timeZone }), e.data.task),
      silentLogger,
    );
    const results = await Promise.all([handler(event), handler(event), bare(event), bare(event), handler(event)]);
    expect(results.every((result) => result === "SUCCESS")).toBe(true);
    await t.backbone.relay.drain(); // the relay delivers it once more
    expect(await series(task.seriesId)).toEqual([
      { index: 1, status: "done", dueAt: null, dueDate: "2026-11-26" },
      { index: 2, status: "open", dueAt: null, dueDate: "2026-11-29" },
    ]);
  });

  it("counts from the completion day in completion mode, from the calendar in schedule mode", async () => {
    const schedule = await add({ title: "weekly report", dueDate: "2026-11-02", recurrence: "weekly" });
    const completion = await add({ title: "oil change", dueDate: "2026-11-02", recurrence: "weekly", recurrenceMode: "completion" });
    await complete(schedule.id);
    await complete(completion.id);
    await t.backbone.relay.drain();
    expect((await series(schedule.seriesId))[1]).toMatchObject({ index: 5, dueDate: "2026-11-30" }); // caught up past 9, 16, 23 Nov
    expect((await series(completion.seriesId))[1]).toMatchObject({ index: 2, dueDate: "2026-12-03" });
  });

  it("ends the series after COUNT occurrences and at UNTIL", async () => {
    const counted = await add({ title: "course", dueDate: "2026-11-27", recurrence: "FREQ=DAILY;COUNT=2" });
    await complete(counted.id);
    await t.backbone.relay.drain();
    const second = (await db.prisma.task.findFirstOrThrow({ where: { seriesId: counted.seriesId, occurrenceIndex: 2 } })).id;
    await complete(second);
    await t.backbone.relay.drain();
    expect(await series(counted.seriesId)).toHaveLength(2);

    const until = await add({ title: "trial", dueDate: "2026-11-28", recurrence: "FREQ=WEEKLY;UNTIL=20261130" });
    await complete(until.id);
    await t.backbone.relay.drain();
    expect(await series(until.seriesId)).toHaveLength(1);
  });

  it("does nothing for a one-off task", async () => {
    const task = await add({ title: "one-off", dueDate: "2026-11-27" });
    await complete(task.id);
    await t.backbone.relay.drain();
    expect(await db.prisma.task.count({ where: { title: "one-off" } })).toBe(1);
  });
});

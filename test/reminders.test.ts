import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@todo/db";
import { TableReminderScheduler } from "@todo/notification";
import { databaseTargets } from "./support/databases.ts";
import { silentLogger, uniqueUsername } from "./support/app.ts";
import { testBackbone } from "./support/backbone.ts";

type Task = Record<string, any>;

describe.each(databaseTargets())("reminders on $name", (target) => {
  let db: Database;

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(() => db.close());

  /** Each test has its own user, clock and backbone, so it can run alone. */
  async function setup(now: string) {
    const t = testBackbone(db, now);
    const { token, userId } = await t.signup(uniqueUsername("forgetful"), "America/New_York");
    const heard: Array<{ kind: string; title: string; body: string }> = [];
    t.backbone.hub.subscribe(userId, (notification) => {
      if (notification.kind === "reminder") heard.push(notification);
    });
    const add = async (body: Record<string, unknown>) =>
      ((await (await t.request("POST", "/api/tasks", { token, body })).json()) as { task: Task }).task;
    const at = async (iso: string) => {
      t.clock.set(iso);
      await t.backbone.relay.drain();
      return t.backbone.scheduler.tick();
    };
    return { t, token, userId, heard, add, at };
  }

  it("fires at due time minus the offset, not before", async () => {
    const { heard, add, at } = await setup("2026-11-26T15:00:00Z"); // 10:00 in New York
    await add({ title: "call the bank", due: "today 2pm", reminderMinutesBefore: 30 });
    expect(await at("2026-11-26T18:29:00Z")).toBe(0);
    expect(await at("2026-11-26T18:30:00Z")).toBe(1);
    expect(heard).toEqual([expect.objectContaining({ title: "call the bank", body: "due Thu 26 Nov, 14:00" })]);
    expect(await at("2026-11-26T18:31:00Z")).toBe(0); // once
  });

  it("fires an all-day task's reminder from 9:00 local on its day", async () => {
    const { add, at } = await setup("2026-11-26T15:00:00Z");
    await add({ title: "bins out", dueDate: "2026-11-27", reminderMinutesBefore: 60 });
    expect(await at("2026-11-27T12:59:00Z")).toBe(0);
    expect(await at("2026-11-27T13:00:00Z")).toBe(1); // 08:00 EST
  });

  it("moves with the task and never fires after completion or deletion", async () => {
    const { t, token, heard, add, at } = await setup("2026-11-28T10:00:00Z");
    const moved = await add({ title: "moved", due: "2026-11-28T12:00:00Z", reminderMinutesBefore: 0 });
    await t.request("PATCH", `/api/tasks/${moved.id}`, { token, body: { due: "2026-11-28T14:00:00Z" } });
    const done = await add({ title: "done early", due: "2026-11-28T12:00:00Z", reminderMinutesBefore: 0 });
    await t.request("POST", `/api/tasks/${done.id}/complete`, { token });
    const gone = await add({ title: "deleted", due: "2026-11-28T12:00:00Z", reminderMinutesBefore: 0 });
    await t.request("DELETE", `/api/tasks/${gone.id}`, { token });
    const cleared = await add({ title: "reminder cleared", due: "2026-11-28T12:00:00Z", reminderMinutesBefore: 10 });
    await t.request("PATCH", `/api/tasks/${cleared.id}`, { token, body: { reminderMinutesBefore: null } });

    expect(await at("2026-11-28T12:00:00Z")).toBe(0);
    expect(await at("2026-11-28T14:00:00Z")).toBe(1);
    expect(heard.map((n) => n.title)).toEqual(["moved"]);
  });

  it("survives a restart: a new scheduler fires what is pending, and marks too-late ones missed", async () => {
    const { t, userId, add } = await setup("2026-11-29T10:00:00Z");
    await add({ title: "while down, recently", due: "2026-11-29T11:00:00Z", reminderMinutesBefore: 0 });
    await add({ title: "while down, long ago", due: "2026-11-29T10:30:00Z", reminderMinutesBefore: 0 });
    await t.backbone.relay.drain();
    t.backbone.scheduler.stop(); // the process goes away

    t.clock.set("2026-11-29T11:40:00Z"); // back up 40 min after one, 70 min after the other
    const delivered: string[] = [];
    const restarted = new TableReminderScheduler({
      prisma: db.prisma,
      clock: t.clock,
      logger: silentLogger,
      graceMs: 60 * 60_000,
      deliver: async (plan) => void delivered.push(plan.title),
    });
    expect(await restarted.tick()).toBe(1);
    expect(delivered).toEqual(["while down, recently"]);
    const missed = await db.prisma.reminder.findMany({ where: { userId, title: "while down, long ago" } });
    expect(missed[0]).toMatchObject({ status: "missed" });
  });

  it("retries a failed delivery, then gives up with the error kept", async () => {
    const { t, userId, add } = await setup("2026-11-30T10:00:00Z");
    await add({ title: "flaky", due: "2026-11-30T10:00:00Z", reminderMinutesBefore: 0 });
    await t.backbone.relay.drain();
    const failing = new TableReminderScheduler({
      prisma: db.prisma,
      clock: t.clock,
      logger: silentLogger,
      maxAttempts: 2,
      deliver: async () => {
        throw new Error("push service down");
      },
    });
    await failing.tick();
    expect((await db.prisma.reminder.findFirstOrThrow({ where: { userId, title: "flaky" } })).status).toBe("pending");
    t.clock.set("2026-11-30T10:00:30Z"); // the first retry waits 30 s
    await failing.tick();
    expect(await db.prisma.reminder.findFirstOrThrow({ where: { userId, title: "flaky" } })).toMatchObject({
      status: "missed",
      attempts: 2,
      lastError: "push service down",
    });
  });
});

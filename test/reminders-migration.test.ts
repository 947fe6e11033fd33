import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { testBackbone } from "./support/backbone.ts";
import { migrationTargets, waterPlantsRow } from "./support/migration-fixture.ts";

describe.each(migrationTargets("several_reminders"))("the several-reminders migration on $name", (target) => {
  it("turns each reminderMinutesBefore into one relative reminder, and a pending reminder still fires after the migration", async () => {
    const userId = randomUUID();
    const [reminded = "", plain = ""] = [randomUUID(), randomUUID()];
    await target.seedBefore(async (rows) => {
      await rows.user(userId);
      const listId = await rows.inbox(userId);
      const once = { recurrence: null, recurrenceMode: null, seriesId: null, occurrenceIndex: 1, listId };
      await rows.tasks([
        waterPlantsRow(reminded, userId, once),
        { id: plain, userId, listId, title: "no reminder", status: "open", priority: "low", tags: [], occurrenceIndex: 1, version: 1 },
      ]);
      await rows.reminder(reminded, userId);
      await rows.insert("ReminderDelivery", {
        taskId: reminded,
        fireAt: "2026-11-20T07:30:00Z",
        inAppAt: { sql: "now()" },
        pushedEndpoints: ["https://push.example/a"],
      });
    });

    const after = await target.openAfter();
    try {
      const tasks = await after.prisma.task.findMany({ where: { userId }, orderBy: { title: "asc" } });
      expect(tasks.map((task) => [task.title, task.reminders, task.version])).toEqual([
        ["no reminder", [], 1],
        ["water plants", [{ id: expect.any(String), minutesBefore: 30 }], 3],
      ]);
      const reminderId = ((tasks[1]?.reminders as Array<{ id: string }>)[0] as { id: string }).id;
      expect(await after.prisma.reminder.findMany({ where: { taskId: reminded } })).toEqual([
        expect.objectContaining({ reminderId, status: "pending", fireAt: new Date("2026-12-01T07:30:00Z") }),
      ]);
      expect(await after.prisma.reminderDelivery.count({ where: { taskId: reminded } })).toBe(1);

      const t = testBackbone(after, "2026-11-30T12:00:00Z");
      const heard: string[] = [];
      t.backbone.hub.subscribe(userId, (notification) => {
        if (notification.kind === "reminder") heard.push(notification.title);
      });
      const token = (await t.accounts.createToken(userId, { name: "migration test" })).token;
      const shown = await t.request("GET", `/api/tasks/${reminded}`, { token });
      expect((await shown.json()).task).toMatchObject({ reminderMinutesBefore: 30, reminders: [{ id: reminderId, minutesBefore: 30 }] });
      // A change after the migration keeps the same reminder (same id, same time): it is not doubled.
      await t.request("PATCH", `/api/tasks/${reminded}`, { token, body: { title: "water the plants" } });
      await t.backbone.relay.drain();
      expect(await after.prisma.reminder.count({ where: { taskId: reminded, status: "pending" } })).toBe(1);

      t.clock.set("2026-12-01T07:30:00Z");
      expect(await t.backbone.scheduler.tick()).toBe(1);
      expect(heard).toEqual(["water the plants"]);
    } finally {
      await after.close();
    }
    // Two opens, each running the WebAssembly migration engine.
  }, 240_000);
});

import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { testApp } from "./support/app.ts";
import { migrationTargets, waterPlantsRow } from "./support/migration-fixture.ts";

describe.each(migrationTargets("lists"))("the lists migration on $name", (target) => {
  it("gives every existing user an Inbox holding all their tasks (trashed ones too), keeping tasks, reminders and events", async () => {
    const users = [randomUUID(), randomUUID(), randomUUID()];
    const tasks = [randomUUID(), randomUUID(), randomUUID()];
    await target.seedBefore(async (rows) => {
      for (const [i, id] of users.entries()) await rows.user(id, `list-migrant-${i}-${id.slice(0, 8)}`);
      const [first = "", second = ""] = users;
      await rows.tasks([
        waterPlantsRow(tasks[0] ?? "", first, { deletedAt: null }),
        { id: tasks[1] ?? "", userId: first, title: "binned", status: "open", priority: "low", tags: [], version: 2, deletedAt: { sql: "now()" } },
        { id: tasks[2] ?? "", userId: second, title: "other user", status: "done", priority: "medium", tags: [], version: 1, deletedAt: null },
      ]);
      await rows.reminder(tasks[0] ?? "", first);
      await rows.insert("OutboxEvent", { id: randomUUID(), type: "task.created", aggregateId: tasks[0] ?? "", userId: first, payload: "{}" });
    });

    const after = await target.openAfter();
    try {
      const lists = await after.prisma.taskList.findMany({ where: { userId: { in: users } } });
      expect(lists).toHaveLength(3);
      for (const userId of users) {
        expect(lists.filter((list) => list.userId === userId)).toEqual([
          expect.objectContaining({ name: "Inbox", nameKey: "inbox", isInbox: true, color: null, position: 0, deletedAt: null }),
        ]);
      }
      const inboxOf = (userId: string | undefined) => lists.find((list) => list.userId === userId)?.id;
      const migrated = await after.prisma.task.findMany({ where: { id: { in: tasks } }, orderBy: { title: "asc" } });
      expect(migrated.map((task) => [task.title, task.listId === inboxOf(task.userId), task.version, task.deletedAt !== null])).toEqual([
        ["binned", true, 2, true],
        ["other user", true, 1, false],
        ["water plants", true, 3, false],
      ]);
      // (The later several-reminders migration turns its reminderMinutesBefore into one relative reminder.)
      expect(migrated[2]).toMatchObject({
        occurrenceIndex: 2,
        reminders: [expect.objectContaining({ minutesBefore: 30 })],
        tags: ["home"],
        recurrence: "FREQ=WEEKLY",
      });
      expect(await after.prisma.reminder.count({ where: { taskId: tasks[0], status: "pending" } })).toBe(1);
      expect(await after.prisma.outboxEvent.count({ where: { aggregateId: tasks[0] } })).toBe(1);

      // The migrated tasks behave as tasks in lists: listed by list, restored into their list, moved to a new one.
      const t = testApp(after, "2026-11-29T12:00:00Z");
      const token = (await t.accounts.createToken(users[0] ?? "", { name: "migration test" })).token;
      const inInbox = await t.request("GET", "/api/tasks?list=Inbox&status=all", { token });
      expect((await inInbox.json()).tasks.map((task: any) => task.title)).toEqual(["water plants"]);
      const restored = await t.request("POST", `/api/trash/${tasks[1]}/restore`, { token });
      expect((await restored.json()).task.list).toMatchObject({ name: "Inbox" });
      const created = await t.request("POST", "/api/lists", { token, body: { name: "Garden" } });
      expect(created.status).toBe(201);
      const moved = await t.request("PATCH", `/api/tasks/${tasks[0]}`, { token, body: { list: "garden" } });
      expect((await moved.json()).task.list.name).toBe("Garden");
    } finally {
      await after.close();
    }
  }, 240_000);
});

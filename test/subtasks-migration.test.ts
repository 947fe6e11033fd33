import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { testApp } from "./support/app.ts";
import { migrationTargets, waterPlantsRow } from "./support/migration-fixture.ts";

describe.each(migrationTargets("subtasks"))("the subtasks migration on $name", (target) => {
  it("migrates a database made by the previous migrations, keeping every task, reminder and trashed task, all top-level", async () => {
    const userId = randomUUID();
    const taskIds = [randomUUID(), randomUUID(), randomUUID()];
    await target.seedBefore(async (rows) => {
      await rows.user(userId);
      const listId = await rows.inbox(userId);
      await rows.tasks([
        waterPlantsRow(taskIds[0] ?? "", userId, { seriesWallTime: "09:00:00", deletedAt: null, listId }),
        { id: taskIds[1] ?? "", userId, listId, title: "old done thing", status: "done", priority: "low", tags: [], version: 2, deletedAt: null },
        {
          id: taskIds[2] ?? "",
          userId,
          listId,
          title: "binned",
          status: "open",
          priority: "medium",
          tags: [],
          version: 2,
          deletedAt: { sql: "now()" },
        },
      ]);
      await rows.reminder(taskIds[0] ?? "", userId);
    });

    const after = await target.openAfter();
    try {
      const tasks = await after.prisma.task.findMany({ where: { userId }, orderBy: { title: "asc" } });
      expect(tasks.map((task) => [task.title, task.status, task.version, task.parentId, task.position, task.deletedAt === null])).toEqual([
        ["binned", "open", 2, null, 0, false],
        ["old done thing", "done", 2, null, 0, true],
        ["water plants", "open", 3, null, 0, true],
      ]);
      expect(tasks[2]).toMatchObject({
        occurrenceIndex: 2,
        reminders: [expect.objectContaining({ minutesBefore: 30 })],
        seriesWallTime: "09:00:00",
        tags: ["home"],
      });
      expect(await after.prisma.reminder.count({ where: { taskId: taskIds[0], status: "pending" } })).toBe(1);

      // The migrated tasks take subtasks, and the trashed one comes back.
      const t = testApp(after, "2026-11-29T12:00:00Z");
      const token = (await t.accounts.createToken(userId, { name: "migration test" })).token;
      const added = await t.request("POST", "/api/tasks", { token, body: { title: "fill the can", parentId: taskIds[0] } });
      expect(added.status).toBe(201);
      const shown = await (await t.request("GET", `/api/tasks/${taskIds[0]}`, { token })).json();
      expect(shown.task).toMatchObject({ title: "water plants", subtaskCount: { total: 1, done: 0 } });
      expect(shown.subtasks.map((task: any) => task.title)).toEqual(["fill the can"]);
      const restored = await t.request("POST", `/api/trash/${taskIds[2]}/restore`, { token });
      expect((await restored.json()).task).toMatchObject({ id: taskIds[2], parentId: null, subtaskCount: { total: 0, done: 0 } });
    } finally {
      await after.close();
    }
    // Two opens, each running the WebAssembly migration engine (and on PGlite building the old set's template).
  }, 240_000);
});

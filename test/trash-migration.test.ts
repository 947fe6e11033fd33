import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { testApp } from "./support/app.ts";
import { migrationTargets, waterPlantsRow } from "./support/migration-fixture.ts";

describe.each(migrationTargets("trash"))("the trash migration on $name", (target) => {
  it("migrates a database made by the previous migrations, keeping every task, reminder and event", async () => {
    const userId = randomUUID();
    const taskIds = [randomUUID(), randomUUID()];
    await target.seedBefore(async (rows) => {
      await rows.user(userId);
      const water = waterPlantsRow(taskIds[0] ?? "", userId, { seriesWallTime: "09:00:00" });
      const done = {
        id: taskIds[1] ?? "",
        userId,
        title: "old done thing",
        status: "done",
        priority: "low",
        tags: [],
        occurrenceIndex: 1,
        version: 2,
      };
      await rows.tasks([water, done]);
      await rows.reminder(taskIds[0] ?? "", userId);
    });

    const after = await target.openAfter();
    try {
      const tasks = await after.prisma.task.findMany({ where: { userId }, orderBy: { title: "asc" } });
      expect(tasks.map((task) => [task.title, task.status, task.version, task.deletedAt])).toEqual([
        ["old done thing", "done", 2, null],
        ["water plants", "open", 3, null],
      ]);
      expect(tasks[1]).toMatchObject({ occurrenceIndex: 2, reminders: [{ minutesBefore: 30 }], seriesWallTime: "09:00:00", tags: ["home"] });
      expect(await after.prisma.reminder.count({ where: { taskId: taskIds[0], status: "pending" } })).toBe(1);

      // The migrated tasks behave as tasks: listed, deleted into the trash, restored.
      const t = testApp(after, "2026-11-29T12:00:00Z");
      const token = (await t.accounts.createToken(userId, { name: "migration test" })).token;
      const listed = await t.request("GET", "/api/tasks?status=all&sort=title", { token });
      expect((await listed.json()).tasks.map((task: any) => task.title)).toEqual(["old done thing", "water plants"]);
      expect((await t.request("DELETE", `/api/tasks/${taskIds[0]}`, { token })).status).toBe(200);
      const restored = await t.request("POST", `/api/trash/${taskIds[0]}/restore`, { token });
      expect((await restored.json()).task).toMatchObject({ id: taskIds[0], occurrenceIndex: 2, version: 5 });
    } finally {
      await after.close();
    }
    // Two opens, each running the WebAssembly migration engine (and on PGlite building the old set's template).
  }, 240_000);
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@todo/db";
import { interpret } from "@todo/services";
import { uniqueUsername } from "./support/app.ts";
import { databaseTargets } from "./support/databases.ts";
import { testGateway } from "./support/gateway.ts";

const ctx = { now: new Date("2026-11-26T15:00:00Z"), timeZone: "America/New_York" };

describe("the offline engine reading subtask phrases", () => {
  it("reads 'add X under Y' as a subtask, with its own due phrase", () => {
    expect(interpret("add 'book flights' under trip planning", ctx)).toMatchObject({
      intent: "add_subtask",
      parent: "trip planning",
      task: { intent: "add_task", title: "book flights" },
    });
    expect(interpret("add pack bags tomorrow as a subtask of the trip planning task", ctx)).toMatchObject({
      intent: "add_subtask",
      parent: "trip planning",
      task: { title: "pack bags", dueDate: "2026-11-27" },
    });
  });

  it("reads 'what's under Y' as a question about its subtasks", () => {
    expect(interpret("what's under trip planning?", ctx)).toEqual({ intent: "list_subtasks", target: "trip planning" });
    expect(interpret("show me the subtasks of trip planning", ctx)).toEqual({ intent: "list_subtasks", target: "trip planning" });
  });
});

describe.each(databaseTargets())("subtasks in the offline chat on $name", (target) => {
  let db: Database;
  let t: ReturnType<typeof testGateway>;

  beforeAll(async () => {
    db = await target.open();
    t = testGateway(db, "2026-11-26T15:00:00Z"); // Thursday 10:00 in New York
  });
  afterAll(() => db.close());

  it("adds subtasks under a task, lists them, and asks before completing the parent with open ones", async () => {
    const { token, userId } = await t.signup(uniqueUsername("nester"), "America/New_York");
    await t.chat(token, "add trip planning");
    const added = await t.chat(token, "add 'book flights' under trip planning");
    expect(added.body.reply).toBe("Added 'book flights' under 'trip planning'.");
    expect((await t.chat(token, "add book hotel saturday under trip planning")).body.reply).toBe(
      "Added 'book hotel' under 'trip planning', for Saturday.",
    );
    const parent = await db.prisma.task.findFirstOrThrow({ where: { userId, title: "trip planning" } });
    expect(await db.prisma.task.count({ where: { userId, parentId: parent.id } })).toBe(2);

    const listed = await t.chat(token, "what's under trip planning");
    expect(listed.body.reply).toBe("Under 'trip planning' (0 of 2 done):\n1. 'book flights'\n2. 'book hotel' (Saturday)");

    const asked = await t.chat(token, "complete trip planning");
    expect(asked.body.reply).toBe("'trip planning' still has 2 open subtasks. Complete its 2 open subtasks too? Reply yes or no.");
    const kept = await t.chat(token, "no", asked.body.conversationId);
    expect(kept.body.reply).toBe("OK, I left 'trip planning' open.");
    expect((await db.prisma.task.findUniqueOrThrow({ where: { id: parent.id } })).status).toBe("open");

    const again = await t.chat(token, "done with trip planning");
    const yes = await t.chat(token, "yes", again.body.conversationId);
    expect(yes.body.reply).toBe("Done: 'trip planning' and its 2 subtasks. Nice work!");
    expect(await db.prisma.task.count({ where: { userId, status: "done" } })).toBe(3);

    // Undo puts back what that completion changed: the parent and the subtasks it completed.
    const undone = await t.chat(token, "undo", again.body.conversationId);
    expect(undone.body.reply).toBe("Undone: 'trip planning' and its 2 subtasks are open again.");
    expect(await db.prisma.task.count({ where: { userId, status: "done" } })).toBe(0);
  });
});

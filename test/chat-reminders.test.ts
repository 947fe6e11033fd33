import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@todo/db";
import { uniqueUsername } from "./support/app.ts";
import { databaseTargets } from "./support/databases.ts";
import { testGateway } from "./support/gateway.ts";

type Reminder = { id: string; minutesBefore?: number; at?: string };

describe.each(databaseTargets())("reminders in the offline chat on $name", (target) => {
  let db: Database;
  let t: ReturnType<typeof testGateway>;

  beforeAll(async () => {
    db = await target.open();
    t = testGateway(db, "2026-11-26T15:00:00Z"); // Thursday 10:00 in New York
  });
  afterAll(() => db.close());

  const reminders = async (userId: string, title: string) =>
    ((await db.prisma.task.findFirstOrThrow({ where: { userId, title } })).reminders as Reminder[]).map((r) => r.minutesBefore ?? r.at);

  it("sets several reminders, one at due time and one at a moment of its own, and removes them all", async () => {
    const { token, userId } = await t.signup(uniqueUsername("reminded"), "America/New_York");
    const added = await t.chat(token, "submit the report friday at 5pm, remind me 1 day before and 1 hour before");
    const conversation = added.body.conversationId;
    expect(added.body.reply).toBe("Added 'submit the report' for tomorrow 5:00 PM. I'll remind you 1 day before, 1 hour before.");
    expect(await reminders(userId, "submit the report")).toEqual([1440, 60]);

    const absolute = await t.chat(token, "remind me on Dec 3 at 8am", conversation);
    expect(absolute.body.reply).toBe("Updated 'submit the report': reminders 1 day before, 1 hour before, Thu 3 Dec, 8:00 AM.");
    expect(await reminders(userId, "submit the report")).toEqual([1440, 60, "2026-12-03T13:00:00.000Z"]);

    const atDue = await t.chat(token, "remind me at due time", conversation);
    expect(atDue.body.reply).toBe("Updated 'submit the report': reminders at due time, Thu 3 Dec, 8:00 AM.");
    expect(await reminders(userId, "submit the report")).toEqual([0, "2026-12-03T13:00:00.000Z"]);

    const removed = await t.chat(token, "remove the reminders from submit the report", conversation);
    expect(removed.body.reply).toBe("Updated 'submit the report': no reminders.");
    expect(await reminders(userId, "submit the report")).toEqual([]);

    const undone = await t.chat(token, "undo", conversation);
    expect(undone.status).toBe(200);
    expect(await reminders(userId, "submit the report")).toEqual([0, "2026-12-03T13:00:00.000Z"]);
  });
});

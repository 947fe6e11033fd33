import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@todo/db";
import { uniqueUsername } from "./support/app.ts";
import { databaseTargets } from "./support/databases.ts";
import { testGateway } from "./support/gateway.ts";

describe.each(databaseTargets())("lists in the offline chat on $name", (target) => {
  let db: Database;
  let t: ReturnType<typeof testGateway>;

  beforeAll(async () => {
    db = await target.open();
    t = testGateway(db, "2026-11-26T15:00:00Z"); // Thursday 10:00 in New York
  });
  afterAll(() => db.close());

  const newTalker = () => t.signup(uniqueUsername("lists"), "America/New_York");
  const listOf = async (userId: string, title: string) =>
    (await db.prisma.task.findFirstOrThrow({ where: { userId, title }, include: { list: true } })).list.name;

  it("creates a list, adds to it by name, and shows what is on it", async () => {
    const { token, userId } = await newTalker();
    expect((await t.chat(token, "create a list called Groceries")).body.reply).toMatch(/^Made the list 'Groceries'/);
    expect((await t.chat(token, "add milk to groceries")).body.reply).toBe("Added 'milk' to Groceries.");
    expect((await t.chat(token, "put eggs tomorrow on my groceries list")).body.reply).toBe("Added 'eggs' (tomorrow) to Groceries.");
    expect(await listOf(userId, "milk")).toBe("Groceries");
    const shown = await t.chat(token, "what's on my groceries list?");
    expect(shown.body.reply).toBe("On your Groceries list:\n• 'eggs' (tomorrow)\n• 'milk'");
    expect((await t.chat(token, "create a list called groceries")).body.reply).toMatch(/^I couldn't make that list: you already have a list called/);
  });

  it("moves a task to a list by name, and still reads 'move X to monday' as a date", async () => {
    const { token, userId } = await newTalker();
    await t.chat(token, "create a list called Work");
    await t.chat(token, "write the quarterly report");
    expect((await t.chat(token, "move the quarterly report to work")).body.reply).toBe("Updated 'write the quarterly report': moved to Work.");
    expect(await listOf(userId, "write the quarterly report")).toBe("Work");
    const dated = await t.chat(token, "move the quarterly report to monday");
    expect(dated.body.reply).toMatch(/^Updated 'write the quarterly report': due Monday/i);
    expect(await listOf(userId, "write the quarterly report")).toBe("Work");
  });

  it("offers to create a list that does not exist, and a yes makes it with the task in it", async () => {
    const { token, userId } = await newTalker();
    const offer = await t.chat(token, "add paint to my hardware list");
    expect(offer.body.reply).toBe("You have no list called 'hardware'. Shall I make it and add 'paint' to it?");
    const yes = await t.chat(token, "yes", offer.body.conversationId);
    expect(yes.body.reply).toBe("Added 'paint' to hardware.");
    expect(await listOf(userId, "paint")).toBe("hardware");
    expect((await t.chat(token, "what's on my shopping list")).body.reply).toMatch(
      /^You have no list called 'shopping'\. Your lists: 'Inbox', 'hardware'/,
    );
  });

  it("leaves 'add X to my list' and other task phrases to the task engine, in the Inbox", async () => {
    const { token, userId } = await newTalker();
    expect((await t.chat(token, "add buy stamps to my to-do list")).body.reply).toMatch(/^Added 'buy stamps'/);
    expect(await listOf(userId, "buy stamps")).toBe("Inbox");
    expect((await t.chat(token, "add dinner with Sam on monday")).body.reply).toMatch(/^Added 'dinner with Sam' for Monday/i);
  });
});

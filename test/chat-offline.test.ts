import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@todo/db";
import { uniqueUsername } from "./support/app.ts";
import { databaseTargets } from "./support/databases.ts";
import { testGateway } from "./support/gateway.ts";

describe.each(databaseTargets())("the chat in offline mode on $name", (target) => {
  let db: Database;
  let t: ReturnType<typeof testGateway>;

  beforeAll(async () => {
    db = await target.open();
    t = testGateway(db, "2026-11-26T15:00:00Z"); // Thursday 10:00 in New York
  });
  afterAll(() => db.close());

  /** Each test talks as its own user, so it can run alone and sees only its own tasks. */
  const newTalker = () => t.signup(uniqueUsername("talker"), "America/New_York");

  it("adds a task from a sentence and says when it is due, in words", async () => {
    const { token, userId } = await newTalker();
    const { status, body } = await t.chat(token, "remind me to call mom every sunday at 6pm");
    expect(status).toBe(200);
    expect(body.reply).toBe("Added 'call mom' for Sunday 6:00 PM, repeating weekly on Sunday. I'll remind you then.");
    expect(body.actions).toEqual([
      expect.objectContaining({
        tool: "add_task",
        input: expect.objectContaining({ title: "call mom", recurrence: "FREQ=WEEKLY;BYDAY=SU", reminderMinutesBefore: 0 }),
      }),
    ]);
    const stored = await db.prisma.task.findFirstOrThrow({ where: { userId, title: "call mom" } });
    expect(stored.dueAt?.toISOString()).toBe("2026-11-29T23:00:00.000Z");
  });

  it("asks which task is meant when several match, and acts on the answer next turn", async () => {
    const { token, userId } = await newTalker();
    await t.chat(token, "buy milk tomorrow");
    await t.chat(token, "buy milk for the office on friday");
    const first = await t.chat(token, "mark milk as done");
    expect(first.body.reply).toMatch(/^Which one do you mean\?\n1\. 'buy milk/);
    expect(first.body.reply).toContain("Reply with a number.");
    const second = await t.chat(token, "2", first.body.conversationId);
    expect(second.body.reply).toMatch(/^Done: 'buy milk/);
    const done = await db.prisma.task.findMany({ where: { userId, title: { startsWith: "buy milk" }, status: "done" } });
    expect(done).toHaveLength(1);
  });

  it("says so when nothing matches, suggesting close tasks", async () => {
    const { token, userId } = await newTalker();
    await t.chat(token, "call mom on sunday");
    const { body } = await t.chat(token, "delete call mother");
    expect(body.reply).toBe("I couldn't find a task matching 'call mother'. Did you mean 'call mom'?");
    expect(await db.prisma.task.count({ where: { userId, title: "call mom" } })).toBe(1);
  });

  it("changes, lists and completes tasks, naming the next occurrence of a repeating one", async () => {
    const { token } = await newTalker();
    await t.chat(token, "remind me to call mom every sunday at 6pm");
    expect((await t.chat(token, "move call mom to saturday at 8am")).body.reply).toBe("Updated 'call mom': due Saturday 8:00 AM.");
    const listed = await t.chat(token, "what's due this week");
    expect(listed.body.reply).toContain("• 'call mom' (Saturday 8:00 AM, repeating weekly on Sunday)");
    expect((await t.chat(token, "I've done call mom")).body.reply).toBe("Done: 'call mom'. Next one: Sunday 8:00 AM.");
  });

  it("answers what it cannot do with help, and a bare number with no question open", async () => {
    const { token } = await newTalker();
    expect((await t.chat(token, "how tall is mount everest")).body.reply).toMatch(/^I can add, change, complete, delete and list your tasks/);
    expect((await t.chat(token, "3")).body.reply).toMatch(/no open question/);
  });

  it("keeps conversations per user and refuses bad requests clearly", async () => {
    const { token } = await newTalker();
    const { body } = await t.chat(token, "hello");
    const other = await t.signup(uniqueUsername("someone-else"));
    const theirs = await t.chat(other.token, "hi", body.conversationId);
    expect(theirs.status).toBe(404);
    const history = await t.request("GET", `/api/conversations/${body.conversationId}`, { token });
    expect((await history.json()).messages.slice(-2).map((m: any) => m.role)).toEqual(["user", "assistant"]);
    expect((await t.request("GET", `/api/conversations/${body.conversationId}`, { token: other.token })).status).toBe(404);
    expect((await t.request("GET", "/api/conversations/nope", { token })).status).toBe(404);
    for (const [payload, field] of [
      [{}, "message"],
      [{ message: "" }, "message"],
      [{ message: "x".repeat(2_001) }, "message"],
      [{ message: "hi", conversationId: "abc" }, "conversationId"],
      [{ message: "hi", extra: 1 }, "extra"],
    ] as const) {
      const response = await t.request("POST", "/api/chat", { token, body: payload });
      expect(response.status).toBe(400);
      expect((await response.json()).error.message).toContain(field);
    }
    expect((await t.request("POST", "/api/chat", { body: { message: "hi" } })).status).toBe(401);
  });

  it("streams the turn as server-sent events", async () => {
    const { token } = await newTalker();
    const response = await t.request("POST", "/api/chat/stream", { token, body: { message: "water the plants every 3 days" } });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const text = await response.text();
    expect(text).toContain("event: action");
    expect(text).toMatch(/event: reply\ndata: .*Added 'water the plants' for today, repeating every 3 days/);
    expect(text).toContain("event: done");
  });
});

describe.each(databaseTargets())("the chat gateway as its own service on $name", (target) => {
  it("drives mcp-server's tools over Streamable HTTP with the user's token", async () => {
    const { createGatewayApp } = await import("@todo/chat-gateway");
    const { remoteAuthenticate, remoteTools } = await import("../chat-gateway/src/remote-mcp.ts");
    const { listen } = await import("./support/http-server.ts");
    const { silentLogger, testApp } = await import("./support/app.ts");
    const db = await target.open();
    const mcp = testApp(db, "2026-11-26T15:00:00Z");
    const server = await listen(mcp.app);
    try {
      const gateway = createGatewayApp({
        prisma: db.prisma,
        logger: silentLogger,
        authenticate: remoteAuthenticate(server.url),
        connectTools: remoteTools(server.url),
        clock: mcp.clock,
      });
      const { token } = await mcp.signup("remote-chatter", "Europe/London");
      const response = await gateway.request("/api/chat", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ message: "collect parcel tomorrow at 5pm" }),
      });
      expect((await response.json()).reply).toBe("Added 'collect parcel' for tomorrow 5:00 PM.");
      const denied = await gateway.request("/api/chat", {
        method: "POST",
        headers: { authorization: "Bearer todo_not-a-valid-token-xxxxxxxxxxxx" },
        body: "{}",
      });
      expect(denied.status).toBe(401);
    } finally {
      await server.close();
      await db.close();
    }
  });
});

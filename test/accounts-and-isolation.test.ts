import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@todo/db";
import { databaseTargets } from "./support/databases.ts";
import { testApp } from "./support/app.ts";

describe.each(databaseTargets())("accounts, auth and user isolation on $name", (target) => {
  let db: Database;
  let t: ReturnType<typeof testApp>;

  beforeAll(async () => {
    db = await target.open();
    t = testApp(db);
  });
  afterAll(() => db.close());

  it("signs up, signs in with the same password, and stores only hashes", async () => {
    const signup = await t.request("POST", "/api/auth/signup", { body: { username: "Carol", password: "s3cret-pass", timeZone: "Europe/Paris" } });
    expect(signup.status).toBe(201);
    const { token, user } = await signup.json();
    expect(user).toMatchObject({ username: "carol", timeZone: "Europe/Paris" });
    const login = await t.request("POST", "/api/auth/login", { body: { username: "carol", password: "s3cret-pass" } });
    expect(login.status).toBe(200);
    const stored = await db.prisma.user.findUniqueOrThrow({ where: { username: "carol" } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    const tokens = await db.prisma.apiToken.findMany({ where: { userId: stored.id } });
    expect(tokens.map((row) => row.tokenHash)).not.toContain(token);
    expect((await t.request("GET", "/api/auth/me", { token })).status).toBe(200);
  });

  it("refuses a taken username, bad credentials and missing or revoked tokens", async () => {
    await t.signup("dave");
    const again = await t.request("POST", "/api/auth/signup", { body: { username: "dave", password: "another-pass" } });
    expect(again.status).toBe(409);
    const wrong = await t.request("POST", "/api/auth/login", { body: { username: "dave", password: "wrong-password" } });
    expect(wrong.status).toBe(401);
    expect((await t.request("GET", "/api/tasks")).status).toBe(401);
    expect((await t.request("GET", "/api/tasks", { token: "todo_not-a-real-token-at-all-xxxxxxxx" })).status).toBe(401);

    const { token } = await t.signup("erin");
    const created = await (await t.request("POST", "/api/auth/tokens", { token, body: { name: "my IDE" } })).json();
    expect((await t.request("GET", "/api/tasks", { token: created.token })).status).toBe(200);
    const listed = await (await t.request("GET", "/api/auth/tokens", { token })).json();
    const ide = listed.tokens.find((row: any) => row.name === "my IDE");
    expect((await t.request("DELETE", `/api/auth/tokens/${ide.id}`, { token })).status).toBe(204);
    expect((await t.request("GET", "/api/tasks", { token: created.token })).status).toBe(401);
  });

  it("slows down repeated failed sign-ins for a username", async () => {
    await t.signup("frank");
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await t.request("POST", "/api/auth/login", { body: { username: "frank", password: "nope-nope" } })).status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    const locked = await t.request("POST", "/api/auth/login", { body: { username: "frank", password: "correct horse" } });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("rejects bad sign-up input naming the field", async () => {
    for (const [body, field] of [
      [{ username: "x", password: "long enough" }, "username"],
      [{ username: "gina", password: "short" }, "password"],
      [{ username: "gina", password: "long enough", timeZone: "Mars/Olympus" }, "timeZone"],
      [{ username: "gina", password: "long enough", admin: true }, "admin"],
      [{ username: 42, password: "long enough" }, "username"],
    ] as const) {
      const response = await t.request("POST", "/api/auth/signup", { body });
      expect(response.status).toBe(400);
      expect((await response.json()).error.message).toContain(field);
    }
    const notJson = await t.request("POST", "/api/auth/signup", { rawBody: "{username:" });
    expect(notJson.status).toBe(400);
  });

  it("never shows or changes another user's task: every route answers 404", async () => {
    const owner = await t.signup("owner");
    const other = await t.signup("intruder");
    const created = await (await t.request("POST", "/api/tasks", { token: owner.token, body: { title: "private" } })).json();
    const id = created.task.id;
    const attempts: Array<[string, string, unknown?]> = [
      ["GET", `/api/tasks/${id}`],
      ["PATCH", `/api/tasks/${id}`, { title: "hacked" }],
      ["POST", `/api/tasks/${id}/complete`],
      ["POST", `/api/tasks/${id}/reopen`],
      ["DELETE", `/api/tasks/${id}`],
    ];
    for (const [method, path, body] of attempts) {
      const response = await t.request(method, path, { token: other.token, body });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    const theirList = await (await t.request("GET", "/api/tasks?status=all", { token: other.token })).json();
    expect(theirList.tasks).toEqual([]);
    const mine = await (await t.request("GET", `/api/tasks/${id}`, { token: owner.token })).json();
    expect(mine.task).toMatchObject({ title: "private", status: "open", version: 1 });
  });

  it("rejects bad task input on every writing route, naming the field and losing nothing", async () => {
    const { token } = await t.signup("validator");
    const created = await (await t.request("POST", "/api/tasks", { token, body: { title: "keep me" } })).json();
    const id = created.task.id;
    const cases: Array<[string, string, unknown, string]> = [
      ["POST", "/api/tasks", { title: "x".repeat(10_000) }, "title"],
      ["POST", "/api/tasks", { title: "" }, "title"],
      ["POST", "/api/tasks", { title: 5 }, "title"],
      ["POST", "/api/tasks", { title: "a", priority: "critical-ish" }, "priority"],
      ["POST", "/api/tasks", { title: "a", dueAt: "2026-06-11T10:00:00Z", dueDate: "2026-06-11" }, "dueAt"],
      ["POST", "/api/tasks", { title: "a", due: "blorp" }, "due"],
      ["POST", "/api/tasks", { title: "a", dueDate: "2026-13-45" }, "dueDate"],
      ["POST", "/api/tasks", { title: "a", recurrence: "FREQ=SOMETIMES" }, "recurrence"],
      ["POST", "/api/tasks", { title: "a", recurrence: "FREQ=DAILY;BYDAY=XX" }, "recurrence"],
      ["POST", "/api/tasks", { title: "a", recurrence: "whenever I feel like it" }, "recurrence"],
      ["POST", "/api/tasks", { title: "a", reminderMinutesBefore: 10 }, "reminderMinutesBefore"],
      ["POST", "/api/tasks", { title: "a", reminderMinutesBefore: -5, due: "tomorrow" }, "reminderMinutesBefore"],
      ["POST", "/api/tasks", { title: "a", tags: ["two words"] }, "tags"],
      ["POST", "/api/tasks", { title: "a", owner: "someone" }, "owner"],
      ["PATCH", `/api/tasks/${id}`, { title: "x".repeat(501) }, "title"],
      ["PATCH", `/api/tasks/${id}`, { title: null }, "title"],
      ["PATCH", `/api/tasks/${id}`, { status: "done" }, "status"],
      ["PATCH", `/api/tasks/${id}`, { version: "one" }, "version"],
      ["PATCH", "/api/tasks/not-a-uuid", { title: "b" }, "id"],
      ["POST", "/api/tasks/not-a-uuid/complete", undefined, "id"],
      ["DELETE", "/api/tasks/not-a-uuid", undefined, "id"],
    ];
    for (const [method, path, body, field] of cases) {
      const response = await t.request(method, path, { token, body });
      expect(response.status, `${method} ${path} ${String(JSON.stringify(body)).slice(0, 60)}`).toBe(400);
      const message = (await response.json()).error.message as string;
      expect(message, message).toContain(field);
    }
    const after = await (await t.request("GET", `/api/tasks/${id}`, { token })).json();
    expect(after.task).toMatchObject({ title: "keep me", version: 1 });
  });
});

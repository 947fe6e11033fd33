import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Database } from "@todo/db";
import { databaseTargets } from "./support/databases.ts";
import { testBackbone } from "./support/backbone.ts";
import { mountGateway } from "./support/gateway.ts";
import { listen } from "./support/http-server.ts";

const NUL = "\u0000";
const LONE = "\ud800";
const forgedCursor = (value: unknown, sort = "dueAt", order = "asc") =>
  Buffer.from(JSON.stringify({ s: sort, o: order, v: value, i: "00000000-0000-4000-8000-000000000000" })).toString("base64url");

/** [what, field that the answer must name, arguments] for add_task / POST /api/tasks. */
const BAD_ADDS: Array<[string, string, Record<string, unknown>]> = [
  ["NUL in the title", "title", { title: `buy${NUL}milk` }],
  ["a lone surrogate in the title", "title", { title: `buy ${LONE} milk` }],
  ["a lone low surrogate in the title", "title", { title: "\udc00" }],
  ["NUL in the description", "description", { title: "a", description: `x${NUL}` }],
  ["NUL in a tag", "tags", { title: "a", tags: [`home${NUL}`] }],
  ["NUL in due", "due", { title: "a", due: `tomorrow${NUL}` }],
  ["NUL in recurrence", "recurrence", { title: "a", recurrence: `FREQ=DAILY${NUL}` }],
  ["year 0 dueAt", "dueAt", { title: "a", dueAt: "0000-01-01T00:00:00Z" }],
  ["year 1899 dueAt", "dueAt", { title: "a", dueAt: "1899-12-31T12:00:00Z" }],
  ["year 9999 dueAt", "dueAt", { title: "a", dueAt: "9999-12-31T23:59:59Z" }],
  ["year 0 dueDate", "dueDate", { title: "a", dueDate: "0000-01-01" }],
  ["year 3000 dueDate", "dueDate", { title: "a", dueDate: "3000-01-01" }],
  ["due in 8000 years", "due", { title: "a", due: "in 8000 years" }],
  ["due in 99999999999999 minutes", "due", { title: "a", due: "in 99999999999999 minutes" }],
  ["due in 99999999999 days", "due", { title: "a", due: "in 99999999999 days" }],
  ["due in 2000 years", "due", { title: "a", due: "in 2000 years" }],
  ["due as year-0 ISO date", "due", { title: "a", due: "0000-01-01" }],
  ["a rule that never occurs (Feb 31)", "recurrence", { title: "x", recurrence: "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31" }],
  ["BYWEEKNO on a daily rule", "recurrence", { title: "x", recurrence: "FREQ=DAILY;BYWEEKNO=53;BYMONTH=6" }],
  ["week 53 in June", "recurrence", { title: "x", recurrence: "FREQ=YEARLY;BYWEEKNO=53;BYMONTH=6" }],
  ["a sixth Monday", "recurrence", { title: "x", recurrence: "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6" }],
  ["Feb 29 on a Monday (every 28 years)", "recurrence", { title: "x", recurrence: "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO" }],
  ["an absurd INTERVAL", "recurrence", { title: "x", recurrence: "FREQ=DAILY;INTERVAL=5000" }],
  ["INTERVAL 1001", "recurrence", { title: "x", recurrence: "FREQ=WEEKLY;INTERVAL=1001" }],
  ["UNTIL in year 0", "recurrence", { title: "x", recurrence: "FREQ=DAILY;UNTIL=00000101" }],
  ["UNTIL already past", "recurrence", { title: "x", recurrence: "FREQ=DAILY;UNTIL=20200101" }],
];

/** [what, field, query string] for list_tasks / GET /api/tasks. */
const BAD_LISTS: Array<[string, string, Record<string, string>]> = [
  ["NUL in search", "search", { search: `milk${NUL}` }],
  ["NUL in a tag filter", "tags", { tags: `home${NUL}` }],
  ["year 0 dueFrom", "dueFrom", { dueFrom: "0000-01-01" }],
  ["year 5000 dueTo", "dueTo", { dueTo: "5000-01-01" }],
  ["a forged cursor with a garbage instant", "cursor", { cursor: forgedCursor("garbage") }],
  ["a forged cursor with a huge instant", "cursor", { cursor: forgedCursor("+275760-09-13T00:00:00.000Z") }],
  ["a forged cursor with a number", "cursor", { cursor: forgedCursor(1e308) }],
  ["a forged cursor with NUL in a title", "cursor", { cursor: forgedCursor(`a${NUL}`, "title") }],
  ["a forged cursor with a null createdAt", "cursor", { cursor: forgedCursor(null, "createdAt", "desc") }],
  ["a cursor that is not base64 JSON", "cursor", { cursor: "!!!not-a-cursor" }],
];

async function connect(url: string, token: string): Promise<Client> {
  const client = new Client({ name: "bad-input-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL("/mcp", url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  return client;
}

describe.each(databaseTargets())("bad input on $name", (target) => {
  let db: Database;
  let t: ReturnType<typeof testBackbone>;
  let server: { url: string; close(): Promise<void> };
  let token: string;
  let mcp: Client;
  let existingId: string;
  const tally = { tried: 0, serverErrors: 0 };

  async function rest(method: string, path: string, body?: unknown, auth = true) {
    const response = await t.request(method, path, { token: auth ? token : undefined, body });
    tally.tried += 1;
    if (response.status >= 500) tally.serverErrors += 1;
    const text = await response.text();
    return { status: response.status, text };
  }

  async function tool(name: string, args: Record<string, unknown>) {
    const result = await mcp.callTool({ name, arguments: args });
    tally.tried += 1;
    const text = (result.content as Array<{ text?: string }>)[0]?.text ?? "";
    if (/internal/i.test(text)) tally.serverErrors += 1;
    return { isError: result.isError, text };
  }

  async function allTasks(): Promise<Array<{ id: string; title: string; dueAt: string | null; dueDate: string | null; recurrence: string | null }>> {
    const response = await t.request("GET", "/api/tasks?status=all&limit=100", { token });
    return ((await response.json()) as { tasks: any[] }).tasks;
  }

  beforeAll(async () => {
    db = await target.open();
    t = testBackbone(db, "2026-06-10T14:00:00Z");
    mountGateway(db, t);
    server = await listen(t.app);
    token = (await t.signup("alice")).token;
    mcp = await connect(server.url, token);
    const created = await t.request("POST", "/api/tasks", { token, body: { title: "keep me", dueDate: "2026-06-20" } });
    existingId = ((await created.json()) as { task: { id: string } }).task.id;
  });
  afterAll(async () => {
    await mcp?.close();
    await server?.close();
    await db?.close();
    // Printed for the report: how many bad inputs were sent and how many got a server error.
    console.info(`bad-input on ${target.name}: ${tally.tried} bad inputs, ${tally.serverErrors} server errors`);
  });

  it.each(BAD_ADDS)("POST /api/tasks answers 400 naming the field for %s", async (_what, field, body) => {
    const response = await rest("POST", "/api/tasks", body);
    expect(response.status, response.text).toBe(400);
    expect(response.text).toContain(field);
  });

  it.each(BAD_ADDS)("PATCH /api/tasks/:id answers 400 naming the field for %s", async (_what, field, body) => {
    const { title, ...others } = body;
    const change = field === "title" ? { title } : others;
    const response = await rest("PATCH", `/api/tasks/${existingId}`, change);
    expect(response.status, response.text).toBe(400);
    expect(response.text).toContain(field);
  });

  it.each(BAD_LISTS)("GET /api/tasks answers 400 naming the field for %s", async (_what, field, query) => {
    const response = await rest("GET", `/api/tasks?${new URLSearchParams(query)}`);
    expect(response.status, response.text).toBe(400);
    expect(response.text).toContain(field);
  });

  it.each(BAD_ADDS)("add_task and update_task give an error result naming the field for %s", async (_what, field, args) => {
    const added = await tool("add_task", args);
    expect(added.isError, added.text).toBe(true);
    expect(added.text).toContain(field);
    expect(added.text).not.toMatch(/internal/i);
    const { title, ...others } = args;
    const updated = await tool("update_task", { id: existingId, ...(field === "title" ? { title } : others) });
    expect(updated.isError, updated.text).toBe(true);
    expect(updated.text).toContain(field);
  });

  it.each(BAD_LISTS)("list_tasks gives an error result naming the field for %s", async (_what, field, query) => {
    const args: Record<string, unknown> = { ...query };
    if (typeof args.tags === "string") args.tags = [args.tags];
    const listed = await tool("list_tasks", args);
    expect(listed.isError, listed.text).toBe(true);
    expect(listed.text).toContain(field);
    expect(listed.text).not.toMatch(/internal/i);
  });

  it("list_tasks refuses a lone surrogate in search (a query string cannot carry one: UTF-8 has no such character)", async () => {
    const listed = await tool("list_tasks", { search: `milk${LONE}` });
    expect(listed.isError, listed.text).toBe(true);
    expect(listed.text).toContain("search");
  });

  it("refuses NUL and lone surrogates in accounts and token names with 400 naming the field", async () => {
    const cases: Array<[string, unknown, string, boolean]> = [
      ["/api/auth/signup", { username: `bob${NUL}`, password: "correct horse" }, "username", false],
      ["/api/auth/signup", { username: "bobby", password: `correct horse${NUL}` }, "password", false],
      ["/api/auth/login", { username: `alice${NUL}`, password: "correct horse" }, "username", false],
      ["/api/auth/login", { username: `alice${LONE}`, password: "correct horse" }, "username", false],
      ["/api/auth/tokens", { name: `my IDE${NUL}` }, "name", true],
      ["/api/auth/tokens", { name: `my IDE${LONE}` }, "name", true],
    ];
    for (const [path, body, field, auth] of cases) {
      const response = await rest("POST", path, body, auth);
      expect(response.status, `${path} ${response.text}`).toBe(400);
      expect(response.text).toContain(field);
    }
    const tokens = await t.request("GET", "/api/auth/tokens", { token });
    expect(((await tokens.json()) as { tokens: unknown[] }).tokens).toHaveLength(1);
    const login = await t.request("POST", "/api/auth/login", { body: { username: "bobby", password: "correct horse" } });
    expect(login.status).toBe(401);
  });

  it("refuses NUL and lone surrogates in push subscriptions with 400 naming the field", async () => {
    const good = {
      endpoint: "https://push.example.com/abc",
      keys: { p256dh: "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM", auth: "tBHItJI5svbpez7KI4CCXg" },
    };
    const cases: Array<[unknown, string]> = [
      [{ ...good, endpoint: `https://push.example.com/a${NUL}b` }, "endpoint"],
      [{ ...good, endpoint: `https://push.example.com/a${LONE}b` }, "endpoint"],
      [{ ...good, keys: { ...good.keys, p256dh: `${good.keys.p256dh}${NUL}` } }, "p256dh"],
      [{ ...good, keys: { ...good.keys, auth: `${LONE}${good.keys.auth}` } }, "auth"],
    ];
    for (const [body, field] of cases) {
      const response = await rest("POST", "/api/push/subscriptions", body);
      expect(response.status, response.text).toBe(400);
      expect(response.text).toContain(field);
    }
    const removed = await rest("DELETE", "/api/push/subscriptions", { endpoint: `https://push.example.com/a${NUL}` });
    expect(removed.status, removed.text).toBe(400);
    expect(removed.text).toContain("endpoint");
    expect(await db.prisma.pushSubscription.count()).toBe(0);
  });

  it("refuses a chat message with a lone surrogate or NUL with 400 and does nothing", async () => {
    for (const message of ["add buy \ud800 milk", `add buy ${NUL} milk`, "add buy \udfff milk tomorrow"]) {
      const response = await rest("POST", "/api/chat", { message });
      expect(response.status, response.text).toBe(400);
      expect(response.text).toContain("message");
    }
    expect(await db.prisma.chatMessage.count()).toBe(0);
  });

  it("persisted nothing from any of the bad inputs", async () => {
    const tasks = await allTasks();
    expect(tasks.map((task) => task.title)).toEqual(["keep me"]);
    expect(tasks[0]).toMatchObject({ dueDate: "2026-06-20", dueAt: null, recurrence: null });
    expect(tally.serverErrors).toBe(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Database } from "@todo/db";
import { databaseTargets } from "./support/databases.ts";
import { testApp } from "./support/app.ts";
import { listen } from "./support/http-server.ts";

async function connect(url: string, token: string): Promise<Client> {
  const client = new Client({ name: "test-client", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL("/mcp", url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  return client;
}

const textOf = (result: unknown) => (result as { content: Array<{ type: string; text: string }> }).content[0]?.text ?? "";

describe.each(databaseTargets())("MCP answers over HTTP: shared servers, lean text, on $name", (target) => {
  let db: Database;
  let t: ReturnType<typeof testApp>;
  let server: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    db = await target.open();
    t = testApp(db, "2026-06-10T14:00:00Z");
    server = await listen(t.app);
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it("answers many users' calls at once, each with only their own tasks", async () => {
    const users = await Promise.all(["ann", "ben", "cat"].map((name) => t.signup(`${name}-${Date.now()}`, "Europe/Paris")));
    const clients = await Promise.all(users.map((user) => connect(server.url, user.token)));
    await Promise.all(
      clients.map(async (client, n) => {
        for (let i = 0; i < 2; i++) await client.callTool({ name: "add_task", arguments: { title: `user ${n} task ${i}` } });
      }),
    );
    // Interleaved: 3 users × 4 lists in flight together, on the same pool of servers.
    const pages = await Promise.all(
      clients.flatMap((client, n) =>
        Array.from({ length: 4 }, async () => ({ n, result: await client.callTool({ name: "list_tasks", arguments: {} }) })),
      ),
    );
    for (const { n, result } of pages) {
      const titles = (result.structuredContent as { tasks: Array<{ title: string }> }).tasks.map((task) => task.title).sort();
      expect(titles).toEqual([`user ${n} task 0`, `user ${n} task 1`]);
      expect(textOf(result)).toContain(`user ${n} task 0`);
    }
    await Promise.all(clients.map((client) => client.close()));
  }, 120_000); // three sign-ups (argon2) and 18 calls on a loaded 2-core machine

  it("stops answering a revoked token at once, even on a server that answered it before", async () => {
    const { token } = await t.signup(`revoked-${Date.now()}`);
    const client = await connect(server.url, token);
    await client.callTool({ name: "add_task", arguments: { title: "before revoking" } });
    const tokens = (await (await t.request("GET", "/api/auth/tokens", { token })).json()) as { tokens: Array<{ id: string }> };
    const revoked = await t.request("DELETE", `/api/auth/tokens/${tokens.tokens[0]!.id}`, { token });
    expect(revoked.status).toBeLessThan(300);
    await expect(client.callTool({ name: "list_tasks", arguments: {} })).rejects.toThrow(/401|unknown, expired or revoked|unknown or revoked/);
    await client.close().catch(() => {});
  });

  it("answers with one compact line per task for a model, the full JSON only in structuredContent", async () => {
    const { token } = await t.signup(`lean-${Date.now()}`, "America/New_York");
    const client = await connect(server.url, token);
    const added = await client.callTool({
      name: "add_task",
      arguments: { title: "call mom", due: "tomorrow 6pm", priority: "high", tags: ["family"], recurrence: "weekly", description: "about the trip" },
    });
    const id = (added.structuredContent as { task: { id: string } }).task.id;
    // The clock is 2026-06-10T14:00Z = 10:00 in New York: tomorrow is Thursday 11 June.
    expect(textOf(added)).toBe(`Added 'call mom' (due tomorrow 6:00 PM, repeats weekly, high, #family) id ${id}`);
    for (let i = 0; i < 3; i++) await client.callTool({ name: "add_task", arguments: { title: `errand ${i}`, due: "2026-06-20" } });

    const listed = await client.callTool({ name: "list_tasks", arguments: { limit: 2 } });
    const lines = textOf(listed).split("\n");
    expect(lines[0]).toBe("Today is 2026-06-10 (America/New_York). 2 task(s):");
    expect(lines[1]).toBe(`- 'call mom' (due tomorrow 6:00 PM, repeats weekly, high, #family) id ${id}`);
    expect(lines[2]).toMatch(/^- 'errand \d' \(due Sat 20 Jun, medium\) id [0-9a-f-]{36}$/);
    const cursor = (listed.structuredContent as { nextCursor: string | null }).nextCursor;
    expect(cursor).toBeTruthy();
    expect(lines[3]).toBe(`More: call again with cursor "${cursor}"`);
    expect(textOf(listed)).not.toContain("{");
    expect((listed.structuredContent as { tasks: Array<{ description: string | null }> }).tasks[0]!.description).toBe("about the trip");

    // A task outside the Inbox names its list; a task in the Inbox does not.
    await client.callTool({ name: "add_list", arguments: { name: "Work" } });
    const filed = await client.callTool({ name: "add_task", arguments: { title: "send report", list: "Work", tags: ["q3"] } });
    const filedId = (filed.structuredContent as { task: { id: string } }).task.id;
    expect(textOf(filed)).toBe(`Added 'send report' (medium, #q3, in Work) id ${filedId}`);
    const inWork = await client.callTool({ name: "list_tasks", arguments: { list: "Work" } });
    expect(textOf(inWork).split("\n")).toEqual([
      "Today is 2026-06-10 (America/New_York). 1 task(s):",
      `- 'send report' (medium, #q3, in Work) id ${filedId}`,
    ]);

    const got = await client.callTool({ name: "get_task", arguments: { id } });
    expect(textOf(got).split("\n")).toEqual([`'call mom' (due tomorrow 6:00 PM, repeats weekly, high, #family) id ${id}`, "about the trip"]);
    await client.close();
  });

  it("reads each request's body once: a body that is not JSON gets a parse error, and initialize still gets the user's own instructions", async () => {
    const { token } = await t.signup(`parse-${Date.now()}`, "Asia/Tokyo");
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json, text/event-stream" };
    const broken = await fetch(new URL("/mcp", server.url), { method: "POST", headers, body: '{"jsonrpc": "2.0", "method": "tools/li' });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { code: number } }).error.code).toBe(-32700);
    // Tool calls first (pooled servers), then a new session: its instructions name this user's zone.
    const other = await t.signup(`parse-other-${Date.now()}`, "Europe/Paris");
    const first = await connect(server.url, other.token);
    await first.callTool({ name: "list_tasks", arguments: {} });
    const client = await connect(server.url, token);
    expect(client.getInstructions()).toContain("Asia/Tokyo");
    expect(client.getInstructions()).not.toContain("Europe/Paris");
    await Promise.all([first.close(), client.close()]);
  });
});

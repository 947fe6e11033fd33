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

describe.each(databaseTargets())("MCP tools over Streamable HTTP on $name", (target) => {
  let db: Database;
  let server: { url: string; close(): Promise<void> };
  let alice: Client;
  let bob: Client;

  beforeAll(async () => {
    db = await target.open();
    const t = testApp(db, "2026-06-10T14:00:00Z");
    server = await listen(t.app);
    alice = await connect(server.url, (await t.signup("alice")).token);
    bob = await connect(server.url, (await t.signup("bob", "Asia/Tokyo")).token);
  });
  afterAll(async () => {
    await alice?.close();
    await bob?.close();
    await server?.close();
    await db?.close();
  });

  it("lists the task tools with schemas, output schemas and honest annotations", async () => {
    const { tools } = await alice.listTools();
    const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
    expect(Object.keys(byName).sort()).toEqual([
      "add_list",
      "add_task",
      "add_tasks",
      "complete_task",
      "complete_tasks",
      "delete_list",
      "delete_task",
      "get_task",
      "list_lists",
      "list_tasks",
      "restore_task",
      "update_list",
      "update_task",
      "update_tasks",
    ]);
    expect(byName.list_tasks!.annotations).toMatchObject({ readOnlyHint: true });
    expect(byName.delete_task!.annotations).toMatchObject({ destructiveHint: true });
    expect(byName.complete_task!.annotations).toMatchObject({ idempotentHint: true });
    expect(byName.add_task!.inputSchema.properties).toHaveProperty("due");
    expect((byName.add_task!.inputSchema.properties as any).title.description).toBeTruthy();
    expect(byName.list_tasks!.outputSchema).toBeDefined();
  });

  it("adds, lists, updates, completes and deletes a task with structured results", async () => {
    const added = await alice.callTool({ name: "add_task", arguments: { title: "buy milk", due: "tomorrow 9am", tags: ["errands"] } });
    expect(added.isError).toBeFalsy();
    const task = (added.structuredContent as any).task;
    expect(task).toMatchObject({ title: "buy milk", dueAt: "2026-06-11T09:00:00-05:00", tags: ["errands"] });

    const listed = await alice.callTool({ name: "list_tasks", arguments: { tags: ["errands"] } });
    expect((listed.structuredContent as any).tasks.map((t: any) => t.id)).toEqual([task.id]);
    expect((listed.content as any)[0].text).toContain("buy milk");

    const updated = await alice.callTool({ name: "update_task", arguments: { id: task.id, due: null, priority: "urgent" } });
    expect((updated.structuredContent as any).task).toMatchObject({ dueAt: null, priority: "urgent" });

    const done = await alice.callTool({ name: "complete_task", arguments: { id: task.id } });
    expect((done.structuredContent as any).task.status).toBe("done");
    const again = await alice.callTool({ name: "complete_task", arguments: { id: task.id } });
    expect((again.structuredContent as any).task.completedAt).toBe((done.structuredContent as any).task.completedAt);

    const deleted = await alice.callTool({ name: "delete_task", arguments: { id: task.id } });
    expect(deleted.isError).toBeFalsy();
    const gone = await alice.callTool({ name: "get_task", arguments: { id: task.id } });
    expect(gone.isError).toBe(true);
  });

  it("keeps each user's tasks to themselves", async () => {
    const added = await alice.callTool({ name: "add_task", arguments: { title: "alice only" } });
    const id = (added.structuredContent as any).task.id;
    for (const [name, args] of [
      ["get_task", { id }],
      ["update_task", { id, title: "mine now" }],
      ["complete_task", { id }],
      ["delete_task", { id }],
    ] as const) {
      const result = await bob.callTool({ name, arguments: args });
      expect(result.isError, name).toBe(true);
      expect((result.content as any)[0].text).toContain("not_found");
    }
    const bobs = await bob.callTool({ name: "list_tasks", arguments: { status: "all" } });
    expect((bobs.structuredContent as any).tasks).toEqual([]);
    const still = await alice.callTool({ name: "get_task", arguments: { id } });
    expect((still.structuredContent as any).task).toMatchObject({ title: "alice only", status: "open" });
  });

  it("answers bad arguments with an error result that says what to fix", async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ["add_task", { title: "x".repeat(10_000) }, "title"],
      ["add_task", { title: 12 }, "title"],
      ["add_task", { title: "a", sneaky: true }, "sneaky"],
      ["add_task", { title: "a", due: "the twelfth of never" }, "due"],
      ["add_task", { title: "a", recurrence: "FREQ=DAILY;COUNT=2;UNTIL=20270101" }, "recurrence"],
      ["add_task", { title: "a", dueAt: "2026-06-11T10:00:00Z", dueDate: "2026-06-11" }, "dueDate"],
      ["update_task", { id: "nope", title: "b" }, "id"],
      ["list_tasks", { limit: 1000 }, "limit"],
      ["list_tasks", { dueFrom: "next week" }, "dueFrom"],
      ["complete_task", {}, "id"],
      ["delete_task", { id: 42 }, "id"],
    ];
    for (const [name, args, field] of cases) {
      const result = await alice.callTool({ name, arguments: args });
      expect(result.isError, `${name} ${JSON.stringify(args).slice(0, 60)}`).toBe(true);
      expect((result.content as any)[0].text).toContain(field);
    }
  });

  it("refuses MCP requests without a valid bearer token", async () => {
    const response = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain("Bearer");
  });
});

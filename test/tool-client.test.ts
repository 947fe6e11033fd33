import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { Database } from "@todo/db";
import { mcpToolClient } from "@todo/chat-gateway";
import { createMcpServer } from "../mcp-server/src/mcp/create-server.ts";
import { databaseTargets } from "./support/databases.ts";
import { silentLogger, testApp } from "./support/app.ts";

describe.each(databaseTargets())("the gateway's typed tool client on $name", (target) => {
  let db: Database;

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(() => db.close());

  /** A signed-up user's MCP server, in process, and an SDK client connected to it. */
  async function connect() {
    const t = testApp(db);
    const username = `tools-${randomUUID().slice(0, 8)}`;
    const { userId } = await t.signup(username, "America/Chicago");
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const server = createMcpServer({ context: t.contextFor({ id: userId, username, timeZone: "America/Chicago" }), logger: silentLogger });
    await server.connect(serverSide);
    const client = new Client({ name: "tool-client-test", version: "0.0.0" });
    await client.connect(clientSide);
    return { client, tools: mcpToolClient(client), close: () => client.close().then(() => server.close()) };
  }

  it("returns a tool's result parsed with that tool's output schema", async () => {
    const { tools, close } = await connect();
    try {
      const added = await tools.call("add_task", { title: "call mom", due: "tomorrow 6pm" });
      if (!added.ok) throw new Error(`add_task failed: ${added.message}`);
      expect(added.data.task).toMatchObject({ title: "call mom", dueAt: "2026-06-11T18:00:00-05:00", status: "open" });
      const listed = await tools.call("list_tasks", { status: "all" });
      expect(listed).toMatchObject({ ok: true, data: { tasks: [{ id: added.data.task.id }], nextCursor: null } });
    } finally {
      await close();
    }
  });

  it("gives the error code of a failed call, also after the tools were listed", async () => {
    const { tools, close } = await connect();
    try {
      // Listing makes the SDK client check later results against each tool's output schema.
      await tools.list();
      const missing = await tools.call("get_task", { id: randomUUID() });
      expect(missing).toMatchObject({ ok: false, code: "not_found" });
      if (missing.ok) return;
      expect(missing.message).not.toMatch(/^not_found/);
      const conflict = await tools.call("add_task", { title: "x", due: "friday", dueDate: "2026-06-12" });
      expect(conflict).toMatchObject({ ok: false, code: "invalid_input" });
    } finally {
      await close();
    }
  });

  it("reports arguments the server refuses, and unknown tools, as invalid input naming the problem", async () => {
    const { tools, close } = await connect();
    try {
      const empty = await tools.callByName("add_task", { title: "" });
      expect(empty).toMatchObject({ ok: false, code: "invalid_input", message: expect.stringContaining("title") });
      const unknown = await tools.callByName("fly_to_the_moon", {});
      expect(unknown).toMatchObject({ ok: false, code: "invalid_input", message: expect.stringContaining("fly_to_the_moon") });
    } finally {
      await close();
    }
  });

  it("lets any MCP SDK client that listed the tools read a failed call as an error result with its code", async () => {
    const { client, close } = await connect();
    try {
      await client.listTools();
      const result = await client.callTool({ name: "get_task", arguments: { id: randomUUID() } });
      expect(result.isError).toBe(true);
      expect(result.content).toEqual([{ type: "text", text: expect.stringMatching(/^not_found: /) }]);
      expect(result._meta?.["todo-chatbot/error"]).toMatchObject({ code: "not_found" });
    } finally {
      await close();
    }
  });
});

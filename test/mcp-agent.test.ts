import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Hono } from "hono";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import type { Database } from "@todo/db";
import { databaseTargets } from "./support/databases.ts";
import { testApp } from "./support/app.ts";
import { listen } from "./support/http-server.ts";

const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "browser-page", version: "1" } },
};

async function connect(url: string, token: string, capabilities: ConstructorParameters<typeof Client>[1] = {}): Promise<Client> {
  const client = new Client({ name: "agent", version: "1.0.0" }, capabilities);
  await client.connect(new StreamableHTTPClientTransport(new URL("/mcp", url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  return client;
}

/** The text of a tool result's first content item. */
const text = (result: Record<string, unknown>) => ((result.content as Array<{ text: string }>)[0] ?? { text: "" }).text;

describe.each(databaseTargets())("MCP for agents over Streamable HTTP on $name", (target) => {
  let db: Database;
  let t: ReturnType<typeof testApp>;
  let server: { url: string; close(): Promise<void> };
  let token: string;
  let alice: Client;
  let mcpGets = 0;

  beforeAll(async () => {
    db = await target.open();
    t = testApp(db, "2026-06-10T14:00:00Z", { allowedOrigins: ["https://todo.example.com"] });
    // Counts the SDK client's GET /mcp attempts (its server-to-client stream) before the real app answers.
    const counting = new Hono();
    counting.use("/mcp", async (c, next) => {
      if (c.req.method === "GET") mcpGets++;
      await next();
    });
    counting.route("/", t.app);
    server = await listen(counting);
    token = (await t.signup("alice")).token;
    alice = await connect(server.url, token);
  });
  afterAll(async () => {
    await alice?.close();
    await server?.close();
    await db?.close();
  });

  const post = (headers: Record<string, string>, body: unknown = INITIALIZE) =>
    fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify(body),
    });

  it("refuses a request from a web origin that is not allowed with 403 and a JSON-RPC error", async () => {
    const response = await post({ origin: "https://evil.example" });
    expect(response.status).toBe(403);
    const body = await response.json();
    expect(body).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32000 } });
    expect(body.error.message).toContain("MCP_ALLOWED_ORIGINS");
    // Origin comes before the token: even without one the answer is 403, not 401.
    const anonymous = await fetch(`${server.url}/mcp`, { method: "POST", headers: { origin: "https://evil.example" }, body: "{}" });
    expect(anonymous.status).toBe(403);
  });

  it("lets in no Origin (IDEs, SDK clients), the page's own origin on this machine, and configured origins", async () => {
    expect((await post({})).status).toBe(200);
    expect((await post({ origin: server.url })).status).toBe(200);
    expect((await post({ origin: server.url.replace("127.0.0.1", "localhost") })).status).toBe(403); // another host than the request's
    expect((await post({ origin: "https://todo.example.com" })).status).toBe(200);
    expect((await post({ origin: "null" })).status).toBe(403);
  });

  it("refuses a DNS-rebinding request whose Origin and Host both name a foreign host", async () => {
    const response = await t.app.request("http://evil.example:3000/mcp", {
      method: "POST",
      headers: {
        host: "evil.example:3000",
        origin: "http://evil.example:3000",
        "content-type": "application/json",
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify(INITIALIZE),
    });
    expect(response.status).toBe(403);
  });

  it("answers GET /mcp with 405 and Allow: POST, and the SDK client does not keep reconnecting", async () => {
    const response = await fetch(`${server.url}/mcp`, { headers: { accept: "text/event-stream", authorization: `Bearer ${token}` } });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect((await response.json()).error.message).toContain("POST");

    mcpGets = 0;
    const client = await connect(server.url, token);
    try {
      await client.listTools();
      // Before the fix the client reconnected about once a second; watch for three seconds (a
      // deadline, polled) that it asks at most once.
      const deadline = Date.now() + 3_000;
      while (Date.now() < deadline) {
        expect(mcpGets).toBeLessThanOrEqual(1);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(mcpGets).toBeLessThanOrEqual(1);
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });

  it("tells the agent the user's time zone and today in the instructions and in every list_tasks result", async () => {
    expect(alice.getInstructions()).toContain("America/Chicago");
    expect(alice.getInstructions()).toContain("2026-06-10");
    const listed = await alice.callTool({ name: "list_tasks", arguments: {} });
    expect(listed.structuredContent).toMatchObject({ today: "2026-06-10", timeZone: "America/Chicago" });
    expect(text(listed)).toContain("Today is 2026-06-10 (America/Chicago)");
  });

  it("takes one priority as well as a list of them in list_tasks", async () => {
    const urgent = (await alice.callTool({ name: "add_task", arguments: { title: "lenient high", priority: "high", tags: ["lenient"] } }))
      .structuredContent as any;
    await alice.callTool({ name: "add_task", arguments: { title: "lenient low", priority: "low", tags: ["lenient"] } });
    const one = await alice.callTool({ name: "list_tasks", arguments: { priority: "high", tags: ["lenient"] } });
    const many = await alice.callTool({ name: "list_tasks", arguments: { priority: ["high"], tags: ["lenient"] } });
    expect((one.structuredContent as any).tasks.map((task: any) => task.id)).toEqual([urgent.task.id]);
    expect((many.structuredContent as any).tasks).toEqual((one.structuredContent as any).tasks);
    const wrong = await alice.callTool({ name: "list_tasks", arguments: { priority: "very" } });
    expect(wrong.isError).toBe(true);
    expect(text(wrong)).toContain("priority");
  });

  it("answers a repeat sent as due by pointing at recurrence with the call to make", async () => {
    const result = await alice.callTool({ name: "add_task", arguments: { title: "team retro", due: "every last friday" } });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('"recurrence": "every last friday"');
    expect(text(result)).not.toContain("did not understand");
    const fixed = await alice.callTool({ name: "add_task", arguments: { title: "team retro", recurrence: "every last friday" } });
    expect((fixed.structuredContent as any).task).toMatchObject({ recurrence: "FREQ=MONTHLY;BYDAY=-1FR", dueDate: "2026-06-26" });
  });

  it("returns the next occurrence (id and due) when completing a repeating task, the same one when completed again", async () => {
    const added = await alice.callTool({ name: "add_task", arguments: { title: "water plants", due: "2026-06-12", recurrence: "every friday" } });
    const task = (added.structuredContent as any).task;
    const done = await alice.callTool({ name: "complete_task", arguments: { id: task.id } });
    const next = (done.structuredContent as any).nextOccurrence;
    expect(next).toMatchObject({ created: true, task: { title: "water plants", dueDate: "2026-06-19", status: "open" } });
    expect(next.task.id).not.toBe(task.id);
    expect(text(done)).toContain(next.task.id);
    const again = await alice.callTool({ name: "complete_task", arguments: { id: task.id } });
    expect((again.structuredContent as any).nextOccurrence.task.id).toBe(next.task.id);
    const open = await alice.callTool({ name: "list_tasks", arguments: { search: "water plants" } });
    expect((open.structuredContent as any).tasks.map((t: any) => t.id)).toEqual([next.task.id]);

    const last = await alice.callTool({ name: "add_task", arguments: { title: "twice only", due: "2026-06-12", recurrence: "FREQ=WEEKLY;COUNT=1" } });
    const ended = await alice.callTool({ name: "complete_task", arguments: { id: (last.structuredContent as any).task.id } });
    expect((ended.structuredContent as any).nextOccurrence).toMatchObject({ ended: true });
  });

  it("offers today, overdue and per-tag task lists as resources, completing tag names", async () => {
    await alice.callTool({ name: "add_task", arguments: { title: "due today", due: "2026-06-10", tags: ["work"] } });
    await alice.callTool({ name: "add_task", arguments: { title: "was due", due: "2026-06-08", tags: ["workshop"] } });
    const { resources } = await alice.listResources();
    expect(resources.map((r) => r.uri)).toEqual(
      expect.arrayContaining(["tasks://today", "tasks://overdue", "tasks://tag/work", "tasks://tag/workshop"]),
    );
    const { resourceTemplates } = await alice.listResourceTemplates();
    expect(resourceTemplates.map((r) => r.uriTemplate)).toContain("tasks://tag/{tag}");

    const read = async (uri: string) => JSON.parse(((await alice.readResource({ uri })).contents[0] as { text: string }).text);
    const today = await read("tasks://today");
    expect(today).toMatchObject({ today: "2026-06-10", timeZone: "America/Chicago" });
    expect(today.tasks.map((task: any) => task.title)).toEqual(["due today"]);
    expect((await read("tasks://overdue")).tasks.map((task: any) => task.title)).toEqual(["was due"]);
    expect((await read("tasks://tag/workshop")).tasks.map((task: any) => task.title)).toEqual(["was due"]);
    expect((await read("tasks://tag/Work")).tasks.map((task: any) => task.title)).toEqual(["due today"]);
    await expect(alice.readResource({ uri: "tasks://tag/has%20space" })).rejects.toThrow(/tag/);

    const completion = await alice.complete({ ref: { type: "ref/resource", uri: "tasks://tag/{tag}" }, argument: { name: "tag", value: "wo" } });
    expect(completion.completion.values.sort()).toEqual(["work", "workshop"]);
  });

  it("offers 'plan my day' and 'weekly review' prompts that use the tools with the user's dates", async () => {
    const { prompts } = await alice.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual(["plan_my_day", "weekly_review"]);
    const plan = await alice.getPrompt({ name: "plan_my_day", arguments: { focus: "the release" } });
    const planText = (plan.messages[0]!.content as { text: string }).text;
    expect(planText).toContain('"dueFrom": "2026-06-10"');
    expect(planText).toContain("list_tasks");
    expect(planText).toContain("the release");
    const review = await alice.getPrompt({ name: "weekly_review" });
    expect((review.messages[0]!.content as { text: string }).text).toContain('"dueTo": "2026-06-17"');
  });

  it("describes each tool as instructions: when to use it and where ids come from", async () => {
    const { tools } = await alice.listTools();
    for (const tool of tools) {
      expect(tool.description, tool.name).toMatch(/'[^']+'/); // an example phrase
      if (["update_task", "complete_task", "delete_task", "get_task"].includes(tool.name))
        expect(tool.description, tool.name).toContain("list_tasks");
    }
  });

  it("deletes without asking over stateless HTTP even when the client can answer elicitations", async () => {
    const client = await connect(server.url, token, { capabilities: { elicitation: { form: {} } } });
    let asked = 0;
    client.setRequestHandler(ElicitRequestSchema, async () => {
      asked++;
      return { action: "decline" };
    });
    try {
      const added = await client.callTool({ name: "add_task", arguments: { title: "delete me over http" } });
      const deleted = await client.callTool({ name: "delete_task", arguments: { id: (added.structuredContent as any).task.id } });
      expect(deleted.isError).toBeFalsy();
      expect(asked).toBe(0);
    } finally {
      await client.close();
    }
  });
});

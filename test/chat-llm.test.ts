import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@todo/db";
import { databaseTargets } from "./support/databases.ts";
import { testGateway } from "./support/gateway.ts";
import { completion, scriptedModel } from "./support/scripted-model.ts";

describe.each(databaseTargets())("the chat with a language model on $name", (target) => {
  let db: Database;

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(() => db.close());

  it("offers the MCP tools, runs the model's tool calls and feeds results and errors back", async () => {
    const model = await scriptedModel([
      () => ({
        body: completion({
          tool_calls: [
            {
              id: "call_1",
              type: "function",
              function: { name: "add_task", arguments: JSON.stringify({ title: "call mom", due: "tomorrow 6pm", reminderMinutesBefore: 0 }) },
            },
            { id: "call_2", type: "function", function: { name: "add_task", arguments: JSON.stringify({ title: "", due: "blorp" }) } },
          ],
        }),
      }),
      () => ({ body: completion({ content: "Added 'call mom' for tomorrow at 6 PM; I'll remind you then." }) }),
    ]);
    try {
      const t = testGateway(db, "2026-11-26T15:00:00Z", { apiKey: "sk-test", baseURL: model.url, model: "scripted" });
      const { token } = await t.signup("llm-user", "America/New_York");
      const { status, body } = await t.chat(token, "remind me to call mom tomorrow at 6pm");
      expect(status).toBe(200);
      expect(body.reply).toBe("Added 'call mom' for tomorrow at 6 PM; I'll remind you then.");
      expect(body.actions.map((a) => [a.tool, a.error === undefined])).toEqual([
        ["add_task", true],
        ["add_task", false],
      ]);

      const [first, second] = model.received;
      expect(first.model).toBe("scripted");
      expect(first.tools.map((tool: any) => tool.function.name).sort()).toEqual([
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
      expect(first.tools.find((tool: any) => tool.function.name === "add_task").function.parameters.properties).toHaveProperty("due");
      expect(first.messages[0].role).toBe("system");
      expect(first.messages[0].content).toContain("America/New_York");
      expect(first.messages[0].content).toContain("Thursday 26 November 2026, 10:00");
      expect(first.messages.at(-1)).toEqual({ role: "user", content: "remind me to call mom tomorrow at 6pm" });
      const toolMessages = second.messages.filter((m: any) => m.role === "tool");
      expect(toolMessages.map((m: any) => m.tool_call_id)).toEqual(["call_1", "call_2"]);
      expect(JSON.parse(toolMessages[0].content).task).toMatchObject({ title: "call mom", dueAt: "2026-11-27T18:00:00-05:00" });
      expect(toolMessages[1].content).toMatch(/^Error: .*title/);
      expect(await db.prisma.task.count({ where: { title: "call mom" } })).toBe(1);
    } finally {
      model.close();
    }
  });

  it("turns a provider failure into a clear reply, not a server error", async () => {
    const model = await scriptedModel([() => ({ status: 401, body: { error: { message: "bad key" } } })]);
    try {
      const t = testGateway(db, "2026-11-26T15:00:00Z", { apiKey: "sk-wrong", baseURL: model.url, model: "scripted" });
      const { token } = await t.signup("llm-user-2");
      const { status, body } = await t.chat(token, "buy milk");
      expect(status).toBe(200);
      expect(body.reply).toBe("Sorry, the language model is unavailable right now (the API key was refused). Please try again in a moment.");
      const unreachable = testGateway(db, "2026-11-26T15:00:00Z", { apiKey: "sk", baseURL: "http://127.0.0.1:1/v1", model: "x", timeoutMs: 2_000 });
      const again = await unreachable.chat(token, "buy milk");
      expect(again.body.reply).toMatch(/language model is unavailable/);
    } finally {
      model.close();
    }
  });

  it("stops after the step limit when the model never stops calling tools", async () => {
    const loop = () => ({ body: completion({ tool_calls: [{ id: "c", type: "function", function: { name: "list_tasks", arguments: "{}" } }] }) });
    const model = await scriptedModel(Array.from({ length: 10 }, () => loop));
    try {
      const t = testGateway(db, "2026-11-26T15:00:00Z", { apiKey: "sk", baseURL: model.url, model: "scripted", maxSteps: 3 });
      const { token } = await t.signup("llm-user-3");
      const { body } = await t.chat(token, "list everything forever");
      expect(body.reply).toBe("I stopped after 3 steps without finishing. Please try a simpler request.");
      expect(model.received).toHaveLength(3);
    } finally {
      model.close();
    }
  });
});

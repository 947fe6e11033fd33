import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { Database } from "@todo/db";
import { databaseTargets } from "./support/databases.ts";
import { testGateway } from "./support/gateway.ts";
import { uniqueUsername } from "./support/app.ts";
import { listen } from "./support/http-server.ts";
import { completion, readSse, scriptedModel } from "./support/scripted-model.ts";

// The LLM mode as the page uses it: tokens streamed over /api/chat/stream as the model sends them,
// follow-ups that rely on earlier tool results, and tool failures told with their message. The
// model is a scripted OpenAI-compatible server on loopback; the gateway is served over real HTTP.

const NOW = "2026-11-26T15:00:00Z"; // Thursday 10:00 in New York

type SseEvent = { event: string; data: any };

function deferred() {
  let resolve = () => {};
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe.each(databaseTargets())("the language-model chat, streamed and multi-turn, on $name", (target) => {
  let db: Database;

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(() => db.close());

  async function setup(llm: { baseURL: string } | undefined) {
    const t = testGateway(db, NOW, llm ? { apiKey: "sk-test", baseURL: llm.baseURL, model: "scripted" } : undefined);
    const { token } = await t.signup(uniqueUsername("streamer"), "America/New_York");
    const server = await listen(t.app);
    const stream = async (message: string, onEvent: (event: SseEvent) => void | Promise<void> = () => {}, conversationId?: string) => {
      const response = await fetch(`${server.url}/api/chat/stream`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify(conversationId ? { message, conversationId } : { message }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
      const events: SseEvent[] = [];
      await readSse(response, async (event) => {
        events.push(event);
        await onEvent(event);
      });
      return events;
    };
    return { t, token, server, stream };
  }

  it("streams the model's tokens as they arrive, before the model has finished, then the action, the reply and done", async () => {
    const firstDeltaSeen = deferred();
    let modelHolding = false;
    const model = await scriptedModel([
      () => ({
        chunks: [
          { role: "assistant", tool_calls: [{ index: 0, id: "call_add", type: "function", function: { name: "add_task", arguments: "" } }] },
          { tool_calls: [{ index: 0, function: { arguments: '{"title":"call mom",' } }] },
          { tool_calls: [{ index: 0, function: { arguments: '"due":"tomorrow 6pm"}' } }] },
        ],
      }),
      () => ({
        chunks: [{ role: "assistant", content: "Added 'call mom' " }, { content: "for tomorrow " }, { content: "at 6:00 PM." }],
        // The stream stays open after the first token until the test has seen it as a delta.
        holdAfter: async (index) => {
          if (index !== 0) return;
          modelHolding = true;
          await Promise.race([firstDeltaSeen.promise, new Promise((done) => setTimeout(done, 20_000).unref())]);
          modelHolding = false;
        },
      }),
    ]);
    const { stream, server } = await setup({ baseURL: model.url });
    try {
      let heldAtFirstDelta: boolean | undefined;
      const events = await stream("remind me to call mom tomorrow at 6pm", (event) => {
        if (event.event === "delta" && heldAtFirstDelta === undefined) {
          heldAtFirstDelta = modelHolding;
          firstDeltaSeen.resolve();
        }
      });
      expect(heldAtFirstDelta).toBe(true);
      expect(events.map((e) => e.event)).toEqual(["delta", "delta", "delta", "action", "reply", "done"]);
      const deltas = events.filter((e) => e.event === "delta").map((e) => e.data.text);
      expect(deltas).toEqual(["Added 'call mom' ", "for tomorrow ", "at 6:00 PM."]);
      const reply = events.find((e) => e.event === "reply")?.data;
      expect(reply.reply).toBe(deltas.join(""));
      expect(reply.conversationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(events.find((e) => e.event === "action")?.data).toMatchObject({
        tool: "add_task",
        input: { title: "call mom", due: "tomorrow 6pm" },
        result: { task: { title: "call mom", dueAt: "2026-11-27T18:00:00-05:00" } },
      });
      expect(model.received.map((r) => r.stream)).toEqual([true, true]);
      // The system prompt states the behaviour contract.
      const system = model.received[0].messages[0];
      expect(system.role).toBe("system");
      for (const rule of ["Which one do you mean?", "Delete N tasks? Reply yes or no", "undo", "Never show tool or field names", "what went wrong"]) {
        expect(system.content).toContain(rule);
      }
      const toolResult = model.received[1].messages.find((m: any) => m.role === "tool");
      expect(toolResult.tool_call_id).toBe("call_add");
      expect(JSON.parse(toolResult.content).task.title).toBe("call mom");
    } finally {
      model.close();
      await server.close();
    }
  });

  it("keeps tool calls and results in the conversation, so 'move it to friday' finds the task just added", async () => {
    let addedId = "";
    const model = await scriptedModel([
      () => ({
        body: completion({
          tool_calls: [
            {
              id: "call_add",
              type: "function",
              function: { name: "add_task", arguments: JSON.stringify({ title: "team lunch", due: "today 12:30pm" }) },
            },
          ],
        }),
      }),
      () => ({ body: completion({ content: "Added 'team lunch' for today at 12:30 PM." }) }),
      // The follow-up: the model finds the id in the stored tool result of the first turn.
      (request) => {
        const result = request.messages.find((m: any) => m.role === "tool" && m.tool_call_id === "call_add");
        addedId = JSON.parse(result.content).task.id;
        return {
          chunks: [
            { role: "assistant", tool_calls: [{ index: 0, id: "call_move", type: "function", function: { name: "update_task", arguments: "" } }] },
            { tool_calls: [{ index: 0, function: { arguments: JSON.stringify({ id: addedId, due: "friday" }) } }] },
          ],
        };
      },
      () => ({ chunks: [{ role: "assistant", content: "Moved 'team lunch' to Friday at 12:30 PM." }] }),
    ]);
    const { t, token, stream, server } = await setup({ baseURL: model.url });
    try {
      const first = await t.chat(token, "add team lunch today at 12:30pm");
      expect(first.body.reply).toBe("Added 'team lunch' for today at 12:30 PM.");
      const events = await stream("move it to friday", undefined, first.body.conversationId);
      expect(events.find((e) => e.event === "reply")?.data.reply).toBe("Moved 'team lunch' to Friday at 12:30 PM.");

      const followUp = model.received[2].messages.slice(1);
      expect(followUp).toEqual([
        { role: "user", content: "add team lunch today at 12:30pm" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            {
              id: "call_add",
              type: "function",
              function: { name: "add_task", arguments: JSON.stringify({ title: "team lunch", due: "today 12:30pm" }) },
            },
          ],
        },
        { role: "tool", tool_call_id: "call_add", content: expect.stringContaining(addedId) },
        { role: "assistant", content: "Added 'team lunch' for today at 12:30 PM." },
        { role: "user", content: "move it to friday" },
      ]);
      const task = await t.request("GET", `/api/tasks/${addedId}`, { token });
      expect((await task.json()).task).toMatchObject({ title: "team lunch", dueAt: "2026-11-27T12:30:00-05:00" });

      // The page's history shows the words only.
      const history = await (await t.request("GET", `/api/conversations/${first.body.conversationId}`, { token })).json();
      expect(history.messages.map((m: any) => [m.role, m.content])).toEqual([
        ["user", "add team lunch today at 12:30pm"],
        ["assistant", "Added 'team lunch' for today at 12:30 PM."],
        ["user", "move it to friday"],
        ["assistant", "Moved 'team lunch' to Friday at 12:30 PM."],
      ]);
    } finally {
      model.close();
      await server.close();
    }
  });

  it("reports a tool failure with the tool's own message", async () => {
    const missing = randomUUID();
    const model = await scriptedModel([
      () => ({
        body: completion({
          tool_calls: [{ id: "call_done", type: "function", function: { name: "complete_task", arguments: JSON.stringify({ id: missing }) } }],
        }),
      }),
      () => ({ body: completion({ content: "" }) }),
    ]);
    const { t, token, server } = await setup({ baseURL: model.url });
    try {
      const { body } = await t.chat(token, "mark the report done");
      expect(body.actions).toEqual([
        {
          tool: "complete_task",
          input: { id: missing },
          error: expect.stringContaining(`No task with id ${missing}`),
          code: "not_found",
          summary: "Couldn't complete the task",
        },
      ]);
      const told = model.received[1].messages.find((m: any) => m.role === "tool");
      expect(told.content).toMatch(new RegExp(`^Error: not_found: No task with id ${missing}`));
      expect(body.reply).toMatch(new RegExp(`^Sorry, that did not work: No task with id ${missing}`));
      expect(body.reply).not.toMatch(/valid JSON/);
    } finally {
      model.close();
      await server.close();
    }
  });

  it("takes arguments a compatible server sends as an object, in a call without a type, and writes them back as JSON text", async () => {
    const model = await scriptedModel([
      () => ({ body: completion({ tool_calls: [{ id: "call_obj", function: { name: "add_task", arguments: { title: "water the ferns" } } }] }) }),
      () => ({ body: completion({ content: "Added 'water the ferns'." }) }),
    ]);
    const { t, token, server } = await setup({ baseURL: model.url });
    try {
      const { body } = await t.chat(token, "water the ferns");
      expect(body.actions).toEqual([expect.objectContaining({ tool: "add_task", input: { title: "water the ferns" }, result: expect.anything() })]);
      expect(body.reply).toBe("Added 'water the ferns'.");
      const echoed = model.received[1].messages.find((m: any) => m.role === "assistant" && m.tool_calls);
      expect(echoed.tool_calls).toEqual([
        { id: "call_obj", type: "function", function: { name: "add_task", arguments: '{"title":"water the ferns"}' } },
      ]);
    } finally {
      model.close();
      await server.close();
    }
  });

  it("offline, sends the whole reply as one delta before the actions", async () => {
    const { stream, server } = await setup(undefined);
    try {
      const events = await stream("add buy stamps tomorrow");
      const names = events.map((e) => e.event);
      expect(names[0]).toBe("delta");
      expect(names.filter((n) => n === "delta")).toHaveLength(1);
      expect(names.slice(-2)).toEqual(["reply", "done"]);
      expect(names).toContain("action");
      expect(events[0]?.data.text).toBe(events.find((e) => e.event === "reply")?.data.reply);
    } finally {
      await server.close();
    }
  });
});

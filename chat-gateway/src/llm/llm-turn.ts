import OpenAI from "openai";
import type { ChatCompletionMessageParam, ChatCompletionTool } from "openai/resources/chat/completions";
import { DateTime } from "luxon";
import { z } from "zod";
import type { ToolClient } from "../tool-client.ts";
import type { ChatAction, TurnResult } from "../turn.ts";

export interface LlmSettings {
  apiKey: string;
  baseURL?: string;
  model: string;
  maxSteps?: number;
  timeoutMs?: number;
}

export interface LlmTurnInput {
  message: string;
  /** Earlier turns of this conversation, oldest first. */
  history: Array<{ role: "user" | "assistant"; content: string }>;
  timeZone: string;
  now: Date;
  tools: ToolClient;
}

const ToolArguments = z.record(z.string(), z.unknown());

/** The model's arguments for a tool: a JSON object, or what is wrong with them (told back to the model). */
function toolArguments(json: string): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(json || "{}");
  } catch (error) {
    return { ok: false, message: `the arguments were not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = ToolArguments.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: "the arguments must be a JSON object" };
}

function systemPrompt(timeZone: string, now: Date): string {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  return [
    "You are the assistant of a task manager. Manage the user's tasks only through the tools.",
    `The user's time zone is ${timeZone}; it is now ${local.toFormat("cccc d LLLL yyyy, HH:mm")} there (${local.toISO()}).`,
    "Dates may be passed to the tools as phrases (due: 'tomorrow 5pm', recurrence: 'every weekday') or ISO values.",
    "To change, complete or delete a task, find its id with list_tasks first. If several tasks match, ask which one.",
    "Answer briefly, saying what you did and when things are due, in words.",
  ].join("\n");
}

/**
 * One chat turn with an OpenAI-compatible model: the MCP tools are offered as functions, every tool
 * call is run and its result (or error) fed back, until the model answers or the step limit is
 * reached. A provider failure becomes a reply, never an exception.
 */
export async function llmTurn(input: LlmTurnInput, settings: LlmSettings, client?: OpenAI): Promise<TurnResult> {
  const openai = client ?? new OpenAI({ apiKey: settings.apiKey, baseURL: settings.baseURL, timeout: settings.timeoutMs ?? 30_000, maxRetries: 1 });
  const actions: ChatAction[] = [];
  const tools: ChatCompletionTool[] = (await input.tools.list()).map((tool) => ({
    type: "function",
    function: { name: tool.name, description: tool.description ?? "", parameters: tool.inputSchema },
  }));
  const messages: ChatCompletionMessageParam[] = [
    { role: "system", content: systemPrompt(input.timeZone, input.now) },
    ...input.history
      .slice(-20)
      .map((m): ChatCompletionMessageParam => (m.role === "user" ? { role: "user", content: m.content } : { role: "assistant", content: m.content })),
    { role: "user", content: input.message },
  ];
  const maxSteps = settings.maxSteps ?? 8;
  for (let step = 0; step < maxSteps; step++) {
    let completion;
    try {
      completion = await openai.chat.completions.create({ model: settings.model, messages, tools, tool_choice: "auto" });
    } catch (error) {
      const status: unknown = error instanceof OpenAI.APIError ? error.status : undefined;
      const reason =
        status === 401
          ? "the API key was refused"
          : status === 429
            ? "it is rate-limiting us"
            : typeof status === "number"
              ? `it answered ${status}`
              : "it could not be reached in time";
      return { reply: `Sorry, the language model is unavailable right now (${reason}). Please try again in a moment.`, actions };
    }
    const message = completion.choices[0]?.message;
    if (!message) return { reply: "Sorry, the language model sent an empty answer. Please try again.", actions };
    const calls = (message.tool_calls ?? []).filter((call) => call.type === "function");
    if (calls.length === 0) return { reply: message.content?.trim() || "Done.", actions };
    messages.push({ role: "assistant", content: message.content ?? null, tool_calls: calls });
    for (const call of calls) {
      const args = toolArguments(call.function.arguments);
      let content: string;
      if (!args.ok) {
        content = `Error: invalid_input: ${args.message}`;
        actions.push({ tool: call.function.name, input: {}, error: args.message, code: "invalid_input" });
      } else {
        const outcome = await input.tools.callByName(call.function.name, args.value);
        actions.push({
          tool: call.function.name,
          input: args.value,
          ...(outcome.ok ? { result: outcome.data } : { error: outcome.message, code: outcome.code }),
        });
        content = outcome.ok ? JSON.stringify(outcome.data) : `Error: ${outcome.code}: ${outcome.message}`;
      }
      messages.push({ role: "tool", tool_call_id: call.id, content });
    }
  }
  return { reply: `I stopped after ${maxSteps} steps without finishing. Please try a simpler request.`, actions };
}

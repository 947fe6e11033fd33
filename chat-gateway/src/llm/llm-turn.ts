import { actionInWords } from "@todo/services/format";
import OpenAI from "openai";
import type {
  ChatCompletionChunk,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from "openai/resources/chat/completions";
import { DateTime } from "luxon";
import { z } from "zod";
import type { ToolClient } from "../tool-client.ts";
import type { ChatAction, OnDelta, ToolExchange, TurnResult } from "../turn.ts";

export interface LlmSettings {
  apiKey: string;
  baseURL?: string;
  model: string;
  maxSteps?: number;
  timeoutMs?: number;
}

export interface LlmTurnInput {
  message: string;
  /** Earlier turns of this conversation, oldest first; an assistant turn with the tool calls and results that led to it. */
  history: Array<{ role: "user" | "assistant"; content: string; toolExchanges?: ToolExchange[] }>;
  timeZone: string;
  now: Date;
  tools: ToolClient;
  /**
   * Streams the reply: the model is asked with `stream: true` and its text is passed on as it
   * arrives. The deltas, joined, are the reply (less trailing white space).
   */
  onDelta?: OnDelta;
}

/** How many earlier messages (user and assistant rows) are shown to the model. */
const HISTORY_MESSAGES = 20;
/** A stored tool result longer than this is cut (a long task list); the ids a follow-up needs come first. */
const MAX_STORED_RESULT_CHARS = 8_000;

const ToolArguments = z.record(z.string(), z.unknown());

/**
 * The model's arguments for a tool: a JSON object, or what is wrong with them (told back to the
 * model). The API sends them as a JSON string; some compatible servers send the object itself, or
 * nothing for a tool without parameters, and some models encode the object twice.
 */
function toolArguments(raw: unknown): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  let value: unknown = raw ?? {};
  try {
    if (typeof value === "string") value = JSON.parse(value.trim() || "{}");
    if (typeof value === "string" && value.trim().startsWith("{")) value = JSON.parse(value);
  } catch (error) {
    return { ok: false, message: `the arguments were not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = ToolArguments.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: "the arguments must be a JSON object" };
}

/** The behaviour contract (shared/chat/CONVENTIONS.md in short), the user's zone and the time now. */
export function systemPrompt(timeZone: string, now: Date): string {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  return [
    "You are the assistant of a to-do app. Manage the user's tasks only through the tools; never pretend you did something a tool did not do.",
    `The user's time zone is ${timeZone}; it is now ${local.toFormat("cccc d LLLL yyyy, HH:mm")} there (${local.toISO()}).`,
    "",
    "What to do:",
    "- Add a task only when the message asks for one (add…, remind me to…, I need to…, don't forget to…) or reads as a task (an imperative like 'water the plants tomorrow', an appointment with a day or time). Questions, greetings, thanks and remarks about the past that match no task get a short helpful answer with two or three example requests, never a new task. When a command word looks misspelt, ask ('Did you mean …?').",
    "- Titles leave out politeness and fillers ('could you please', 'pls'). A comma list of things to do is one task per item.",
    "- Days and times: pass phrases as the user said them (due: 'friday 5pm', recurrence: 'every weekday') or ISO values. Parts of day: morning 09:00, afternoon 15:00, evening 19:00, night 21:00. Several times a day repeat with BYHOUR, e.g. recurrence 'FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0'.",
    "- To change, complete or delete a task, find it with list_tasks first (or use the id an earlier tool result in this conversation gave: 'it', 'that one' mean the task just talked about). Past tense ('I called mom') completes the matching open task.",
    "- If several tasks match equally, change nothing and ask 'Which one do you mean?' with a numbered list. If none matches, say so and suggest close titles; never create a task instead.",
    "- An update changes only what the user said: 'move X to friday' keeps its time of day, 'change X to 2pm' keeps its day; priority, tags, repeat and reminder stay unless mentioned.",
    "- Before deleting more than one task, ask 'Delete N tasks? Reply yes or no' and delete only after yes.",
    "- 'undo', 'undo that', 'never mind' right after a change reverses your last change in this conversation using the earlier tool calls and results (delete what you added, put back previous values, add back what you deleted with the same fields). With nothing to undo, say so.",
    "- When a tool fails, tell the user what went wrong in plain words, from its error message, and what they can do.",
    "",
    "How to reply: briefly, like a person. Say what you did, name the task in quotes, and say when it is due: 'today', 'tomorrow', the weekday within the next 6 days ('Friday'), else like 'Fri 11 Dec', plus the time ('5:00 PM') for a timed task; reminders as '1 day before', '2 hours before', 'at the time'; repeats in words ('every Monday and Thursday'). Never show tool or field names (add_task, dueAt, reminderMinutesBefore), ids, RRULEs or ISO timestamps.",
  ].join("\n");
}

/** The stored exchanges of an earlier turn as messages for the model. */
function replayed(exchanges: ToolExchange[]): ChatCompletionMessageParam[] {
  return exchanges.map((m): ChatCompletionMessageParam =>
    m.role === "tool"
      ? { role: "tool", tool_call_id: m.toolCallId, content: m.content }
      : {
          role: "assistant",
          content: m.content,
          tool_calls: m.toolCalls.map((call) => ({ id: call.id, type: "function", function: { name: call.name, arguments: call.arguments } })),
        },
  );
}

/** One answer of the model: its text and the function calls it asks for. */
interface ModelAnswer {
  content: string;
  calls: ChatCompletionMessageFunctionToolCall[];
}

/**
 * Reads a streamed answer (OpenAI chat-completion chunks over SSE), passing text on as it comes.
 * Tool calls arrive in pieces keyed by `index`: the id, type and name in the first, the arguments
 * spread over several. Collected here rather than with the SDK's ChatCompletionStream, whose final
 * check refuses answers without a role or finish_reason that some compatible servers send.
 */
async function readStream(stream: AsyncIterable<ChatCompletionChunk>, onText: (text: string) => Promise<void>): Promise<ModelAnswer> {
  let content = "";
  const calls: Array<{ id: string; name: string; arguments: string }> = [];
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta;
    if (!delta) continue;
    if (delta.content) {
      content += delta.content;
      await onText(delta.content);
    }
    for (const piece of delta.tool_calls ?? []) {
      const call = (calls[piece.index] ??= { id: "", name: "", arguments: "" });
      if (piece.id) call.id = piece.id;
      if (piece.function?.name) call.name = piece.function.name;
      const args: unknown = piece.function?.arguments;
      if (typeof args === "string") call.arguments += args;
      else if (args && typeof args === "object") call.arguments = JSON.stringify(args);
    }
  }
  return {
    content,
    calls: calls
      .filter((call) => call.name)
      .map((call, i) => ({ id: call.id || `call_${i}`, type: "function", function: { name: call.name, arguments: call.arguments } })),
  };
}

/** Arguments as the API writes them (a JSON string), whatever form the server sent them in. */
function argumentsText(raw: unknown): string {
  if (typeof raw === "string") return raw;
  return raw === undefined || raw === null ? "{}" : JSON.stringify(raw);
}

function unavailable(error: unknown): string {
  const status: unknown = error instanceof OpenAI.APIError ? error.status : undefined;
  const reason =
    status === 401
      ? "the API key was refused"
      : status === 429
        ? "it is rate-limiting us"
        : typeof status === "number"
          ? `it answered ${status}`
          : "it could not be reached in time";
  return `Sorry, the language model is unavailable right now (${reason}). Please try again in a moment.`;
}

/**
 * One chat turn with an OpenAI-compatible model: the MCP tools are offered as functions, every tool
 * call is run and its result (or error, with its message) fed back, until the model answers or the
 * step limit is reached. Earlier turns are replayed with their tool calls and results. With
 * `onDelta` the model's text streams as it arrives. A provider failure becomes a reply, never an
 * exception.
 */
export async function llmTurn(input: LlmTurnInput, settings: LlmSettings, client?: OpenAI): Promise<TurnResult> {
  const openai = client ?? new OpenAI({ apiKey: settings.apiKey, baseURL: settings.baseURL, timeout: settings.timeoutMs ?? 30_000, maxRetries: 1 });
  const actions: ChatAction[] = [];
  const toolExchanges: ToolExchange[] = [];
  const tools: ChatCompletionTool[] = (await input.tools.list()).map((tool) => ({
    type: "function",
    function: { name: tool.name, description: tool.description ?? "", parameters: tool.inputSchema },
  }));
  const messages: ChatCompletionMessageParam[] = [
    { role: "system", content: systemPrompt(input.timeZone, input.now) },
    ...input.history
      .slice(-HISTORY_MESSAGES)
      .flatMap((m): ChatCompletionMessageParam[] =>
        m.role === "user" ? [{ role: "user", content: m.content }] : [...replayed(m.toolExchanges ?? []), { role: "assistant", content: m.content }],
      ),
    { role: "user", content: input.message },
  ];

  // Everything said, as streamed: the text of each answer, a blank line between answers.
  let said = "";
  let answerStarted = false;
  const say = async (text: string) => {
    let piece = said ? text : text.trimStart();
    if (!piece) return;
    if (!answerStarted && said) piece = `\n\n${piece}`;
    answerStarted = true;
    said += piece;
    await input.onDelta?.(piece);
  };
  const finish = async (closing?: string): Promise<TurnResult> => {
    answerStarted = false;
    if (closing) await say(closing);
    return { reply: said.trimEnd(), actions, ...(toolExchanges.length ? { toolExchanges } : {}) };
  };
  const lastFailure = () => [...actions].reverse().find((a) => a.error !== undefined);

  const maxSteps = settings.maxSteps ?? 8;
  for (let step = 0; step < maxSteps; step++) {
    answerStarted = false;
    let answer: ModelAnswer;
    try {
      const request = { model: settings.model, messages, tools, tool_choice: "auto" as const };
      if (input.onDelta) {
        answer = await readStream(await openai.chat.completions.create({ ...request, stream: true }), say);
      } else {
        const completion = await openai.chat.completions.create(request);
        const message = completion.choices[0]?.message;
        if (!message) return finish("Sorry, the language model sent an empty answer. Please try again.");
        // A server that leaves out `type` still means a function call.
        const functionCalls = (message.tool_calls ?? []).filter((call): call is ChatCompletionMessageFunctionToolCall => call.type !== "custom");
        answer = { content: message.content ?? "", calls: functionCalls };
        await say(answer.content);
      }
    } catch (error) {
      return finish(unavailable(error));
    }
    if (answer.calls.length === 0) {
      if (said.trim()) return finish();
      // Nothing said: the outcome of the last tool call stands in for the model's words.
      const failure = lastFailure();
      return finish(failure ? `Sorry, that did not work: ${failure.error}` : "Done.");
    }
    // As the API writes them back: an id on every call, the arguments as a JSON string.
    const calls = answer.calls.map((call, i) => ({
      id: call.id || `call_${step}_${i}`,
      type: "function" as const,
      function: { name: call.function.name, arguments: argumentsText(call.function.arguments) },
      raw: call.function.arguments,
    }));
    messages.push({ role: "assistant", content: answer.content || null, tool_calls: calls.map(({ raw: _raw, ...call }) => call) });
    toolExchanges.push({
      role: "assistant",
      content: answer.content || null,
      toolCalls: calls.map((call) => ({ id: call.id, name: call.function.name, arguments: call.function.arguments })),
    });
    for (const call of calls) {
      const content = await runTool(call.function.name, call.raw, input.tools, actions);
      messages.push({ role: "tool", tool_call_id: call.id, content });
      toolExchanges.push({ role: "tool", toolCallId: call.id, content: content.slice(0, MAX_STORED_RESULT_CHARS) });
    }
  }
  const failure = lastFailure();
  return finish(
    `I stopped after ${maxSteps} steps without finishing.${failure ? ` The last problem was: ${failure.error}` : ""} Please try a simpler request.`,
  );
}

/** Runs one tool call, records it as an action and returns what the model is told. */
async function runTool(name: string, rawArguments: unknown, tools: ToolClient, actions: ChatAction[]): Promise<string> {
  const args = toolArguments(rawArguments);
  if (!args.ok) {
    const refused = { tool: name, input: {}, error: args.message, code: "invalid_input" as const };
    actions.push({ ...refused, summary: actionInWords(refused) });
    return `Error: invalid_input: ${args.message}`;
  }
  let outcome: Awaited<ReturnType<ToolClient["callByName"]>>;
  try {
    outcome = await tools.callByName(name, args.value);
  } catch (error) {
    // The tool could not be called at all (the MCP server went away, an unknown tool the SDK refused).
    outcome = { ok: false, code: "internal", message: error instanceof Error ? error.message : String(error) };
  }
  const action = { tool: name, input: args.value, ...(outcome.ok ? { result: outcome.data } : { error: outcome.message, code: outcome.code }) };
  // The page shows each step in words (never the tool's name), as for the offline engine.
  actions.push({ ...action, summary: actionInWords(action) });
  return outcome.ok ? JSON.stringify(outcome.data) : `Error: ${outcome.code}: ${outcome.message}`;
}

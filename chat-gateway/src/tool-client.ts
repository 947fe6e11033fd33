import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { z } from "zod";
import { CallToolResultSchema, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import {
  describeZodError,
  isToolName,
  TOOL_ERROR_META_KEY,
  TOOL_SCHEMAS,
  ToolError,
  type ToolErrorCode,
  type ToolInput,
  type ToolName,
  type ToolOutput,
} from "@todo/services";

/** How a tool call ended: its parsed structuredContent, or the error code and what to fix. */
export type ToolOutcome<T> = { ok: true; data: T } | { ok: false; code: ToolErrorCode; message: string };

export interface ToolDescription {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

/** The MCP tools as the chat uses them, acting as one signed-in user. */
export interface ToolClient {
  /** Calls a task tool; a success is parsed with the tool's own output schema. */
  call<N extends ToolName>(name: N, args: ToolInput<N>): Promise<ToolOutcome<ToolOutput<N>>>;
  /**
   * Calls a tool chosen at run time (by a language model): the arguments are checked only by the
   * server; a known tool's result is still parsed with its output schema.
   */
  callByName(name: string, args: Record<string, unknown>): Promise<ToolOutcome<unknown>>;
  list(): Promise<ToolDescription[]>;
  close(): Promise<void>;
}

const textOf = (result: CallToolResult) =>
  result.content
    .map((part) => (part.type === "text" ? part.text : ""))
    .join("\n")
    .trim();

/**
 * An isError result: the code our tools send in `_meta`. A result without one was made by the SDK's
 * protocol layer, which rejects calls it cannot run (unknown tool, arguments that fail the input
 * schema): those are the caller's to fix, so invalid_input, with the SDK's text as the message.
 */
function failureOf(result: CallToolResult): { ok: false; code: ToolErrorCode; message: string } {
  const carried = ToolError.safeParse(result._meta?.[TOOL_ERROR_META_KEY]);
  if (carried.success) return { ok: false, ...carried.data };
  return { ok: false, code: "invalid_input", message: textOf(result) || "the tool refused the call without saying why" };
}

// Typed per tool name, so that OUTPUTS[name] for a generic name N is the schema of ToolOutput<N>
// (indexing TOOL_SCHEMAS with a generic key widens to the union of all tools' schemas).
const OUTPUTS: { [N in ToolName]: z.ZodType<ToolOutput<N>> } = {
  add_task: TOOL_SCHEMAS.add_task.output,
  update_task: TOOL_SCHEMAS.update_task.output,
  complete_task: TOOL_SCHEMAS.complete_task.output,
  delete_task: TOOL_SCHEMAS.delete_task.output,
  restore_task: TOOL_SCHEMAS.restore_task.output,
  get_task: TOOL_SCHEMAS.get_task.output,
  list_tasks: TOOL_SCHEMAS.list_tasks.output,
  add_tasks: TOOL_SCHEMAS.add_tasks.output,
  update_tasks: TOOL_SCHEMAS.update_tasks.output,
  complete_tasks: TOOL_SCHEMAS.complete_tasks.output,
  list_lists: TOOL_SCHEMAS.list_lists.output,
  add_list: TOOL_SCHEMAS.add_list.output,
  update_list: TOOL_SCHEMAS.update_list.output,
  delete_list: TOOL_SCHEMAS.delete_list.output,
};

/** A successful result, parsed with the tool's output schema; a mismatch is a server fault. */
function parseOutput<T>(tool: string, schema: z.ZodType<T>, content: unknown): ToolOutcome<T> {
  const parsed = schema.safeParse(content);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, code: "internal", message: `the ${tool} result did not match its output schema: ${describeZodError(parsed.error, "result")}` };
}

/**
 * Wraps an MCP SDK client (over Streamable HTTP or an in-process transport).
 *
 * Calls go through `client.request` with the plain result schema rather than `client.callTool`:
 * the zod output schemas below are the validation (stricter than the SDK's JSON-schema check),
 * and the SDK's check would otherwise run twice.
 */
export function mcpToolClient(client: Client): ToolClient {
  async function invoke(name: string, args: Record<string, unknown>): Promise<CallToolResult> {
    return client.request({ method: "tools/call", params: { name, arguments: args } }, CallToolResultSchema);
  }
  return {
    async call<N extends ToolName>(name: N, args: ToolInput<N>): Promise<ToolOutcome<ToolOutput<N>>> {
      const result = await invoke(name, args);
      return result.isError ? failureOf(result) : parseOutput(name, OUTPUTS[name], result.structuredContent);
    },
    async callByName(name, args) {
      const result = await invoke(name, args);
      if (result.isError) return failureOf(result);
      return isToolName(name)
        ? parseOutput<unknown>(name, OUTPUTS[name], result.structuredContent)
        : { ok: true, data: result.structuredContent ?? {} };
    },
    async list() {
      const { tools } = await client.listTools();
      return tools.map((tool) => ({ name: tool.name, description: tool.description, inputSchema: tool.inputSchema }));
    },
    close: () => client.close(),
  };
}

import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { AppError, TOOL_ERROR_META_KEY, type ToolError } from "@todo/services";
import type { Logger } from "@todo/http-kit";

function errorResult(error: ToolError): CallToolResult {
  // The text is for clients that read only text (and models); the code rides in _meta so that
  // programs never have to parse it out of the text.
  return { content: [{ type: "text", text: `${error.code}: ${error.message}` }], isError: true, _meta: { [TOOL_ERROR_META_KEY]: error } };
}

/**
 * Runs a tool body and shapes its answer: the full data as structured content, and as text only
 * the summary (compact lines for a model, see describeTask): an assistant pays for every byte of
 * text in its context, and the JSON is in structuredContent for programs. A failure becomes an isError result whose text tells the model what to fix and
 * whose `_meta[TOOL_ERROR_META_KEY]` carries `{code, message}` (see services' tool-schemas.ts).
 */
export async function toolResult<T extends Record<string, unknown>>(
  logger: Logger,
  tool: string,
  work: () => Promise<{ summary: string; data: T }>,
): Promise<CallToolResult> {
  try {
    const { summary, data } = await work();
    return { content: [{ type: "text", text: summary }], structuredContent: data };
  } catch (error) {
    if (error instanceof AppError) return errorResult({ code: error.code, message: error.message });
    logger.error({ err: error, tool }, "tool failed");
    return errorResult({ code: "internal", message: "the server could not complete this call; try again" });
  }
}

import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { AppError } from "@todo/services";
import type { Logger } from "@todo/http-kit";

/**
 * Runs a tool body and shapes its answer: structured content plus a text copy for clients that
 * only read text; a failure becomes an isError result whose text tells the model what to fix.
 */
export async function toolResult<T extends Record<string, unknown>>(
  logger: Logger,
  tool: string,
  work: () => Promise<{ summary: string; data: T }>,
): Promise<CallToolResult> {
  try {
    const { summary, data } = await work();
    return { content: [{ type: "text", text: `${summary}\n${JSON.stringify(data)}` }], structuredContent: data };
  } catch (error) {
    if (error instanceof AppError) {
      return { content: [{ type: "text", text: `${error.code}: ${error.message}` }], isError: true };
    }
    logger.error({ err: error, tool }, "tool failed");
    return { content: [{ type: "text", text: "internal error: the server could not complete this call; try again" }], isError: true };
  }
}

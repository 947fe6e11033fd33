import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestId } from "@modelcontextprotocol/sdk/types.js";

/** What the user answered: `unsupported` when the client cannot be asked (no form elicitation). */
export type Confirmation = "confirmed" | "declined" | "cancelled" | "unsupported";

/**
 * Asks the user to confirm an action through their MCP client (elicitation, form mode, MCP
 * 2025-11-25 "Elicitation"): a form with one boolean `confirm`. `confirmed` only when the user
 * accepted with confirm: true; accepting with it unticked counts as declined. Returns
 * `unsupported`, asking nothing, when the client did not declare form elicitation. Throws the
 * transport's error when the request fails (the client went away).
 */
export async function confirmWithUser(server: McpServer, message: string, relatedRequestId?: RequestId): Promise<Confirmation> {
  if (!server.server.getClientCapabilities()?.elicitation?.form) return "unsupported";
  const result = await server.server.elicitInput(
    {
      mode: "form",
      message,
      requestedSchema: {
        type: "object",
        properties: { confirm: { type: "boolean", title: "Yes, do it", default: false } },
        required: ["confirm"],
      },
    },
    relatedRequestId === undefined ? undefined : { relatedRequestId },
  );
  if (result.action === "cancel") return "cancelled";
  return result.action === "accept" && result.content?.confirm === true ? "confirmed" : "declined";
}

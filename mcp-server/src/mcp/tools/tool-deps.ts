import type { TaskContext } from "@todo/services";
import type { Logger } from "@todo/http-kit";

/**
 * What every tool needs: the signed-in user's task context and a logger; and whether a tool may
 * ask the user through the client (MCP elicitation) during a call. That needs a request back to
 * the client in the middle of the call: stdio has one; stateless Streamable HTTP does not (the
 * client's answer would arrive as a new POST, at a server made for that POST — or another
 * replica — that never sent the question), so HTTP leaves it "off".
 */
export interface ToolDeps {
  context: TaskContext;
  logger: Logger;
  elicitation?: "off" | "when-supported";
}

import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import { registerTaskTools, type ToolDeps } from "./tools/index.ts";

export const SERVER_INFO = { name: "todo-chatbot", version: "0.1.0" };

// A server is made per request (stateless HTTP); without this each one would build its own Ajv
// instance, which costs more than the tool call itself.
const jsonSchemaValidator = new AjvJsonSchemaValidator();

/** An MCP server exposing the task tools for one signed-in user; transports are attached by callers. */
export function createMcpServer(deps: ToolDeps): McpServer {
  const server = new McpServer(SERVER_INFO, {
    capabilities: { tools: {} },
    jsonSchemaValidator,
    instructions: "Manage the user's tasks. Dates and repeats are read in the user's time zone; ids come from add_task or list_tasks.",
  });
  registerTaskTools(server, deps);
  return server;
}

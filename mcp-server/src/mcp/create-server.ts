import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import { localDate, type TaskContext } from "@todo/services";
import { registerTaskTools, type ToolDeps } from "./tools/index.ts";
import { registerTaskResources } from "./resources/task-resources.ts";
import { registerTaskPrompts } from "./prompts/task-prompts.ts";

export const SERVER_INFO = { name: "todo-chatbot", version: "0.1.0" };

// A server is made per request (stateless HTTP); without this each one would build its own Ajv
// instance, which costs more than the tool call itself.
const jsonSchemaValidator = new AjvJsonSchemaValidator();

/**
 * The server's instructions for one user's session: what the tools are for, the user's zone and
 * today's date there (a model needs both to turn "this week" into dueFrom/dueTo), and where ids
 * come from. `today` is as of the session's start; every list_tasks result carries the current one.
 */
export function sessionInstructions(context: TaskContext): string {
  const zone = context.user.timeZone;
  return [
    "Manage the user's to-do tasks.",
    `The user's time zone is ${zone}; today there is ${localDate(context.clock.now(), zone)} (every list_tasks result repeats today and timeZone).`,
    "Due phrases ('tomorrow 5pm', 'friday') and dates are read in that zone; dueFrom/dueTo are local dates YYYY-MM-DD.",
    "Task ids come from add_task and list_tasks results; find a task by words with list_tasks { search } before changing it.",
    "Repeats go in recurrence ('every weekday', 'every last friday'), not in due.",
    "Resources tasks://today, tasks://overdue and tasks://tag/{tag} hold ready-made lists; prompts plan_my_day and weekly_review guide a session.",
  ].join(" ");
}

/** An MCP server exposing the task tools, resources and prompts for one signed-in user; transports are attached by callers. */
export function createMcpServer(deps: ToolDeps): McpServer {
  const server = new McpServer(SERVER_INFO, {
    // No resource subscriptions or list_changed: stateless HTTP has no stream to send them on
    // (GET /mcp is 405), and the stdio command would only see its own changes.
    capabilities: { tools: {}, resources: {}, prompts: {}, completions: {} },
    jsonSchemaValidator,
    instructions: sessionInstructions(deps.context),
  });
  registerTaskTools(server, deps);
  registerTaskResources(server, deps);
  registerTaskPrompts(server, deps);
  return server;
}

import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { registerAddTaskTool } from "./add-task.ts";
import { registerUpdateTaskTool } from "./update-task.ts";
import { registerCompleteTaskTool } from "./complete-task.ts";
import { registerDeleteTaskTool } from "./delete-task.ts";
import { registerGetTaskTool } from "./get-task.ts";
import { registerListTasksTool } from "./list-tasks.ts";
import { registerRestoreTaskTool } from "./restore-task.ts";
import { registerAddTasksTool } from "./add-tasks.ts";
import { registerUpdateTasksTool } from "./update-tasks.ts";
import { registerCompleteTasksTool } from "./complete-tasks.ts";
import { registerListTools } from "./lists.ts";
import type { ToolDeps } from "./tool-deps.ts";

export function registerTaskTools(server: McpServer, deps: ToolDeps): void {
  registerAddTaskTool(server, deps);
  registerUpdateTaskTool(server, deps);
  registerCompleteTaskTool(server, deps);
  registerDeleteTaskTool(server, deps);
  registerGetTaskTool(server, deps);
  registerListTasksTool(server, deps);
  registerRestoreTaskTool(server, deps);
  registerAddTasksTool(server, deps);
  registerUpdateTasksTool(server, deps);
  registerCompleteTasksTool(server, deps);
  registerListTools(server, deps);
}

export type { ToolDeps } from "./tool-deps.ts";

import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { addTask, AddTaskInput, OneTaskOutput } from "@todo/services";
import { describeTask } from "../describe-task.ts";
import { toolResult } from "../tool-result.ts";
import type { ToolDeps } from "./tool-deps.ts";

export function registerAddTaskTool(server: McpServer, { context, logger }: ToolDeps): void {
  server.registerTool(
    "add_task",
    {
      title: "Add a task",
      description:
        "Create a task for the user. Dates and repeats may be phrases in the user's time zone ('tomorrow 5pm', 'every weekday') or ISO/RRULE values.",
      inputSchema: AddTaskInput,
      outputSchema: OneTaskOutput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (args) =>
      toolResult(logger, "add_task", async () => {
        const task = await addTask(context, args);
        return { summary: `Added ${describeTask(task, context)}`, data: { task } };
      }),
  );
}

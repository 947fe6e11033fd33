import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { deleteTask, OneTaskOutput, TaskIdToolInput } from "@todo/services";
import { describeTask } from "../describe-task.ts";
import { toolResult } from "../tool-result.ts";
import type { ToolDeps } from "./tool-deps.ts";

export function registerDeleteTaskTool(server: McpServer, { context, logger }: ToolDeps): void {
  server.registerTool(
    "delete_task",
    {
      title: "Delete a task",
      description: "Delete a task for good. Returns the task as it was.",
      inputSchema: TaskIdToolInput,
      outputSchema: OneTaskOutput,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    },
    ({ id }) =>
      toolResult(logger, "delete_task", async () => {
        const task = await deleteTask(context, id);
        return { summary: `Deleted ${describeTask(task, context)}`, data: { task } };
      }),
  );
}

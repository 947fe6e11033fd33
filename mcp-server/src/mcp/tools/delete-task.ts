import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { DeleteTaskOutput, deleteTask, TaskIdToolInput } from "@todo/services";
import { describeTask } from "../describe-task.ts";
import { toolResult } from "../tool-result.ts";
import type { ToolDeps } from "./tool-deps.ts";

export function registerDeleteTaskTool(server: McpServer, { context, logger }: ToolDeps): void {
  server.registerTool(
    "delete_task",
    {
      title: "Delete a task",
      description:
        "Delete a task: it moves to the trash, where restore_task with the same id brings it back (with its series and reminder) until the trash is purged (30 days by default). Returns the task as it was.",
      inputSchema: TaskIdToolInput,
      outputSchema: DeleteTaskOutput,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    },
    ({ id }) =>
      toolResult(logger, "delete_task", async () => {
        const task = await deleteTask(context, id);
        return {
          summary: `Deleted ${describeTask(task)}: it is in the trash; restore_task with id ${task.id} brings it back`,
          data: { task, restorable: true as const },
        };
      }),
  );
}

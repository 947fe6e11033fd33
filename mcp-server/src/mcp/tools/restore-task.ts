import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { OneTaskOutput, restoreTask, TaskIdToolInput } from "@todo/services";
import { describeTask } from "../describe-task.ts";
import { toolResult } from "../tool-result.ts";
import type { ToolDeps } from "./tool-deps.ts";

export function registerRestoreTaskTool(server: McpServer, { context, logger }: ToolDeps): void {
  server.registerTool(
    "restore_task",
    {
      title: "Restore a deleted task",
      description:
        "Bring a deleted task back from the trash, with the same id, series and reminder (undoes delete_task). " +
        "Restoring a task that is not in the trash changes nothing; one deleted for good (or purged from the trash) is not_found.",
      inputSchema: TaskIdToolInput,
      outputSchema: OneTaskOutput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    ({ id }) =>
      toolResult(logger, "restore_task", async () => {
        const task = await restoreTask(context, id);
        return { summary: `Restored ${describeTask(task)}`, data: { task } };
      }),
  );
}

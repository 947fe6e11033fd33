import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { BulkChangeOutput, MAX_BULK_TASKS, updateTasks, UpdateTasksToolInput } from "@todo/services";
import { toolResult } from "../tool-result.ts";
import { bulkSummary } from "./bulk-summary.ts";
import type { ToolDeps } from "./tool-deps.ts";

export function registerUpdateTasksTool(server: McpServer, { context, logger }: ToolDeps): void {
  server.registerTool(
    "update_tasks",
    {
      title: "Change several tasks",
      description:
        `Apply the same change (the fields of update_task) to several tasks: by ids, or by filter (list_tasks' filters; open tasks by default). ` +
        `At most ${MAX_BULK_TASKS} tasks per call. Use dryRun: true first to see what would change; all or nothing.`,
      inputSchema: UpdateTasksToolInput,
      outputSchema: BulkChangeOutput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    (args) =>
      toolResult(logger, "update_tasks", async () => {
        const result = await updateTasks(context, args);
        return { summary: bulkSummary({ done: "Updated", dry: "update" }, result), data: { ...result } };
      }),
  );
}

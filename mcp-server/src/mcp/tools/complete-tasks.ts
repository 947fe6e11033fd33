import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { BulkChangeOutput, completeTasks, CompleteTasksToolInput, MAX_BULK_TASKS } from "@todo/services";
import { toolResult } from "../tool-result.ts";
import { bulkSummary } from "./bulk-summary.ts";
import type { ToolDeps } from "./tool-deps.ts";

export function registerCompleteTasksTool(server: McpServer, { context, logger }: ToolDeps): void {
  server.registerTool(
    "complete_tasks",
    {
      title: "Complete several tasks",
      description:
        `Mark several tasks done ('I finished all my #errands', 'complete everything overdue'): by ids, or by filter (list_tasks' filters; open tasks by default). At most ${MAX_BULK_TASKS} per call. ` +
        'Repeating ones get their next occurrence. A task with open subtasks needs subtasks: "complete" (completes them too). Use dryRun: true first to see which tasks would be completed; all or nothing.',
      inputSchema: CompleteTasksToolInput,
      outputSchema: BulkChangeOutput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    (args) =>
      toolResult(logger, "complete_tasks", async () => {
        const result = await completeTasks(context, args);
        return { summary: bulkSummary({ done: "Completed", dry: "complete" }, result, context), data: { ...result } };
      }),
  );
}

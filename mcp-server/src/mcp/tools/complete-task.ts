import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CompleteTaskOutput, CompleteTaskToolInput, completeTask, reopenTask } from "@todo/services";
import { describeTask } from "../describe-task.ts";
import { toolResult } from "../tool-result.ts";
import type { ToolDeps } from "./tool-deps.ts";

export function registerCompleteTaskTool(server: McpServer, { context, logger }: ToolDeps): void {
  server.registerTool(
    "complete_task",
    {
      title: "Complete a task",
      description:
        "Mark a task done (completing a done task changes nothing). A repeating task then gets its next occurrence, at the series' own time of day (a time skipped by a DST change moves only that day). " +
        "With reopen: true, mark it open again and undo the completion: the next occurrence it created is removed (nextOccurrence: {removed: true, task}), " +
        "unless it was changed or completed since, in which case it stays (nextOccurrence: {kept: true, reason, task}). Completing again creates exactly one next occurrence.",
      inputSchema: CompleteTaskToolInput,
      outputSchema: CompleteTaskOutput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    ({ id, reopen }) =>
      toolResult(logger, "complete_task", async () => {
        if (!reopen) {
          const task = await completeTask(context, id);
          return { summary: `Completed ${describeTask(task, context)}`, data: { task } };
        }
        const reopened = await reopenTask(context, id);
        const next = reopened.nextOccurrence;
        const about = !next ? "" : "removed" in next ? "; removed its next occurrence" : `; kept its next occurrence: ${next.reason}`;
        return { summary: `Reopened ${describeTask(reopened.task, context)}${about}`, data: reopened };
      }),
  );
}

import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CompleteTaskToolInput, completeTask, OneTaskOutput, reopenTask } from "@todo/services";
import { describeTask } from "../describe-task.ts";
import { toolResult } from "../tool-result.ts";
import type { ToolDeps } from "./tool-deps.ts";

export function registerCompleteTaskTool(server: McpServer, { context, logger }: ToolDeps): void {
  server.registerTool(
    "complete_task",
    {
      title: "Complete a task",
      description:
        "Mark a task done (completing a done task changes nothing). A repeating task then gets its next occurrence. With reopen: true, mark it open again.",
      inputSchema: CompleteTaskToolInput,
      outputSchema: OneTaskOutput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    ({ id, reopen }) =>
      toolResult(logger, "complete_task", async () => {
        const task = reopen ? await reopenTask(context, id) : await completeTask(context, id);
        return { summary: `${reopen ? "Reopened" : "Completed"} ${describeTask(task)}`, data: { task } };
      }),
  );
}

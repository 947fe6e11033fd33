import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { OneTaskOutput, updateTask, UpdateTaskToolInput } from "@todo/services";
import { describeTask } from "../describe-task.ts";
import { toolResult } from "../tool-result.ts";
import type { ToolDeps } from "./tool-deps.ts";

export function registerUpdateTaskTool(server: McpServer, { context, logger }: ToolDeps): void {
  server.registerTool(
    "update_task",
    {
      title: "Change a task",
      description:
        "Change some fields of a task. Fields left out stay as they are; null clears a field (e.g. due: null removes the due date, recurrence: null stops repeating).",
      inputSchema: UpdateTaskToolInput,
      outputSchema: OneTaskOutput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    ({ id, ...changes }) =>
      toolResult(logger, "update_task", async () => {
        const task = await updateTask(context, id, changes);
        return { summary: `Updated ${describeTask(task)}`, data: { task } };
      }),
  );
}

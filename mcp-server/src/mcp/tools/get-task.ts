import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { getTaskWithSubtasks, GetTaskOutput, TaskIdToolInput } from "@todo/services";
import { describeTask } from "../describe-task.ts";
import { toolResult } from "../tool-result.ts";
import type { ToolDeps } from "./tool-deps.ts";

export function registerGetTaskTool(server: McpServer, { context, logger }: ToolDeps): void {
  server.registerTool(
    "get_task",
    {
      title: "Get a task",
      description:
        "Read one task by id (from list_tasks or add_task) with all its fields and its subtasks (in their order), when the user asks for details ('what's in the dentist task?') or to check its version before update_task. " +
        "To find a task by words, use list_tasks { search }.",
      inputSchema: TaskIdToolInput,
      outputSchema: GetTaskOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ id }) =>
      toolResult(logger, "get_task", async () => {
        const { task, subtasks } = await getTaskWithSubtasks(context, id);
        const lines = [describeTask(task, context), ...(task.description ? [task.description] : [])];
        if (subtasks.length) lines.push("Subtasks:", ...subtasks.map((subtask) => `- ${describeTask(subtask, context, true)}`));
        return { summary: lines.join("\n"), data: { task, subtasks } };
      }),
  );
}

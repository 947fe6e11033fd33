import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { addTasks, AddTasksOutput, AddTasksToolInput, MAX_ADD_TASKS } from "@todo/services";
import { describeTask } from "../describe-task.ts";
import { toolResult } from "../tool-result.ts";
import type { ToolDeps } from "./tool-deps.ts";

export function registerAddTasksTool(server: McpServer, { context, logger }: ToolDeps): void {
  server.registerTool(
    "add_tasks",
    {
      title: "Add several tasks",
      description:
        `Create 1-${MAX_ADD_TASKS} tasks at once, each with the fields of add_task. All or nothing: a bad item fails the call, ` +
        "naming it by index and field (tasks[3].title), and nothing is created.",
      inputSchema: AddTasksToolInput,
      outputSchema: AddTasksOutput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (args) =>
      toolResult(logger, "add_tasks", async () => {
        const tasks = await addTasks(context, args);
        return { summary: `Added ${tasks.length} task(s):\n${tasks.map((task) => `- ${describeTask(task)}`).join("\n")}`, data: { tasks } };
      }),
  );
}

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
        "Change a task the user refers to ('move the dentist to friday', 'make it urgent', 'stop repeating'). The id comes from list_tasks (search by words) or add_task. " +
        "Fields left out stay as they are; null clears a field (e.g. due: null removes the due date, recurrence: null stops repeating). " +
        "A due phrase changes only what it says: a day alone ('friday', '2026-12-04') keeps a timed task's time of day, a time alone ('2pm') keeps its day (today if it had none); " +
        "dueAt and dueDate replace the due moment whole. position moves a subtask among its parent's subtasks (0 = first). reminders replaces all the task's reminders (null or [] removes them); relative ones move with the due moment.",
      inputSchema: UpdateTaskToolInput,
      outputSchema: OneTaskOutput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    ({ id, ...changes }) =>
      toolResult(logger, "update_task", async () => {
        const task = await updateTask(context, id, changes);
        return { summary: `Updated ${describeTask(task, context)}`, data: { task } };
      }),
  );
}

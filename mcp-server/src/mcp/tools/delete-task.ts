import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { AppError, deleteTask, getTask, OneTaskOutput, TaskIdToolInput } from "@todo/services";
import { describeTask } from "../describe-task.ts";
import { toolResult } from "../tool-result.ts";
import { confirmWithUser } from "../confirm-with-user.ts";
import type { ToolDeps } from "./tool-deps.ts";

export function registerDeleteTaskTool(server: McpServer, { context, logger, elicitation = "off" }: ToolDeps): void {
  server.registerTool(
    "delete_task",
    {
      title: "Delete a task",
      description:
        "Delete a task the user no longer wants ('forget the gym', 'remove the dentist task'); the id comes from list_tasks or add_task. " +
        "For something the user did, use complete_task instead. When the client supports it, the user is asked to confirm first. Returns the task as it was.",
      inputSchema: TaskIdToolInput,
      outputSchema: OneTaskOutput,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    },
    ({ id }, extra) =>
      toolResult(logger, "delete_task", async () => {
        if (elicitation === "when-supported") {
          const task = await getTask(context, id);
          const answer = await confirmWithUser(server, `Delete the task '${task.title}'?`, extra.requestId);
          // A client that cannot ask gets today's behaviour: the model's call is the decision.
          if (answer === "declined" || answer === "cancelled") {
            throw new AppError(
              "forbidden",
              `the user ${answer} deleting '${task.title}'; the task is unchanged — do not retry unless they ask again`,
            );
          }
        }
        const task = await deleteTask(context, id);
        return { summary: `Deleted ${describeTask(task)}`, data: { task } };
      }),
  );
}

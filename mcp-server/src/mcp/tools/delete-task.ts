import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { AppError, DeleteTaskOutput, deleteTask, getTask, TaskIdToolInput } from "@todo/services";
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
        "For something the user did, use complete_task instead. When the client supports it, the user is asked to confirm first. " +
        "The task moves to the trash, where restore_task with the same id brings it back (with its series and reminder) until the trash is purged (30 days by default). Returns the task as it was.",
      inputSchema: TaskIdToolInput,
      outputSchema: DeleteTaskOutput,
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
        return {
          summary: `Deleted ${describeTask(task, context)}: it is in the trash; restore_task with id ${task.id} brings it back`,
          data: { task, restorable: true as const },
        };
      }),
  );
}

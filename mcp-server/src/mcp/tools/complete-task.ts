import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CompleteTaskOutput, CompleteTaskToolInput, completeAndContinue, reopenTask, type CompletionResult, type ReopenResult } from "@todo/services";
import { countInWords } from "@todo/services/format";
import { describeTask } from "../describe-task.ts";
import { toolResult } from "../tool-result.ts";
import type { ToolDeps } from "./tool-deps.ts";

export function registerCompleteTaskTool(server: McpServer, { context, logger }: ToolDeps): void {
  server.registerTool(
    "complete_task",
    {
      title: "Complete a task",
      description:
        "Mark a task done when the user says they did it ('I called mom', 'done with the report'); the id comes from list_tasks or add_task. Completing a done task changes nothing. " +
        'A task with open subtasks fails with open_subtasks unless subtasks: "complete" (ask the user first: complete them too?). ' +
        "A repeating task gets its next occurrence at once, at the series' own time of day (a time skipped by a DST change moves only that day): the result's nextOccurrence { created: true, task } gives its id and due, or { ended: true } when the rule has no more. " +
        "With reopen: true, mark it open again and undo the completion: the subtasks it completed are opened again (reopenedSubtasks; those done before stay done), the next occurrence it created is removed (nextOccurrence: {removed: true, task}), " +
        "unless it was changed or completed since, in which case it stays (nextOccurrence: {kept: true, reason, task}). Completing again creates exactly one next occurrence.",
      inputSchema: CompleteTaskToolInput,
      outputSchema: CompleteTaskOutput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    ({ id, reopen, subtasks }) =>
      toolResult<CompletionResult | ReopenResult>(logger, "complete_task", async () => {
        if (!reopen) {
          const completed = await completeAndContinue(context, id, { subtasks });
          const next = completed.nextOccurrence;
          const about = !next
            ? ""
            : "created" in next
              ? `; next occurrence: ${describeTask(next.task, context)}`
              : `; the series has ended (${next.reason})`;
          const withSubtasks = completed.completedSubtasks ? ` with its ${countInWords(completed.completedSubtasks.length, "open subtask")}` : "";
          return { summary: `Completed ${describeTask(completed.task, context)}${withSubtasks}${about}`, data: completed };
        }
        const reopened = await reopenTask(context, id);
        const next = reopened.nextOccurrence;
        const subtasksAgain = reopened.reopenedSubtasks ? ` with its ${countInWords(reopened.reopenedSubtasks.length, "subtask")} open again` : "";
        const about = !next ? "" : "removed" in next ? "; removed its next occurrence" : `; kept its next occurrence: ${next.reason}`;
        return { summary: `Reopened ${describeTask(reopened.task, context)}${subtasksAgain}${about}`, data: reopened };
      }),
  );
}

import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { addTask, AddTaskInput, OneTaskOutput } from "@todo/services";
import { describeTask } from "../describe-task.ts";
import { toolResult } from "../tool-result.ts";
import type { ToolDeps } from "./tool-deps.ts";

export function registerAddTaskTool(server: McpServer, { context, logger }: ToolDeps): void {
  server.registerTool(
    "add_task",
    {
      title: "Add a task",
      description:
        "Create one task when the user asks to remember, schedule or do something ('remind me to call mom sunday 6pm', 'add buy milk'). " +
        "title is the thing to do, without the date words. due is one moment, read in the user's time zone: 'tomorrow 5pm', 'friday', 'in 3 days', or ISO (2026-12-24 all-day, 2026-12-24T17:00 timed). " +
        "Repeats go in recurrence, not due: 'every weekday', 'every last friday', 'monthly on the 15th' or an RRULE (FREQ=WEEKLY;BYDAY=MO); with recurrence and no due, the first occurrence is due. " +
        "parentId makes it a subtask of that task ('add book flights under trip planning'), placed last; one level only. " +
        "reminders: up to 5, [{minutesBefore: 1440}] = 1 day before, [{minutesBefore: 0}] = at due time, [{at: '2026-12-03T08:00'}] = at that moment. " +
        "Returns the task with its id: keep it to change, complete or delete the task later.",
      inputSchema: AddTaskInput,
      outputSchema: OneTaskOutput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (args) =>
      toolResult(logger, "add_task", async () => {
        const task = await addTask(context, args);
        return { summary: `Added ${describeTask(task, context)}`, data: { task } };
      }),
  );
}

import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { listTasks, ListTasksToolInput, localDate, TaskPageOutput } from "@todo/services";
import { describeTaskLines } from "../describe-task.ts";
import { toolResult } from "../tool-result.ts";
import type { ToolDeps } from "./tool-deps.ts";

export function registerListTasksTool(server: McpServer, { context, logger }: ToolDeps): void {
  server.registerTool(
    "list_tasks",
    {
      title: "List tasks",
      description:
        "List or find the user's tasks ('what's due today?', 'show my work tasks', 'find the dentist task'): open ones by default, soonest due first. " +
        "Filter by status, priority ('high' or ['high', 'urgent']), tags, due dates (dueFrom/dueTo: local dates YYYY-MM-DD, inclusive), overdue, recurring, or search words in the title/description. " +
        "Subtasks are listed as tasks of their own, each with parentId (shown under their parent when it is listed too); a task with subtasks says how many are done. " +
        "The result carries today and timeZone: compute dueFrom/dueTo from them ('this week' = today to today + 6 days). Ids in the result are what the other tools take; pass nextCursor as cursor for more.",
      inputSchema: ListTasksToolInput,
      outputSchema: TaskPageOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      toolResult(logger, "list_tasks", async () => {
        const page = await listTasks(context, args);
        const timeZone = context.user.timeZone;
        const today = localDate(context.clock.now(), timeZone);
        const lines = describeTaskLines(page.tasks, context);
        if (page.nextCursor) lines.push(`More: call again with cursor "${page.nextCursor}"`);
        const summary = page.tasks.length ? `${page.tasks.length} task(s):\n${lines.join("\n")}` : "No tasks match.";
        return { summary: `Today is ${today} (${timeZone}). ${summary}`, data: { tasks: page.tasks, nextCursor: page.nextCursor, today, timeZone } };
      }),
  );
}

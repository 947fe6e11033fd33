import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { listTasks, ListTasksToolInput, TaskPageOutput } from "@todo/services";
import { describeTask } from "../describe-task.ts";
import { toolResult } from "../tool-result.ts";
import type { ToolDeps } from "./tool-deps.ts";

export function registerListTasksTool(server: McpServer, { context, logger }: ToolDeps): void {
  server.registerTool(
    "list_tasks",
    {
      title: "List tasks",
      description:
        "List the user's tasks: open ones by default, soonest due first. Filter by status, priority, tags, due dates (local YYYY-MM-DD, inclusive), overdue, recurring, or words in the title/description.",
      inputSchema: ListTasksToolInput,
      outputSchema: TaskPageOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      toolResult(logger, "list_tasks", async () => {
        const page = await listTasks(context, args);
        const lines = page.tasks.map((task) => `- ${describeTask(task, context)}`);
        if (page.nextCursor) lines.push(`More: call again with cursor "${page.nextCursor}"`);
        const summary = page.tasks.length ? `${page.tasks.length} task(s):\n${lines.join("\n")}` : "No tasks match.";
        return { summary, data: { tasks: page.tasks, nextCursor: page.nextCursor } };
      }),
  );
}

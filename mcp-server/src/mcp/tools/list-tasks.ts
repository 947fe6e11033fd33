import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { listTasks, ListTasksInput, PRIORITIES } from "@todo/services";
import { TaskPageOutput } from "../output-schemas.ts";
import { describeTask } from "../describe-task.ts";
import { toolResult } from "../tool-result.ts";
import type { ToolDeps } from "./tool-deps.ts";

// The domain schema also accepts query-string forms ("high,urgent", "true"); tools take JSON types.
const ListTasksToolInput = ListTasksInput.extend({
  priority: z.array(z.enum(PRIORITIES)).optional().describe("Only these priorities (any of)"),
  tags: z.array(z.string()).optional().describe("Only tasks carrying all of these tags"),
  overdue: z.boolean().optional().describe("true: only open tasks whose due moment has passed"),
  recurring: z.boolean().optional().describe("true: only repeating tasks; false: only one-off tasks"),
  limit: z.number().int().min(1).max(100).optional().describe("Page size, 1-100 (default 50)"),
});

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
        const lines = page.tasks.map((task) => `- ${describeTask(task)}`);
        const summary = page.tasks.length ? `${page.tasks.length} task(s):\n${lines.join("\n")}` : "No tasks match.";
        return { summary, data: { tasks: page.tasks, nextCursor: page.nextCursor } };
      }),
  );
}

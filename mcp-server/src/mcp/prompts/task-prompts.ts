import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { GetPromptResult } from "@modelcontextprotocol/sdk/types.js";
import { addDays, localDate } from "@todo/services";
import { z } from "zod";
import type { ToolDeps } from "../tools/tool-deps.ts";

function userMessage(text: string): GetPromptResult {
  return { messages: [{ role: "user", content: { type: "text", text } }] };
}

/**
 * Prompts a user picks in their MCP client ("/plan_my_day"), each a message that tells the model
 * which tools to call, with the user's today and zone filled in so the date filters are right.
 */
export function registerTaskPrompts(server: McpServer, { context }: ToolDeps): void {
  server.registerPrompt(
    "plan_my_day",
    {
      title: "Plan my day",
      description: "Look at what is overdue and due today, and propose an order for the day",
      argsSchema: { focus: z.string().max(200).optional().describe("What matters most today, e.g. 'the release' (optional)") },
    },
    ({ focus }) => {
      const zone = context.user.timeZone;
      const today = localDate(context.clock.now(), zone);
      return userMessage(
        [
          `Help me plan my day. Today is ${today} in ${zone}.`,
          `1. Call list_tasks with { "overdue": true } and list_tasks with { "dueFrom": "${today}", "dueTo": "${today}" }; also list_tasks with { "priority": ["high", "urgent"] } for undated important work.`,
          "2. Propose an order for today: overdue and urgent first, timed tasks at their times, at most about 6 things; say which overdue tasks I should move to another day.",
          "3. Only after I agree: move tasks with update_task { id, due: 'tomorrow' } (ids come from the list_tasks results) and mark finished ones with complete_task.",
          ...(focus ? [`My focus today: ${focus}.`] : []),
        ].join("\n"),
      );
    },
  );
  server.registerPrompt(
    "weekly_review",
    {
      title: "Weekly review",
      description: "Review the past week's completed tasks, what is overdue, and the week ahead",
    },
    () => {
      const zone = context.user.timeZone;
      const today = localDate(context.clock.now(), zone);
      return userMessage(
        [
          `Let's do my weekly review. Today is ${today} in ${zone}.`,
          `1. What I finished: list_tasks with { "status": "done", "sort": "createdAt", "order": "desc" }; summarise what was completed since ${addDays(today, -7)}.`,
          '2. What slipped: list_tasks with { "overdue": true }; for each, ask whether to reschedule (update_task with a new due), drop (delete_task) or finish (complete_task).',
          `3. The week ahead: list_tasks with { "dueFrom": "${today}", "dueTo": "${addDays(today, 7)}" }; point out crowded days and tasks without a due date that look urgent.`,
          "4. Finish with three suggestions for next week. Change nothing without my say-so.",
        ].join("\n"),
      );
    },
  );
}

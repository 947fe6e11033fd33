import { z } from "zod";
import { APP_ERROR_CODES } from "../errors.ts";
import { TaskViewSchema } from "../tasks/task-events.ts";
import { AddTaskInput, ListTasksInput, TaskId, UpdateTaskInput } from "../tasks/task-inputs.ts";
import { PRIORITIES } from "../tasks/task-model.ts";

// One definition of every MCP tool's arguments and result, imported by the server that registers
// the tools and by the chat gateway that calls them, so the two cannot drift apart.

/** The result of add_task, update_task, complete_task, delete_task and get_task. */
export const OneTaskOutput = z.object({ task: TaskViewSchema });
export type OneTaskOutput = z.infer<typeof OneTaskOutput>;

/**
 * The result of complete_task. With reopen: true on a repeating task, `nextOccurrence` says what
 * became of the occurrence that completing it had created: removed, or kept (with the reason)
 * because it was changed since.
 */
export const CompleteTaskOutput = OneTaskOutput.extend({
  nextOccurrence: z
    .union([
      z.object({ removed: z.literal(true), task: TaskViewSchema }),
      z.object({ kept: z.literal(true), reason: z.string(), task: TaskViewSchema }),
    ])
    .optional()
    .describe("After reopen: the next occurrence this completion had created, removed or (changed since) kept"),
});
export type CompleteTaskOutput = z.infer<typeof CompleteTaskOutput>;

/** The result of delete_task: the task as it was; it is in the trash, and restore_task brings it back. */
export const DeleteTaskOutput = OneTaskOutput.extend({
  restorable: z.literal(true).describe("The task is in the trash: restore_task with its id brings it back until the trash is purged"),
});
export type DeleteTaskOutput = z.infer<typeof DeleteTaskOutput>;

/** The result of list_tasks: one page, soonest due first. */
export const TaskPageOutput = z.object({
  tasks: z.array(TaskViewSchema),
  nextCursor: z.string().nullable().describe("Pass as cursor to get the next page; null on the last page"),
});
export type TaskPageOutput = z.infer<typeof TaskPageOutput>;

/** Arguments of get_task, delete_task and restore_task. */
export const TaskIdToolInput = z.strictObject({ id: TaskId.describe("The task's id") });

export const CompleteTaskToolInput = z.strictObject({
  id: TaskId.describe("The task's id"),
  reopen: z
    .boolean()
    .optional()
    .describe(
      "true to mark a done task open again; for a repeating task this also removes the next occurrence its completion created, unless that was changed since",
    ),
});

export const UpdateTaskToolInput = UpdateTaskInput.extend({ id: TaskId.describe("The task's id") });

// The domain schema also accepts query-string forms ("high,urgent", "true"); tools take JSON types.
export const ListTasksToolInput = ListTasksInput.extend({
  priority: z.array(z.enum(PRIORITIES)).optional().describe("Only these priorities (any of)"),
  tags: z.array(z.string()).optional().describe("Only tasks carrying all of these tags"),
  overdue: z.boolean().optional().describe("true: only open tasks whose due moment has passed"),
  recurring: z.boolean().optional().describe("true: only repeating tasks; false: only one-off tasks"),
  limit: z.number().int().min(1).max(100).optional().describe("Page size, 1-100 (default 50)"),
});

/** Every task tool: its arguments and the structuredContent of a successful call. */
export const TOOL_SCHEMAS = {
  add_task: { input: AddTaskInput, output: OneTaskOutput },
  update_task: { input: UpdateTaskToolInput, output: OneTaskOutput },
  complete_task: { input: CompleteTaskToolInput, output: CompleteTaskOutput },
  delete_task: { input: TaskIdToolInput, output: DeleteTaskOutput },
  restore_task: { input: TaskIdToolInput, output: OneTaskOutput },
  get_task: { input: TaskIdToolInput, output: OneTaskOutput },
  list_tasks: { input: ListTasksToolInput, output: TaskPageOutput },
} as const;

export type ToolName = keyof typeof TOOL_SCHEMAS;
/** What a caller may send to a tool (before defaults and transforms). */
export type ToolInput<N extends ToolName> = z.input<(typeof TOOL_SCHEMAS)[N]["input"]>;
/** What a successful call of a tool returns as structuredContent. */
export type ToolOutput<N extends ToolName> = z.output<(typeof TOOL_SCHEMAS)[N]["output"]>;

/** True for the name of one of the task tools. */
export function isToolName(name: string): name is ToolName {
  return Object.hasOwn(TOOL_SCHEMAS, name);
}

/** How a tool call failed: an AppError code, or "internal" when the server failed or gave no code. */
export const TOOL_ERROR_CODES = [...APP_ERROR_CODES, "internal"] as const;
export type ToolErrorCode = (typeof TOOL_ERROR_CODES)[number];

/**
 * The key under `_meta` of an isError tool result that carries `{code, message}`.
 *
 * Not in structuredContent: the TypeScript SDK client (1.32.2) validates structuredContent against
 * the tool's outputSchema even on isError results once it has listed the tools, so an error shape
 * there makes every SDK client throw instead of showing the error
 * (modelcontextprotocol/typescript-sdk#1943). `_meta` is the protocol's place for such extras.
 */
export const TOOL_ERROR_META_KEY = "todo-chatbot/error";

/** The error carried under {@link TOOL_ERROR_META_KEY}; `message` says what to fix, without the code. */
export const ToolError = z.object({ code: z.enum(TOOL_ERROR_CODES), message: z.string() });
export type ToolError = z.infer<typeof ToolError>;

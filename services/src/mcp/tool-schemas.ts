import { z } from "zod";
import { APP_ERROR_CODES } from "../errors.ts";
import { TaskViewSchema } from "../tasks/task-events.ts";
import { AddTaskInput, CompleteTaskOptions, ListTasksInput, TaskId, UpdateTaskInput } from "../tasks/task-inputs.ts";
import { AddTasksInput, CompleteTasksInput, UpdateTasksInput } from "../tasks/bulk.ts";
import { PRIORITIES } from "../tasks/task-model.ts";
import { CreateListInput, DeleteListInput, ListId, UpdateListInput } from "../lists/list-model.ts";

// One definition of every MCP tool's arguments and result, imported by the server that registers
// the tools and by the chat gateway that calls them, so the two cannot drift apart.

/** The result of add_task, update_task, complete_task, delete_task and get_task. */
export const OneTaskOutput = z.object({ task: TaskViewSchema });
export type OneTaskOutput = z.infer<typeof OneTaskOutput>;

/**
 * The result of complete_task. Completing a repeating task: `nextOccurrence` is the occurrence it
 * created (`created`, with the new task's id and due moment) or says the series ended. With
 * reopen: true, it says what became of the occurrence that completing it had created: removed, or
 * kept (with the reason) because it was changed since.
 */
export const CompleteTaskOutput = OneTaskOutput.extend({
  nextOccurrence: z
    .union([
      z.object({ created: z.literal(true), task: TaskViewSchema }),
      z.object({ ended: z.literal(true), reason: z.string() }),
      z.object({ removed: z.literal(true), task: TaskViewSchema }),
      z.object({ kept: z.literal(true), reason: z.string(), task: TaskViewSchema }),
    ])
    .optional()
    .describe(
      "Repeating tasks only. After completing: the next occurrence created (its id and due) or that the series ended. After reopen: that occurrence, removed or (changed since) kept",
    ),
  completedSubtasks: z
    .array(TaskViewSchema)
    .optional()
    .describe('The open subtasks completed with it (subtasks: "complete"), in their order; absent when there were none'),
  reopenedSubtasks: z
    .array(TaskViewSchema)
    .optional()
    .describe("After reopen: the subtasks its completion had completed with it, open again, in their order; absent when there were none"),
});
export type CompleteTaskOutput = z.infer<typeof CompleteTaskOutput>;

/** The result of delete_task: the task as it was; it is in the trash, and restore_task brings it back. */
export const DeleteTaskOutput = OneTaskOutput.extend({
  restorable: z.literal(true).describe("The task is in the trash: restore_task with its id brings it back until the trash is purged"),
});
export type DeleteTaskOutput = z.infer<typeof DeleteTaskOutput>;

/** The result of list_tasks: one page, soonest due first, with the user's today and zone to read due dates by. */
export const TaskPageOutput = z.object({
  tasks: z.array(TaskViewSchema),
  nextCursor: z.string().nullable().describe("Pass as cursor to get the next page; null on the last page"),
  today: z.string().describe("Today's date in the user's time zone (YYYY-MM-DD), for dueFrom/dueTo"),
  timeZone: z.string().describe("The user's IANA time zone; due phrases and dates are read in it"),
});
export type TaskPageOutput = z.infer<typeof TaskPageOutput>;

/** The result of get_task: the task and its subtasks (open and done, in their order). */
export const GetTaskOutput = OneTaskOutput.extend({
  subtasks: z.array(TaskViewSchema).describe("Its subtasks, open and done, in their order; [] when it has none"),
});
export type GetTaskOutput = z.infer<typeof GetTaskOutput>;

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
  subtasks: CompleteTaskOptions.shape.subtasks,
});

export const UpdateTaskToolInput = UpdateTaskInput.extend({ id: TaskId.describe("The task's id") });

// The domain schema also accepts query-string forms ("high,urgent", "true"); tools take JSON types.
export const ListTasksToolInput = ListTasksInput.extend({
  // One priority alone is unambiguous, so it is taken as a list of one.
  priority: z
    .union([z.enum(PRIORITIES), z.array(z.enum(PRIORITIES))], {
      error: 'must be low, medium, high or urgent, or a list of them, e.g. "high" or ["high", "urgent"]',
    })
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .optional()
    .describe('Only these priorities (any of): "high" or ["high", "urgent"]'),
  tags: z.array(z.string()).optional().describe("Only tasks carrying all of these tags"),
  overdue: z.boolean().optional().describe("true: only open tasks whose due moment has passed"),
  recurring: z.boolean().optional().describe("true: only repeating tasks; false: only one-off tasks"),
  limit: z.number().int().min(1).max(100).optional().describe("Page size, 1-100 (default 50)"),
});

/**
 * A tool's arguments checked by the use case rather than by the SDK: the SDK would answer a bad
 * item with zod's raw issue list, where the use case names it (`tasks[3].title: must not be
 * empty`). Clients still see each argument's full JSON Schema (the `shown` schema's).
 */
function checkedByUseCase(shown: z.ZodObject) {
  const shape = Object.fromEntries(
    Object.entries(shown.shape).map(([key, field]) => {
      const { $schema: _drop, ...json } = z.toJSONSchema(field as z.ZodType, { io: "input", target: "draft-7" });
      const loose = (field as z.ZodType).safeParse(undefined).success ? z.unknown().optional() : z.unknown();
      return [key, loose.meta(json)];
    }),
  );
  return z.strictObject(shape);
}

// The filter as tools take it (JSON types), shown to clients; the use case also takes query-string forms.
const TaskFilterShown = ListTasksToolInput.pick({
  status: true,
  priority: true,
  tags: true,
  dueFrom: true,
  dueTo: true,
  overdue: true,
  recurring: true,
  search: true,
});

export const AddTasksToolInput = checkedByUseCase(AddTasksInput);
export const UpdateTasksToolInput = checkedByUseCase(UpdateTasksInput.extend({ filter: TaskFilterShown.optional() }));
export const CompleteTasksToolInput = checkedByUseCase(CompleteTasksInput.extend({ filter: TaskFilterShown.optional() }));

/** The result of add_tasks: the tasks created, in the order given. */
export const AddTasksOutput = z.object({ tasks: z.array(TaskViewSchema) });
export type AddTasksOutput = z.infer<typeof AddTasksOutput>;

/** The result of update_tasks and complete_tasks (see BulkChangeResult). */
export const BulkChangeOutput = z.object({
  dryRun: z.boolean().describe("true: nothing was written; the tasks are shown as they would be"),
  matched: z.number().int().describe("How many tasks the ids or filter matched"),
  changed: z.number().int().describe("How many of them changed (or would change)"),
  results: z.array(
    z.object({
      task: TaskViewSchema,
      changedFields: z.array(z.string()).describe("The fields that differ after the change; [] when the task was already so"),
    }),
  ),
});
export type BulkChangeOutput = z.infer<typeof BulkChangeOutput>;

// Lists (projects)
const ListViewOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  color: z.string().nullable().describe("#rrggbb or null"),
  position: z.number().int(),
  isInbox: z.boolean().describe("The Inbox: tasks go there when no list is named; it cannot be renamed or deleted"),
  openCount: z.number().int().describe("How many open tasks it holds"),
});
/** The result of list_lists. */
export const ListsOutput = z.object({ lists: z.array(ListViewOutput) });
/** The result of add_list and update_list. */
export const OneListOutput = z.object({ list: ListViewOutput });
/** The result of delete_list: what became of its tasks. */
export const DeleteListOutput = z.object({
  // One object with both optional: MCP outputSchema must be an object, not a union.
  trashed: z
    .number()
    .int()
    .optional()
    .describe("With tasks: 'trash': tasks moved to the trash with the list; restore_task on one brings the list back"),
  movedToInbox: z.number().int().optional().describe("With tasks: 'inbox': tasks moved to the Inbox"),
});
export const ListsToolInput = z.strictObject({});
export const UpdateListToolInput = UpdateListInput.extend({ id: ListId.describe("The list's id (list_lists shows them)") });
export const DeleteListToolInput = DeleteListInput.extend({ id: ListId.describe("The list's id (list_lists shows them)") });

/** Every task tool: its arguments and the structuredContent of a successful call. */
export const TOOL_SCHEMAS = {
  add_task: { input: AddTaskInput, output: OneTaskOutput },
  update_task: { input: UpdateTaskToolInput, output: OneTaskOutput },
  complete_task: { input: CompleteTaskToolInput, output: CompleteTaskOutput },
  delete_task: { input: TaskIdToolInput, output: DeleteTaskOutput },
  restore_task: { input: TaskIdToolInput, output: OneTaskOutput },
  get_task: { input: TaskIdToolInput, output: GetTaskOutput },
  list_tasks: { input: ListTasksToolInput, output: TaskPageOutput },
  add_tasks: { input: AddTasksToolInput, output: AddTasksOutput },
  update_tasks: { input: UpdateTasksToolInput, output: BulkChangeOutput },
  complete_tasks: { input: CompleteTasksToolInput, output: BulkChangeOutput },
  list_lists: { input: ListsToolInput, output: ListsOutput },
  add_list: { input: CreateListInput, output: OneListOutput },
  update_list: { input: UpdateListToolInput, output: OneListOutput },
  delete_list: { input: DeleteListToolInput, output: DeleteListOutput },
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

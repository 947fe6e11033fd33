import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import {
  createList,
  CreateListInput,
  deleteList,
  DeleteListOutput,
  DeleteListToolInput,
  listLists,
  ListsOutput,
  ListsToolInput,
  OneListOutput,
  updateList,
  UpdateListToolInput,
  type TaskListView,
} from "@todo/services";
import { toolResult } from "../tool-result.ts";
import type { ToolDeps } from "./tool-deps.ts";

/** "'Work' (3 open, #3b82f6) id …": one short line per list for a model to read. */
function describeList(list: TaskListView): string {
  const parts = [`${list.openCount} open`, ...(list.color ? [list.color] : []), ...(list.isInbox ? ["inbox"] : [])];
  return `'${list.name}' (${parts.join(", ")}) id ${list.id}`;
}

/** The list tools: list_lists, add_list, update_list, delete_list (Lists, issue 13). */
export function registerListTools(server: McpServer, { context, logger }: ToolDeps): void {
  server.registerTool(
    "list_lists",
    {
      title: "List the lists",
      description:
        "The user's lists (projects) with how many open tasks each holds: 'what lists do I have?'. The Inbox comes first and holds tasks given no list. " +
        "Tasks tools take a list by name (case-insensitive) or id: add_task {list: 'Work'}, list_tasks {list: 'Groceries'}, update_task {list: 'Home'} to move a task.",
      inputSchema: ListsToolInput,
      outputSchema: ListsOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    () =>
      toolResult(logger, "list_lists", async () => {
        const lists = await listLists(context);
        return { summary: `${lists.length} list(s):\n${lists.map((list) => `- ${describeList(list)}`).join("\n")}`, data: { lists } };
      }),
  );
  server.registerTool(
    "add_list",
    {
      title: "Add a list",
      description:
        "Create a list (project) to group tasks: 'create a list called Home'. name is 1-100 characters, unique among the user's lists (case-insensitive); color is optional #rrggbb.",
      inputSchema: CreateListInput,
      outputSchema: OneListOutput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (args) =>
      toolResult(logger, "add_list", async () => {
        const list = await createList(context, args);
        return { summary: `Added the list ${describeList(list)}`, data: { list } };
      }),
  );
  server.registerTool(
    "update_list",
    {
      title: "Change a list",
      description:
        "Rename, recolour or reorder a list ('rename Work to Office'); the id comes from list_lists. The Inbox keeps its name. Fields left out stay as they are; color: null removes the colour.",
      inputSchema: UpdateListToolInput,
      outputSchema: OneListOutput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    ({ id, ...changes }) =>
      toolResult(logger, "update_list", async () => {
        const list = await updateList(context, id, changes);
        return { summary: `Updated the list ${describeList(list)}`, data: { list } };
      }),
  );
  server.registerTool(
    "delete_list",
    {
      title: "Delete a list",
      description:
        "Delete a list the user no longer wants; ask them first what becomes of its tasks. tasks: 'inbox' moves them to the Inbox; " +
        "'trash' moves them to the trash with the list (restore_task on any of them brings the list back). The Inbox cannot be deleted.",
      inputSchema: DeleteListToolInput,
      outputSchema: DeleteListOutput,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    },
    ({ id, tasks }) =>
      toolResult(logger, "delete_list", async () => {
        const result = await deleteList(context, id, { tasks });
        const summary =
          "trashed" in result
            ? `Deleted the list; its ${result.trashed} task(s) are in the trash (restore_task brings one back, and the list with it)`
            : `Deleted the list; its ${result.movedToInbox} task(s) moved to the Inbox`;
        return { summary, data: result };
      }),
  );
}

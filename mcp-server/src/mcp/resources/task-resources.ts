import { ResourceTemplate, type McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ErrorCode, McpError, type ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import { listTasks, localDate, type ListTasksInput, type TaskContext } from "@todo/services";
import { z } from "zod";
import type { ToolDeps } from "../tools/tool-deps.ts";

/** A tag as it appears in a `tasks://tag/{tag}` URI: the stored form (lower-case, no '#'). */
const TagVariable = z
  .string()
  .transform((tag) => tag.replace(/^#/, "").toLowerCase())
  .pipe(z.string().regex(/^[\p{L}\p{N}_\-./]{1,50}$/u, { error: "a tag is 1-50 letters, digits or _-./, e.g. tasks://tag/work" }));

/** How many tasks a resource holds at most: one page of list_tasks (the tool pages further). */
const RESOURCE_PAGE = 100;

/** How many tasks are read to find the user's tags for completion (the newest first). */
const TAG_SCAN_LIMIT = 500;

/** A task list as a resource: JSON with the user's today and zone, and the tasks (list_tasks' shape). */
async function taskListResource(uri: URL, context: TaskContext, filter: Partial<ListTasksInput>): Promise<ReadResourceResult> {
  const page = await listTasks(context, { limit: RESOURCE_PAGE, ...filter });
  const zone = context.user.timeZone;
  const body = { today: localDate(context.clock.now(), zone), timeZone: zone, tasks: page.tasks, more: page.nextCursor !== null };
  return { contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(body) }] };
}

/**
 * The user's tags that start with `prefix` (case-insensitive), most used first, at most 100 (the
 * completion result's limit), from their newest {@link TAG_SCAN_LIMIT} tasks.
 */
export async function tagsStartingWith(context: TaskContext, prefix: string): Promise<string[]> {
  const counts = new Map<string, number>();
  let cursor: string | undefined;
  let seen = 0;
  do {
    const page = await listTasks(context, { status: "all", sort: "createdAt", limit: 100, ...(cursor ? { cursor } : {}) });
    for (const task of page.tasks) for (const tag of task.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    seen += page.tasks.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor && seen < TAG_SCAN_LIMIT);
  const wanted = prefix.replace(/^#/, "").toLowerCase();
  return [...counts.entries()]
    .filter(([tag]) => tag.startsWith(wanted))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 100)
    .map(([tag]) => tag);
}

/**
 * Ready-made task lists as MCP resources (read-only views of list_tasks):
 * - `tasks://today`: open tasks due today in the user's zone;
 * - `tasks://overdue`: open tasks whose due moment has passed;
 * - `tasks://tag/{tag}` (RFC 6570 template): open tasks carrying the tag, with completion of the
 *   user's tag names and one listed resource per tag.
 * Each reads as `application/json` `{ today, timeZone, tasks, more }`.
 */
export function registerTaskResources(server: McpServer, { context }: ToolDeps): void {
  server.registerResource(
    "tasks-today",
    "tasks://today",
    { title: "Due today", description: "Open tasks due today in the user's time zone (JSON: today, timeZone, tasks)", mimeType: "application/json" },
    (uri) => {
      const today = localDate(context.clock.now(), context.user.timeZone);
      return taskListResource(uri, context, { dueFrom: today, dueTo: today });
    },
  );
  server.registerResource(
    "tasks-overdue",
    "tasks://overdue",
    { title: "Overdue", description: "Open tasks whose due moment has passed (JSON: today, timeZone, tasks)", mimeType: "application/json" },
    (uri) => taskListResource(uri, context, { overdue: true }),
  );
  server.registerResource(
    "tasks-by-tag",
    new ResourceTemplate("tasks://tag/{tag}", {
      list: async () => ({
        resources: (await tagsStartingWith(context, "")).map((tag) => ({
          uri: `tasks://tag/${encodeURIComponent(tag)}`,
          name: `#${tag}`,
          mimeType: "application/json",
        })),
      }),
      complete: { tag: (value) => tagsStartingWith(context, value) },
    }),
    {
      title: "Tasks with a tag",
      description: "Open tasks carrying one tag, e.g. tasks://tag/work (JSON: today, timeZone, tasks)",
      mimeType: "application/json",
    },
    async (uri, variables) => {
      const raw = Array.isArray(variables.tag) ? variables.tag[0] : variables.tag;
      const tag = TagVariable.safeParse(decodeURIComponent(raw ?? ""));
      if (!tag.success)
        throw new McpError(ErrorCode.InvalidParams, `tag: ${tag.error.issues[0]?.message ?? "not a tag"}; got '${String(raw).slice(0, 60)}'`);
      return taskListResource(uri, context, { tags: [tag.data] });
    },
  );
}

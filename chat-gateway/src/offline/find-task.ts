import { actionInWords } from "@todo/services/format";
import { matchTarget, type TargetMatch, type TaskView, type ToolInput } from "@todo/services";
import type { ChatAction } from "../turn.ts";
import type { ToolClient } from "../tool-client.ts";

export type FoundTask = TargetMatch<TaskView>;

/** At most this many of the user's tasks are looked through for a name (5 pages of 100). */
const MAX_PAGES = 5;

/**
 * The user's tasks in one status (or matching a list filter), soonest due first, undated last,
 * ties in creation order — the order a "Which one?" question lists them in. Records the calls.
 */
export async function listAll(tools: ToolClient, filter: ToolInput<"list_tasks">, actions: ChatAction[]): Promise<TaskView[] | string> {
  const tasks: TaskView[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const input: ToolInput<"list_tasks"> = { ...filter, limit: 100, ...(cursor && { cursor }) };
    const listed = await tools.call("list_tasks", input);
    const action: ChatAction = {
      tool: "list_tasks",
      input,
      ...(listed.ok ? { result: { count: listed.data.tasks.length } } : { error: listed.message, code: listed.code }),
    };
    actions.push({ ...action, summary: actionInWords(action) });
    if (!listed.ok) return listed.message;
    tasks.push(...listed.data.tasks);
    if (!listed.data.nextCursor) break;
    cursor = listed.data.nextCursor;
  }
  return tasks;
}

/**
 * Finds the task a phrase names among the user's tasks in `status` (conventions §9): word forms,
 * distinctive words and small typos count; several equally good matches are a question for the
 * user; none gives close titles as suggestions. With status "all", an open task is preferred over
 * a done one of the same name.
 */
export async function findTask(tools: ToolClient, target: string, status: "open" | "done" | "all", actions: ChatAction[]): Promise<FoundTask> {
  const tasks = await listAll(tools, { status }, actions);
  if (typeof tasks === "string") return { kind: "none", suggestions: [] };
  const found = matchTarget(target, tasks);
  if (found.kind === "several" && status === "all") {
    const open = found.tasks.filter((task) => task.status === "open");
    const [onlyOpen] = open;
    if (onlyOpen && open.length === 1) return { kind: "one", task: onlyOpen };
    if (open.length > 1) return { kind: "several", tasks: open };
  }
  return found;
}

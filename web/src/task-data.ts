// Server data through TanStack Query: the open list (every view but Done and a filtered All is computed
// from it), the done list and a filtered list for All. Mutations change every cached list at once
// (optimistic) and put the old lists back if the server refuses.
import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, type TaskPage, type TaskView } from "./api.ts";

/** The All view's filters, as GET /api/tasks takes them. */
export interface TaskFilters {
  search: string;
  status: "open" | "done" | "all";
  priority: "" | TaskView["priority"];
  tag: string;
  sort: "dueAt" | "priority" | "createdAt" | "title";
}
export const DEFAULT_FILTERS: TaskFilters = { search: "", status: "open", priority: "", tag: "", sort: "dueAt" };

/** At most this many pages of 100 are read for one list (500 tasks). */
const MAX_PAGES = 5;

async function readAll(params: URLSearchParams): Promise<TaskView[]> {
  const tasks: TaskView[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    if (cursor) params.set("cursor", cursor);
    const answer: TaskPage = await api<TaskPage>(`/api/tasks?${params.toString()}`);
    tasks.push(...answer.tasks);
    cursor = answer.nextCursor;
    if (!cursor) break;
  }
  return tasks;
}

export function filterParams(filters: TaskFilters): URLSearchParams {
  const params = new URLSearchParams({ status: filters.status, sort: filters.sort, limit: "100" });
  if (filters.search.trim()) params.set("search", filters.search.trim());
  if (filters.priority) params.set("priority", filters.priority);
  const tag = filters.tag.trim().replace(/^#/, "").toLowerCase();
  if (tag) params.set("tags", tag);
  return params;
}

export const openKey = ["tasks", "open"] as const;
export const doneKey = ["tasks", "done"] as const;

/** Every open task (up to 500), due order: Today, Upcoming and the counts come from it. */
export const openTasksQuery = { queryKey: openKey, queryFn: () => readAll(new URLSearchParams({ status: "open", sort: "dueAt", limit: "100" })) };

export function useOpenTasks() {
  return useQuery(openTasksQuery);
}

/** The done list, asked for once `enabled` (the dashboard waits until its first list is drawn). */
export function useDoneTasks(enabled = true) {
  return useQuery({
    queryKey: doneKey,
    enabled,
    queryFn: async () => {
      const page = await api<TaskPage>("/api/tasks?status=done&sort=createdAt&limit=100");
      return [...page.tasks].sort((a, b) => (b.completedAt ?? "").localeCompare(a.completedAt ?? ""));
    },
  });
}

export function useFilteredTasks(filters: TaskFilters, enabled: boolean) {
  return useQuery({
    queryKey: ["tasks", "filtered", filters],
    queryFn: () => readAll(filterParams(filters)),
    enabled,
    placeholderData: (previous) => previous,
  });
}

type Lists = Array<[readonly unknown[], TaskView[] | undefined]>;

/** Applies `change` to every cached task list; returns the lists as they were (for a rollback). */
export function changeLists(client: QueryClient, change: (tasks: TaskView[]) => TaskView[]): Lists {
  const before = client.getQueriesData<TaskView[]>({ queryKey: ["tasks"] });
  for (const [key, tasks] of before) if (tasks) client.setQueryData(key, change(tasks));
  return before;
}

export function restoreLists(client: QueryClient, lists: Lists): void {
  for (const [key, tasks] of lists) client.setQueryData(key, tasks);
}

export function useRefreshTasks() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ["tasks"] });
}

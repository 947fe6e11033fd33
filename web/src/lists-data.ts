// Lists (issue 13): the user's lists from GET /api/lists, read once the first task list is drawn
// (issue 17: no request before it), and refreshed whenever tasks change (their open counts move).
import { useQuery } from "@tanstack/react-query";
import { api } from "./api.ts";

/** One list as GET /api/lists gives it: `color` "#rrggbb" or null; `openCount` its open tasks. */
export interface ListSummary {
  id: string;
  name: string;
  color: string | null;
  position: number;
  isInbox: boolean;
  openCount: number;
}

export const listsKey = ["lists"] as const;

/** The lists, in their order, asked for once `enabled`. */
export function useLists(enabled = true) {
  return useQuery({
    queryKey: listsKey,
    enabled,
    queryFn: async () => (await api<{ lists: ListSummary[] }>("/api/lists")).lists,
  });
}

/** The path of a list's view. */
export function listPath(id: string): string {
  return `/lists/${encodeURIComponent(id)}`;
}

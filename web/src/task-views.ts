// Which tasks each view shows, computed in the user's zone from the open list: Today (overdue and due
// today), Upcoming (the next 14 days, grouped by day, timed and all-day together in due order).
import { DateTime } from "luxon";
import type { TaskView } from "./api.ts";

export const VIEWS = ["today", "upcoming", "all", "done", "apps", "trash", "settings"] as const;
// Lists: "list" is /lists/<id> (not a path of its own).
export type ViewName = (typeof VIEWS)[number] | "list";
export const VIEW_TITLES: Record<ViewName, string> = {
  today: "Today",
  upcoming: "Upcoming",
  all: "All tasks",
  done: "Done",
  apps: "Connected apps",
  trash: "Trash",
  settings: "Settings",
  list: "List",
};
export const UPCOMING_DAYS = 14;

/** The user's calendar date today, "YYYY-MM-DD". */
export function todayIn(zone: string, now: Date): string {
  return DateTime.fromJSDate(now, { zone }).toISODate() ?? "";
}

/** The local calendar date a task is due on (a timed task's ISO instant is written in the user's zone). */
export function dueDay(task: TaskView): string | null {
  return task.dueDate ?? task.dueAt?.slice(0, 10) ?? null;
}

/** The instant a task sorts by: its due moment, or the start of its all-day date in the zone. */
function sortKey(task: TaskView, zone: string): number {
  if (task.dueAt) return new Date(task.dueAt).getTime();
  if (task.dueDate) return DateTime.fromISO(task.dueDate, { zone }).toMillis();
  return Number.POSITIVE_INFINITY;
}

export function byDue(tasks: TaskView[], zone: string): TaskView[] {
  return [...tasks].sort((a, b) => sortKey(a, zone) - sortKey(b, zone) || a.title.localeCompare(b.title));
}

/** Open tasks that are overdue or due today, overdue first. */
export function todayTasks(open: TaskView[], zone: string, now: Date): TaskView[] {
  const today = todayIn(zone, now);
  return byDue(
    open.filter((t) => t.status === "open" && (t.overdue || dueDay(t) === today)),
    zone,
  );
}

export interface DayGroup {
  date: string;
  tasks: TaskView[];
}

/** Open tasks due from today through the next 13 days, one group per day that has any. */
export function upcomingGroups(open: TaskView[], zone: string, now: Date): DayGroup[] {
  const start = DateTime.fromJSDate(now, { zone }).startOf("day");
  const first = start.toISODate() ?? "";
  const last = start.plus({ days: UPCOMING_DAYS - 1 }).toISODate() ?? "";
  const groups = new Map<string, TaskView[]>();
  for (const task of byDue(open, zone)) {
    const day = dueDay(task);
    if (task.status !== "open" || !day || day < first || day > last) continue;
    groups.set(day, [...(groups.get(day) ?? []), task]);
  }
  return [...groups].map(([date, tasks]) => ({ date, tasks }));
}

/** A day heading: "Today", "Tomorrow", "Friday 11 December". */
export function dayHeading(date: string, zone: string, now: Date): string {
  const day = DateTime.fromISO(date, { zone });
  const days = Math.round(day.diff(DateTime.fromJSDate(now, { zone }).startOf("day"), "days").days);
  if (days === 0) return "Today";
  if (days === 1) return "Tomorrow";
  return day.toFormat("cccc d LLLL");
}

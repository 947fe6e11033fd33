import { z } from "zod";
import { AppError, parseInput } from "../errors.ts";
import { parseIsoDate } from "../time/resolve-due.ts";
import { addDays, localDate, startOfLocalDate } from "../time/zone.ts";
import { isInDateRange } from "../time/date-range.ts";
import { isSafeText } from "../validation/text.ts";
import { PRIORITIES, type Priority } from "./task-model.ts";
import { ListTasksInput, type SortField } from "./task-inputs.ts";
import { toTaskView, type TaskRecord, type TaskView } from "./task-model.ts";
import type { TaskContext } from "./task-context.ts";
import type { TaskListCriteria } from "./task-store.ts";
import { listRefOf, resolveListId } from "../lists/lists.ts";

export interface TaskPage {
  tasks: TaskView[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

const Cursor = z.object({ s: z.string(), o: z.enum(["asc", "desc"]), v: z.string().nullable(), i: z.uuid() });

function sortValue(task: TaskRecord, sort: SortField): string | null {
  switch (sort) {
    case "dueAt":
      return task.dueSortAt?.toISOString() ?? null;
    case "priority":
      return task.priority;
    case "createdAt":
      return task.createdAt.toISOString();
    case "title":
      return task.title;
  }
}

function cursorValueFits(value: string | null, sort: SortField): boolean {
  if (value === null) return sort === "dueAt";
  switch (sort) {
    case "dueAt":
    case "createdAt":
      return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) && isInDateRange(new Date(value));
    case "priority":
      return PRIORITIES.includes(value as Priority);
    case "title":
      return value.length <= 500 && isSafeText(value);
  }
}

function decodeCursor(cursor: string, sort: SortField, order: "asc" | "desc"): { value: string | null; id: string } {
  let parsed: z.infer<typeof Cursor> | undefined;
  try {
    parsed = Cursor.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw new AppError("invalid_input", "cursor is not one returned by list_tasks as nextCursor; omit it to start from the first page");
  }
  if (parsed.s !== sort || parsed.o !== order) {
    throw new AppError(
      "invalid_input",
      `cursor belongs to a list sorted by ${parsed.s.slice(0, 20)} ${parsed.o}; use the same sort and order, or omit cursor`,
    );
  }
  // The cursor comes back from the client: its value goes into SQL only if it is one this sort
  // could have produced (a forged "garbage" or year-275760 instant would fail in the database).
  if (!cursorValueFits(parsed.v, sort)) {
    throw new AppError("invalid_input", "cursor is not one returned by list_tasks as nextCursor; omit it to start from the first page");
  }
  return { value: parsed.v, id: parsed.i };
}

/** The filter fields of a task list (what list_tasks filters by), as validated input. */
export type TaskFilterInput = Pick<
  ListTasksInput,
  "status" | "priority" | "tags" | "dueFrom" | "dueTo" | "overdue" | "recurring" | "search" | "list"
>;

/**
 * A list filter as store criteria: local dates (dueFrom, dueTo, overdue) read in the user's zone.
 * Throws AppError `invalid_input` for a bad date or a range that runs backwards.
 */
export function filterCriteria(
  ctx: TaskContext,
  input: TaskFilterInput,
  listId?: string,
): Omit<TaskListCriteria, "sort" | "order" | "after" | "limit"> {
  const zone = ctx.user.timeZone;
  const now = ctx.clock.now();
  if (input.dueFrom) parseIsoDate(input.dueFrom, "dueFrom");
  if (input.dueTo) parseIsoDate(input.dueTo, "dueTo");
  if (input.dueFrom && input.dueTo && input.dueFrom > input.dueTo) {
    throw new AppError("invalid_input", `dueFrom (${input.dueFrom}) is after dueTo (${input.dueTo}); swap them`);
  }
  const today = localDate(now, zone);
  const searchWords = input.search?.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 10);
  return {
    userId: ctx.user.id,
    status: input.status === "all" ? undefined : input.status,
    priorities: input.priority?.length ? input.priority : undefined,
    tags: input.tags?.length ? input.tags : undefined,
    dueFrom: input.dueFrom ? startOfLocalDate(input.dueFrom, zone) : undefined,
    dueBefore: input.dueTo ? startOfLocalDate(addDays(input.dueTo, 1), zone) : undefined,
    overdue: input.overdue === true ? { now, today } : undefined,
    notOverdue: input.overdue === false ? { now, today } : undefined,
    recurring: input.recurring,
    listId,
    searchWords: searchWords?.length ? searchWords : undefined,
  };
}

/**
 * Lists the user's tasks with filters, a sort and keyset pagination. Local dates (dueFrom, dueTo,
 * overdue) are read in the user's zone; tasks with no due moment sort last.
 */
export async function listTasks(ctx: TaskContext, rawInput: unknown): Promise<TaskPage> {
  const input = parseInput(ListTasksInput, rawInput ?? {});
  const zone = ctx.user.timeZone;
  const now = ctx.clock.now();
  const order = input.order ?? (input.sort === "priority" || input.sort === "createdAt" ? "desc" : "asc");
  const criteria: TaskListCriteria = {
    ...filterCriteria(ctx, input),
    // Resolved inside the list query (one round trip, not a transaction of its own before it).
    listRef: input.list === undefined ? undefined : listRefOf(input.list),
    sort: input.sort,
    order,
    after: input.cursor ? decodeCursor(input.cursor, input.sort, order) : undefined,
    limit: input.limit + 1,
  };
  const rows = await ctx.store.list(criteria);
  // An empty page for a list: an unknown list is an error naming `list` (and "inbox" makes the Inbox).
  if (rows.length === 0 && input.list !== undefined) await resolveListId(ctx, input.list);
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > input.limit && last
      ? Buffer.from(JSON.stringify({ s: input.sort, o: order, v: sortValue(last, input.sort), i: last.id })).toString("base64url")
      : null;
  return { tasks: page.map((task) => toTaskView(task, now, zone)), nextCursor };
}

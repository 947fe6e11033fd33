import { z } from "zod";
import { AppError, parseInput } from "../errors.ts";
import { AddTaskInput, CompleteTaskOptions, ListTasksInput, TaskId, UpdateTaskInput } from "./task-inputs.ts";
import { openSubtasksError } from "./subtasks.ts";
import { toTaskView, type TaskFields, type TaskRecord, type TaskView } from "./task-model.ts";
import { taskEvent } from "./task-events.ts";
import type { TaskContext } from "./task-context.ts";
import type { TaskTransaction } from "./task-store.ts";
import type { TaskChange } from "./mutate-task.ts";
import { insertNewTask, newTaskFields } from "./add-task.ts";
import { planUpdate } from "./update-task.ts";
import { filterCriteria } from "./list-tasks.ts";
import { resolveRecurrenceInput } from "./task-rules.ts";
import { resolveListIn } from "../lists/lists.ts";

/** At most this many tasks per add_tasks call. */
export const MAX_ADD_TASKS = 25;
/** At most this many tasks one update_tasks / complete_tasks call may touch (by ids or by filter). */
export const MAX_BULK_TASKS = 200;

/** Several tasks to create at once, each as add_task takes it. */
export const AddTasksInput = z.strictObject({
  tasks: z
    .array(AddTaskInput)
    .min(1, { error: "give at least one task" })
    .max(MAX_ADD_TASKS, { error: `at most ${MAX_ADD_TASKS} tasks per call; split them into several calls` })
    .describe(`The tasks to create, 1-${MAX_ADD_TASKS}, each with the fields of add_task`),
});
export type AddTasksInput = z.infer<typeof AddTasksInput>;

/** Which tasks a bulk change acts on, by list_tasks' filter fields; `status` defaults to open. */
export const TaskFilter = ListTasksInput.pick({
  status: true,
  priority: true,
  tags: true,
  dueFrom: true,
  dueTo: true,
  overdue: true,
  recurring: true,
  search: true,
  list: true,
});

const Ids = z
  .array(TaskId)
  .min(1, { error: "give at least one id" })
  .max(MAX_BULK_TASKS, { error: `at most ${MAX_BULK_TASKS} ids per call` })
  .describe(`The tasks' ids, 1-${MAX_BULK_TASKS}`);
const Target = {
  ids: Ids.optional(),
  filter: TaskFilter.describe(
    `The tasks matching these list_tasks filters (status defaults to open); at most ${MAX_BULK_TASKS} may match`,
  ).optional(),
  dryRun: z.boolean().optional().describe("true: change nothing, return what would change"),
};

/** A change to apply to many tasks: by ids or by a filter (exactly one), optionally as a dry run. */
export const UpdateTasksInput = z.strictObject({
  ...Target,
  changes: UpdateTaskInput.omit({ version: true, position: true }).describe("The fields to change on every task, as update_task takes them"),
});
export type UpdateTasksInput = z.infer<typeof UpdateTasksInput>;

/** Tasks to complete: by ids or by a filter (exactly one), optionally as a dry run; `subtasks` as complete_task takes it. */
export const CompleteTasksInput = z.strictObject({ ...Target, ...CompleteTaskOptions.shape });
export type CompleteTasksInput = z.infer<typeof CompleteTasksInput>;

/** What a bulk change did (or, in a dry run, would do) to each task it matched. */
export interface BulkChangeResult {
  dryRun: boolean;
  /** How many tasks the ids or filter matched. */
  matched: number;
  /** How many of them changed (or would change). */
  changed: number;
  /** Each matched task after the change (as it would be, in a dry run), with the fields that differ ([] when none). */
  results: Array<{ task: TaskView; changedFields: string[] }>;
}

/** "tasks[3].due must be …" when the message starts with the field's name, else "tasks[3]: …". */
function itemMessage(prefix: string, message: string, fields: readonly string[]): string {
  const first = /^([A-Za-z]+)\b/.exec(message)?.[1];
  return first && fields.includes(first) ? `${prefix}.${message}` : `${prefix}: ${message}`;
}

const ADD_FIELDS = Object.keys(AddTaskInput.shape);

/**
 * Creates 1-25 tasks in one transaction, one `task.created` event each, and returns them in the
 * order given. All or nothing: any invalid item fails the call, naming each one by index and field
 * (`tasks[3].title: must not be empty`), and nothing is created. Throws AppError `invalid_input`.
 */
export async function addTasks(ctx: TaskContext, rawInput: unknown): Promise<TaskView[]> {
  const input = parseInput(AddTasksInput, rawInput);
  const errors: string[] = [];
  const prepared: TaskFields[] = [];
  input.tasks.forEach((task, index) => {
    try {
      prepared.push(newTaskFields(ctx, task, ""));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      errors.push(itemMessage(`tasks[${index}]`, error.message, ADD_FIELDS));
    }
  });
  if (errors.length) throw new AppError("invalid_input", `${errors.join("; ")}. Nothing was added`);
  return ctx.store.transaction(async (tx) => {
    // Each task's list, by name or id; unknown ones are told together, by index.
    const lists = new Map<string | undefined, string>();
    const listErrors: string[] = [];
    for (const [index, task] of input.tasks.entries()) {
      const key = task.list?.toLowerCase();
      if (lists.has(key)) continue;
      try {
        lists.set(key, (await resolveListIn(tx, ctx.user.id, task.list, `tasks[${index}].list`)).id);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        listErrors.push(error.message);
      }
    }
    if (listErrors.length) throw new AppError("invalid_input", `${listErrors.join("; ")}. Nothing was added`);
    prepared.forEach((fields, index) => (fields.listId = lists.get(input.tasks[index]?.list?.toLowerCase()) ?? fields.listId));
    const views: TaskView[] = [];
    for (const [index, fields] of prepared.entries()) {
      const task = await insertNewTask(ctx, tx, fields).catch((error: unknown) => {
        // A parent that does not exist or takes no subtask: the item is named as a field error is.
        if (!(error instanceof AppError)) throw error;
        throw new AppError(error.code, `${itemMessage(`tasks[${index}]`, error.message, ADD_FIELDS)}. Nothing was added`);
      });
      const view = toTaskView(task, ctx.clock.now(), ctx.user.timeZone);
      await tx.appendEvent(taskEvent("task.created", ctx.user, view));
      views.push(view);
    }
    return views;
  });
}

/** The tasks a bulk change acts on, locked, in the order of the ids given or of the filter's list (soonest due first). */
async function targets(ctx: TaskContext, tx: TaskTransaction, input: { ids?: string[]; filter?: z.infer<typeof TaskFilter> }): Promise<TaskRecord[]> {
  if (input.ids) {
    const ids = [...new Set(input.ids)];
    const found = new Map((await tx.getManyForUpdate(ctx.user.id, ids)).map((task) => [task.id, task]));
    const missing = input.ids.flatMap((id, index) => (found.has(id) ? [] : [`ids[${index}] (${id})`]));
    if (missing.length) {
      throw new AppError(
        "not_found",
        `No task with id ${missing.join(", ")}; list_tasks shows the ids of your tasks (a deleted one is in the trash). Nothing was changed`,
      );
    }
    return ids.flatMap((id) => found.get(id) ?? []);
  }
  const filter = input.filter ?? TaskFilter.parse({});
  const listId = filter.list === undefined ? undefined : (await resolveListIn(tx, ctx.user.id, filter.list, "filter.list")).id;
  const matches = await tx.list({ ...filterCriteria(ctx, filter, listId), sort: "dueAt", order: "asc", limit: MAX_BULK_TASKS + 1 });
  if (matches.length > MAX_BULK_TASKS) {
    throw new AppError(
      "invalid_input",
      `filter matches more than ${MAX_BULK_TASKS} tasks, more than one call may change; narrow it (tags, dates, search) or give ids. Nothing was changed`,
    );
  }
  const locked = new Map(
    (
      await tx.getManyForUpdate(
        ctx.user.id,
        matches.map((task) => task.id),
      )
    ).map((task) => [task.id, task]),
  );
  // A task changed or deleted between the list and the lock is taken as it is now, or left out.
  return matches.flatMap((task) => locked.get(task.id) ?? []);
}

function checkTarget(input: { ids?: string[]; filter?: unknown }): void {
  if ((input.ids === undefined) === (input.filter === undefined)) {
    throw new AppError("invalid_input", "give either ids (a list of task ids) or filter (list_tasks filters), not both and not neither");
  }
}

/**
 * Applies `compute` to every target task in one transaction: one event per changed task, all or
 * nothing (any task the change cannot apply to fails the call, naming it). A dry run computes the
 * same and writes nothing.
 */
async function bulkChange(
  ctx: TaskContext,
  input: { ids?: string[]; filter?: z.infer<typeof TaskFilter>; dryRun?: boolean },
  compute: (current: TaskRecord) => TaskChange,
  expand?: (tx: TaskTransaction, tasks: TaskRecord[]) => Promise<TaskRecord[]>,
): Promise<BulkChangeResult> {
  checkTarget(input);
  const dryRun = input.dryRun === true;
  const zone = ctx.user.timeZone;
  const work = async (tx: TaskTransaction): Promise<BulkChangeResult> => {
    const matched = await targets(ctx, tx, input);
    const tasks = expand ? await expand(tx, matched) : matched;
    // The same failure on many tasks (a due phrase that cannot be read) is told once, with whom it concerns.
    const failures = new Map<string, string[]>();
    const planned = tasks.flatMap((current) => {
      try {
        return [{ current, change: compute(current) }];
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        failures.set(error.message, [...(failures.get(error.message) ?? []), `task ${current.id} ('${current.title.slice(0, 60)}')`]);
        return [];
      }
    });
    if (failures.size) {
      const told = [...failures].map(
        ([message, who]) => `${who.slice(0, 3).join(", ")}${who.length > 3 ? ` and ${who.length - 3} more` : ""}: ${message}`,
      );
      throw new AppError("invalid_input", `${told.join("; ")}. Nothing was changed`);
    }
    const results: BulkChangeResult["results"] = [];
    for (const { current, change } of planned) {
      const now = ctx.clock.now();
      if (change.changedFields.length === 0) {
        results.push({ task: toTaskView(current, now, zone), changedFields: [] });
      } else if (dryRun) {
        results.push({ task: toTaskView({ ...current, ...change.fields }, now, zone), changedFields: change.changedFields });
      } else {
        const updated = await tx.update(ctx.user.id, current.id, current.version, change.fields);
        if (!updated) throw new AppError("conflict", `Task ${current.id} changed during the call; try again. Nothing was changed`);
        const view = toTaskView(updated, now, zone);
        await tx.appendEvent(taskEvent(change.eventType, ctx.user, view, change.changedFields));
        results.push({ task: view, changedFields: change.changedFields });
      }
    }
    return { dryRun, matched: matched.length, changed: results.filter((result) => result.changedFields.length).length, results };
  };
  return ctx.store.transaction(work);
}

/**
 * Changes up to 200 tasks at once, by `ids` or by a list `filter`, with the same rules as
 * update_task (a due phrase changes only what it says, on each task); one `task.updated` event per
 * changed task, in one transaction. With `dryRun: true` nothing is written and the result shows
 * each task as it would be. Throws AppError `invalid_input` (fields named `changes.title`,
 * `ids[2]`; a filter matching more than 200 tasks) or `not_found` (an id that is not the user's).
 */
export async function updateTasks(ctx: TaskContext, rawInput: unknown): Promise<BulkChangeResult> {
  const input = parseInput(UpdateTasksInput, rawInput);
  if (Object.values(input.changes).every((value) => value === undefined)) {
    throw new AppError("invalid_input", "changes: give at least one field to change (title, priority, tags, due, …)");
  }
  let recurrence: string | null | undefined;
  try {
    recurrence = resolveRecurrenceInput(input.changes.recurrence, ctx);
  } catch (error) {
    throw error instanceof AppError ? new AppError(error.code, itemMessage("changes", error.message, ["recurrence"])) : error;
  }
  const list = input.changes.list === undefined ? {} : { listId: await resolveListIdNamed(ctx, input.changes.list, "changes.list") };
  return bulkChange(ctx, input, (current) => planUpdate(ctx, current, input.changes, recurrence, list));
}

/**
 * Completes up to 200 tasks at once, by `ids` or by a list `filter` (open tasks by default); one
 * `task.completed` event per task completed (a repeating one then gets its next occurrence), in one
 * transaction. Tasks already done are matched but unchanged. `dryRun: true` writes nothing. A task
 * with open subtasks that are not among the matched tasks fails the call (AppError `open_subtasks`,
 * nothing changed) unless `subtasks: "complete"`, which completes them too (they are then in the
 * results, before their parent). Throws AppError as updateTasks does.
 */
export async function completeTasks(ctx: TaskContext, rawInput: unknown): Promise<BulkChangeResult> {
  const input = parseInput(CompleteTasksInput, rawInput);
  const mode = input.subtasks ?? "refuse";
  const withOpenSubtasks = async (tx: TaskTransaction, tasks: TaskRecord[]): Promise<TaskRecord[]> => {
    const chosen = new Set(tasks.map((task) => task.id));
    const refused: Array<{ task: TaskRecord; open: number }> = [];
    const all: TaskRecord[] = [];
    for (const task of tasks) {
      if (task.status === "open" && task.subtaskCount.total > task.subtaskCount.done) {
        const open = (await tx.subtasks(ctx.user.id, task.id, { forUpdate: true })).filter((s) => s.status === "open" && !chosen.has(s.id));
        if (open.length && mode === "refuse") refused.push({ task, open: open.length });
        for (const subtask of open) chosen.add(subtask.id);
        all.push(...open);
      }
      all.push(task);
    }
    const first = refused[0];
    if (first && refused.length === 1) throw openSubtasksError(first.task, first.open);
    if (first) {
      const named = refused.slice(0, 3).map(({ task, open }) => `'${task.title.slice(0, 40)}' (${open})`);
      throw new AppError(
        "open_subtasks",
        `${refused.length} of the tasks have open subtasks: ${named.join(", ")}${refused.length > 3 ? ", …" : ""}; ` +
          'give subtasks: "complete" to complete them too, or leave those tasks out. Nothing was changed',
      );
    }
    return all;
  };
  return bulkChange(
    ctx,
    input,
    (current) =>
      current.status === "done"
        ? { fields: {}, changedFields: [], eventType: "task.completed" }
        : { fields: { status: "done", completedAt: ctx.clock.now() }, changedFields: ["status", "completedAt"], eventType: "task.completed" },
    withOpenSubtasks,
  );
}

/** The id of the list `ref` names, errors naming `field`. */
async function resolveListIdNamed(ctx: TaskContext, ref: string, field: string): Promise<string> {
  return ctx.store.transaction(async (tx) => (await resolveListIn(tx, ctx.user.id, ref, field)).id);
}

import { AppError } from "../errors.ts";
import { toTaskView, type TaskFields, type TaskRecord, type TaskView } from "./task-model.ts";
import { taskEvent, type TaskEventType } from "./task-events.ts";
import type { TaskContext } from "./task-context.ts";
import { notFound } from "./task-rules.ts";

export interface TaskChange {
  fields: Partial<TaskFields>;
  changedFields: string[];
  eventType: TaskEventType;
}

const MAX_ATTEMPTS = 3;

/**
 * Reads a task, computes a change from it and writes it with its event, guarded by the task's
 * version. With an `expectedVersion` from the caller, a task changed since is a conflict; without
 * one, a concurrent writer only makes us re-read and re-apply (the change is a partial one).
 * A change with no fields is not written and emits no event.
 */
export async function mutateTask(
  ctx: TaskContext,
  id: string,
  expectedVersion: number | undefined,
  compute: (current: TaskRecord) => TaskChange,
): Promise<TaskView> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await ctx.store.transaction(async (tx) => {
      const current = await tx.get(ctx.user.id, id);
      if (!current) throw notFound(id);
      if (expectedVersion !== undefined && current.version !== expectedVersion) throw conflict(id, current.version, expectedVersion);
      const change = compute(current);
      if (change.changedFields.length === 0) return { view: toTaskView(current, ctx.clock.now(), ctx.user.timeZone) };
      const updated = await tx.update(ctx.user.id, id, current.version, change.fields);
      if (!updated) return { raced: current.version };
      const view = toTaskView(updated, ctx.clock.now(), ctx.user.timeZone);
      await tx.appendEvent(taskEvent(change.eventType, ctx.user, view, change.changedFields));
      return { view };
    });
    if (outcome.view) return outcome.view;
    if (expectedVersion !== undefined || attempt >= MAX_ATTEMPTS) throw conflict(id, undefined, expectedVersion ?? outcome.raced);
  }
}

/** The answer to a change made against a version the task is no longer at. */
export function conflict(id: string, actual: number | undefined, sent: number | undefined): AppError {
  const now = actual !== undefined ? ` (it is at version ${actual}, you sent ${sent})` : "";
  return new AppError("conflict", `Task ${id} was changed by someone else${now}; get it again and reapply your change`, {
    currentVersion: actual,
  });
}

/**
 * The names of the fields whose values differ, comparing dates by instant and arrays by content.
 * A changed intended time of day (seriesWallTime) is a change of the due moment, named "dueAt".
 */
export function diffFields(current: TaskRecord, next: Partial<TaskFields>): string[] {
  const same = (a: unknown, b: unknown) =>
    a instanceof Date || b instanceof Date
      ? (a as Date | null)?.getTime() === (b as Date | null)?.getTime()
      : JSON.stringify(a) === JSON.stringify(b);
  const changed = Object.entries(next)
    .filter(([key, value]) => key !== "dueSortAt" && !same(current[key as keyof TaskRecord], value))
    .map(([key]) => (key === "seriesWallTime" ? "dueAt" : key));
  return [...new Set(changed)];
}

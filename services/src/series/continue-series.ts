import { randomUUID } from "node:crypto";
import { isRelative } from "../reminders/task-reminders.ts";
import { toTaskView, type TaskFields, type TaskView } from "../tasks/task-model.ts";
import { taskEvent, type EventTaskView } from "../tasks/task-events.ts";
import type { TaskContext } from "../tasks/task-context.ts";
import { dueSortInstant } from "../tasks/task-model.ts";
import { formatWallTime, intendedWallTime, nextOccurrence, wallTimeOf } from "../time/occurrences.ts";
import { carriedSubtaskFields } from "../tasks/subtasks.ts";

/**
 * What continuing a series did. `reopened`: the completed task is open again by now, so this
 * completion no longer asks for a next occurrence (reopening undoes it).
 */
export type SeriesOutcome =
  { kind: "created"; task: TaskView } | { kind: "already-created" } | { kind: "ended" } | { kind: "not-recurring" } | { kind: "reopened" };

/**
 * Creates the task that follows a completed occurrence of a repeating task, in the same series,
 * carrying its title, description, priority, tags, repeat rule, relative reminders (not absolute
 * ones) and intended time of day (so an occurrence moved by a DST gap does not move the ones after
 * it), and its subtasks, open again, in their order, their due days moved as far as the parent's
 * (see carriedSubtaskFields); one task.created event each, after the parent's. Exactly one per
 * completion: the store refuses a second task with the same series and occurrence index, so a
 * redelivered, concurrent or crashed-and-retried call finds it already created.
 *
 * The task is read again, locked, in the same transaction: the event says what was completed, the
 * row says whether it still is. A task reopened since gets no next occurrence, and a reopen that
 * runs meanwhile waits for this transaction, then finds (and removes) what it created. A task
 * deleted since continues from the event: deleting a done task is tidying up, not undoing it.
 */
export async function continueSeries(ctx: TaskContext, completed: EventTaskView): Promise<SeriesOutcome> {
  if (!completed.recurrence || !completed.seriesId || completed.status !== "done") return { kind: "not-recurring" };
  const zone = ctx.user.timeZone;
  return ctx.store.transaction(async (tx) => {
    const row = await tx.getForUpdate(ctx.user.id, completed.id);
    if (row && row.status !== "done") return { kind: "reopened" } as const;
    const source = row ?? {
      ...completed,
      dueAt: completed.dueAt ? new Date(completed.dueAt) : null,
      completedAt: completed.completedAt ? new Date(completed.completedAt) : null,
      seriesWallTime: completed.seriesWallTime ?? null,
      // An event from before several reminders carries its one offset only.
      reminders:
        completed.reminders ?? (completed.reminderMinutesBefore === null ? [] : [{ id: "", minutesBefore: completed.reminderMinutesBefore }]),
      listId: completed.list?.id,
    };
    if (!source.recurrence || !source.seriesId) return { kind: "not-recurring" } as const;
    const next = nextOccurrence(
      {
        recurrence: source.recurrence,
        recurrenceMode: source.recurrenceMode,
        dueAt: source.dueAt,
        dueDate: source.dueDate,
        occurrenceIndex: source.occurrenceIndex,
        seriesWallTime: source.seriesWallTime,
      },
      { timeZone: zone, completedAt: source.completedAt ?? ctx.clock.now(), now: ctx.clock.now() },
    );
    if (!next) return { kind: "ended" } as const;
    const due = { dueAt: next.dueAt ?? null, dueDate: next.dueDate ?? null };
    // The next occurrence's own intended time: the series' one time of day, or for a rule with
    // several (BYHOUR=8,20) the one of the list this occurrence stands for.
    const wallTime = next.dueAt ? (next.wallTime ?? intendedWallTime(source, zone) ?? wallTimeOf(next.dueAt, zone)) : undefined;
    const fields: TaskFields = {
      title: source.title,
      description: source.description,
      status: "open",
      priority: source.priority,
      tags: source.tags,
      ...due,
      dueSortAt: dueSortInstant(due, zone),
      recurrence: source.recurrence,
      recurrenceMode: source.recurrenceMode,
      // Relative reminders move with the due moment; an absolute one was for this occurrence only.
      reminders: source.reminders.filter(isRelative).map((reminder) => ({ id: randomUUID(), minutesBefore: reminder.minutesBefore })),
      seriesId: source.seriesId,
      occurrenceIndex: next.occurrenceIndex,
      seriesWallTime: wallTime ? formatWallTime(wallTime) : null,
      completedAt: null,
      parentId: null,
      position: 0,
      // In its list, or the Inbox when that list was deleted (with the completed task) meanwhile.
      listId: (source.listId && (await tx.getList(ctx.user.id, source.listId))?.id) || (await tx.ensureInbox(ctx.user.id)).id,
    };
    const inserted = await tx.insertOccurrence(ctx.user.id, fields);
    if (!inserted) return { kind: "already-created" } as const;
    // The subtasks as they were completed; a parent deleted since took its own to the trash with it.
    const trashedParent = row ? null : await tx.getTrashedForUpdate(ctx.user.id, completed.id);
    const subtasks = row
      ? await tx.subtasks(ctx.user.id, row.id)
      : trashedParent?.deletedAt
        ? await tx.trashedSubtasks(ctx.user.id, completed.id, trashedParent.deletedAt)
        : [];
    const carried = [];
    for (const subtask of subtasks) {
      carried.push(await tx.insert(ctx.user.id, carriedSubtaskFields(subtask, { from: source, to: due }, inserted.id, zone, inserted.listId)));
    }
    const task = carried.length ? ((await tx.get(ctx.user.id, inserted.id)) ?? inserted) : inserted;
    const now = ctx.clock.now();
    const view = toTaskView(task, now, zone);
    await tx.appendEvent(taskEvent("task.created", ctx.user, view));
    for (const subtask of carried) await tx.appendEvent(taskEvent("task.created", ctx.user, toTaskView(subtask, now, zone)));
    return { kind: "created", task: view } as const;
  });
}

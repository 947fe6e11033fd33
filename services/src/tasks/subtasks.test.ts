import { describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import type { TaskRecord } from "./task-model.ts";
import {
  assertCanTakeSubtask,
  assertSubtaskDoesNotRepeat,
  carriedSubtaskFields,
  MAX_SUBTASKS,
  moveInOrder,
  nextPosition,
  openSubtasksError,
} from "./subtasks.ts";

function record(fields: Partial<TaskRecord>): TaskRecord {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    userId: "00000000-0000-4000-8000-0000000000aa",
    title: "trip planning",
    description: null,
    status: "open",
    priority: "medium",
    tags: [],
    dueAt: null,
    dueDate: null,
    dueSortAt: null,
    recurrence: null,
    recurrenceMode: null,
    reminders: [],
    seriesId: null,
    occurrenceIndex: 1,
    seriesWallTime: null,
    completedAt: null,
    createdAt: new Date("2026-11-01T00:00:00Z"),
    updatedAt: new Date("2026-11-01T00:00:00Z"),
    version: 1,
    deletedAt: null,
    parentId: null,
    position: 0,
    subtaskCount: { total: 0, done: 0 },
    listId: "00000000-0000-4000-8000-0000000000b1",
    list: { id: "00000000-0000-4000-8000-0000000000b1", name: "Inbox", color: null },
    ...fields,
  };
}

function failure(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

describe("subtask rules", () => {
  it("accepts a top-level task as a parent and refuses a missing one, a subtask, or a full one", () => {
    expect(() => assertCanTakeSubtask("p", record({}), 0)).not.toThrow();
    expect(failure(() => assertCanTakeSubtask("p", null, 0))).toMatchObject({ code: "not_found", message: expect.stringMatching(/^parentId: /) });
    const nested = failure(() => assertCanTakeSubtask("p", record({ title: "book flights", parentId: "q" }), 0));
    expect(nested.code).toBe("invalid_input");
    expect(nested.message).toContain("one level");
    expect(nested.message).toContain("(q)");
    expect(failure(() => assertCanTakeSubtask("p", record({}), MAX_SUBTASKS)).message).toContain(`${MAX_SUBTASKS} subtasks`);
  });

  it("refuses a repeating subtask, naming recurrence", () => {
    expect(() => assertSubtaskDoesNotRepeat(null)).not.toThrow();
    expect(failure(() => assertSubtaskDoesNotRepeat("FREQ=DAILY")).message).toMatch(/^recurrence: a subtask cannot repeat/);
  });

  it("puts a new subtask after the last one, even when the positions have gaps", () => {
    expect(nextPosition([])).toBe(0);
    expect(nextPosition([{ position: 0 }, { position: 4 }, { position: 2 }])).toBe(5);
  });

  it("moves one subtask and keeps the others in their order; a position past the end means last", () => {
    expect(moveInOrder(["a", "b", "c", "d"], "d", 0)).toEqual(["d", "a", "b", "c"]);
    expect(moveInOrder(["a", "b", "c", "d"], "a", 2)).toEqual(["b", "c", "a", "d"]);
    expect(moveInOrder(["a", "b", "c", "d"], "b", 99)).toEqual(["a", "c", "d", "b"]);
    expect(moveInOrder(["a"], "a", 0)).toEqual(["a"]);
  });

  it("says how many subtasks are open and how to complete them too", () => {
    const one = openSubtasksError(record({}), 1);
    expect(one.code).toBe("open_subtasks");
    expect(one.message).toBe(
      `'trip planning' has 1 open subtask; complete it first, or complete the task with subtasks: "complete" to complete it too`,
    );
    expect(openSubtasksError(record({}), 2).message).toContain("has 2 open subtasks; complete them first");
  });

  it("carries a subtask reopened, its due day moved as far as its parent's, its time of day kept across a DST change", () => {
    const zone = "America/New_York";
    const parentMove = { from: { dueAt: null, dueDate: "2026-10-30" }, to: { dueAt: null, dueDate: "2026-11-06" } };
    // Thursday 29 October 18:00 EDT, the day before its weekly parent; a week later it is 18:00 EST.
    const timed = record({
      id: "s1",
      title: "pack",
      parentId: "p1",
      position: 3,
      status: "done",
      completedAt: new Date("2026-10-29T23:00:00Z"),
      dueAt: new Date("2026-10-29T22:00:00Z"),
      seriesWallTime: "18:00:00",
      reminders: [{ id: "00000000-0000-4000-8000-0000000000c1", minutesBefore: 15 }],
      priority: "high",
      tags: ["travel"],
      version: 4,
    });
    expect(carriedSubtaskFields(timed, parentMove, "p2", zone)).toMatchObject({
      title: "pack",
      status: "open",
      completedAt: null,
      parentId: "p2",
      position: 3,
      priority: "high",
      tags: ["travel"],
      dueAt: new Date("2026-11-05T23:00:00Z"),
      dueDate: null,
      dueSortAt: new Date("2026-11-05T23:00:00Z"),
      seriesWallTime: "18:00:00",
      reminders: [{ minutesBefore: 15 }],
      recurrence: null,
      seriesId: null,
    });
    const allDay = record({ id: "s2", parentId: "p1", dueDate: "2026-10-28" });
    expect(carriedSubtaskFields(allDay, parentMove, "p2", zone)).toMatchObject({ dueDate: "2026-11-04", dueAt: null });
    const undated = record({ id: "s3", parentId: "p1" });
    expect(carriedSubtaskFields(undated, parentMove, "p2", zone)).toMatchObject({ dueDate: null, dueAt: null, dueSortAt: null });
  });
});

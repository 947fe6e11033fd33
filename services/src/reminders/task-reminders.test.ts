import { describe, expect, it } from "vitest";
import { reminderInWords, remindersInWords } from "../format/task-words.ts";
import { planReminders } from "./reminder-time.ts";
import { MAX_REMINDERS, remindersFromInput, resolveReminders, type TaskReminder } from "./task-reminders.ts";

const context = { now: new Date("2026-11-26T15:00:00Z"), timeZone: "America/New_York" }; // Thu 10:00 in New York
const owner = { userId: "3f0c4d2e-8a1b-4c5d-9e6f-7a8b9c0d1e2f", timeZone: "America/New_York" };
const open = { id: "5b1e9f3a-2c4d-4e6f-8a0b-1c2d3e4f5a6b", title: "submit report", status: "open" as const, reminderMinutesBefore: null };

describe("a task's reminders", () => {
  it("reads relative and absolute reminders, an absolute one in the user's zone", () => {
    const reminders = resolveReminders([{ minutesBefore: 1440 }, { minutesBefore: 0 }, { at: "2026-12-03T08:00" }], context);
    expect(reminders).toEqual([
      { id: expect.any(String), minutesBefore: 1440 },
      { id: expect.any(String), minutesBefore: 0 },
      { id: expect.any(String), at: "2026-12-03T13:00:00.000Z" },
    ]);
    expect(new Set(reminders.map((r) => r.id)).size).toBe(3);
  });

  it("reads an absolute reminder given as a phrase with a time", () => {
    expect(resolveReminders([{ at: "Dec 3 at 8am" }], context)).toEqual([{ id: expect.any(String), at: "2026-12-03T13:00:00.000Z" }]);
  });

  it("leaves out duplicates and keeps the id of a reminder the task already had", () => {
    const current: TaskReminder[] = [{ id: "11111111-1111-4111-8111-111111111111", minutesBefore: 60 }];
    expect(resolveReminders([{ minutesBefore: 60 }, { minutesBefore: 60 }, { minutesBefore: 10 }], context, current)).toEqual([
      { id: "11111111-1111-4111-8111-111111111111", minutesBefore: 60 },
      { id: expect.any(String), minutesBefore: 10 },
    ]);
  });

  it("refuses more than five, a past absolute time and a day without a time, naming the field", () => {
    const six = Array.from({ length: MAX_REMINDERS + 1 }, (_, i) => ({ minutesBefore: i * 10 }));
    expect(() => resolveReminders(six, context)).toThrow(/at most 5 reminders/);
    expect(() => resolveReminders([{ minutesBefore: 5 }, { at: "2026-11-25T08:00" }], context)).toThrow(/reminders\[1\]\.at is in the past/);
    expect(() => resolveReminders([{ at: "2026-12-03" }], context)).toThrow(/reminders\[0\]\.at needs a time of day/);
  });

  it("takes reminderMinutesBefore as the relative reminder, keeping absolute ones, and refuses both fields at once", () => {
    const current: TaskReminder[] = [
      { id: "11111111-1111-4111-8111-111111111111", minutesBefore: 60 },
      { id: "22222222-2222-4222-8222-222222222222", at: "2026-12-03T13:00:00.000Z" },
    ];
    expect(remindersFromInput({ reminderMinutesBefore: 15 }, context, current)).toEqual([{ id: expect.any(String), minutesBefore: 15 }, current[1]]);
    expect(remindersFromInput({ reminderMinutesBefore: null }, context, current)).toEqual([current[1]]);
    expect(remindersFromInput({ reminders: null }, context, current)).toEqual([]);
    expect(remindersFromInput({}, context, current)).toBeUndefined();
    expect(() => remindersFromInput({ reminders: [], reminderMinutesBefore: 5 }, context)).toThrow(/not both/);
  });
});

describe("when reminders fire", () => {
  it("fires each relative reminder before the due moment and an absolute one at its instant", () => {
    const plans = planReminders(
      {
        ...open,
        dueAt: "2026-12-04T17:00:00-05:00",
        dueDate: null,
        reminders: [
          { id: "11111111-1111-4111-8111-111111111111", minutesBefore: 1440 },
          { id: "33333333-3333-4333-8333-333333333333", minutesBefore: 0 },
          { id: "22222222-2222-4222-8222-222222222222", at: "2026-12-03T08:00:00-05:00" },
        ],
      },
      owner,
      9,
    );
    expect(plans.map((p) => [p.reminderId.slice(0, 1), p.fireAt.toISOString()])).toEqual([
      ["1", "2026-12-03T22:00:00.000Z"],
      ["3", "2026-12-04T22:00:00.000Z"],
      ["2", "2026-12-03T13:00:00.000Z"],
    ]);
    expect(plans[0]?.dueLabel).toBe("due Fri 4 Dec, 17:00");
  });

  it("fires an absolute reminder of a task without a due date, and none of a done task", () => {
    const reminders = [{ id: "22222222-2222-4222-8222-222222222222", at: "2026-12-03T08:00:00-05:00" }];
    expect(planReminders({ ...open, dueAt: null, dueDate: null, reminders }, owner, 9)).toEqual([
      expect.objectContaining({ dueLabel: "no due date", fireAt: new Date("2026-12-03T13:00:00Z") }),
    ]);
    expect(planReminders({ ...open, status: "done", dueAt: null, dueDate: null, reminders }, owner, 9)).toEqual([]);
  });

  it("reads an event from before several reminders: reminderMinutesBefore is one reminder", () => {
    const plans = planReminders({ ...open, dueAt: null, dueDate: "2026-12-07", reminderMinutesBefore: 30 }, owner, 9);
    expect(plans).toEqual([
      expect.objectContaining({ reminderId: "00000000-0000-0000-0000-000000000000", fireAt: new Date("2026-12-07T13:30:00Z") }),
    ]);
  });
});

describe("reminders in words", () => {
  it("says relative and absolute reminders the way a person would", () => {
    expect(reminderInWords({ minutesBefore: 0 })).toBe("at due time");
    expect(reminderInWords({ minutesBefore: 1440 })).toBe("1 day before");
    expect(reminderInWords(90)).toBe("1 hour 30 minutes before");
    expect(reminderInWords({ at: "2026-12-03T08:00:00-05:00" })).toBe("Thu 3 Dec, 8:00 AM");
    expect(reminderInWords({ at: "2026-12-03T13:00:00Z" }, "America/New_York")).toBe("Thu 3 Dec, 8:00 AM");
    expect(reminderInWords({ at: "2027-01-05T08:00:00-05:00" }, undefined, new Date("2026-11-26T15:00:00Z"))).toBe("Tue 5 Jan 2027, 8:00 AM");
    expect(remindersInWords([{ minutesBefore: 1440 }, { minutesBefore: 0 }])).toBe("1 day before, at due time");
    expect(remindersInWords([])).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { resolveRecurrence, validateRRule } from "./resolve-recurrence.ts";
import { firstOccurrence } from "./occurrences.ts";

const firstOccurrenceDate = (rule: string, from: string) =>
  firstOccurrence(rule, { timeZone: "UTC", now: new Date(`${from}T00:00:00Z`), startDate: from })?.dueDate;

describe("resolveRecurrence", () => {
  it.each([
    ["daily", "FREQ=DAILY"],
    ["every day at 9am", "FREQ=DAILY"],
    ["every weekday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"],
    ["every 3 days", "FREQ=DAILY;INTERVAL=3"],
    ["every other week", "FREQ=WEEKLY;INTERVAL=2"],
    ["every monday, wednesday and friday", "FREQ=WEEKLY;BYDAY=MO,WE,FR"],
    ["every last friday of the month", "FREQ=MONTHLY;BYDAY=-1FR"],
    ["every 2nd tuesday", "FREQ=MONTHLY;BYDAY=2TU"],
    ["monthly on the 15th", "FREQ=MONTHLY;BYMONTHDAY=15"],
    ["last day of every month", "FREQ=MONTHLY;BYMONTHDAY=-1"],
    ["yearly", "FREQ=YEARLY"],
    ["rrule:freq=weekly;byday=mo", "FREQ=WEEKLY;BYDAY=MO"],
  ])("reads %j as %s", (phrase, rule) => {
    expect(resolveRecurrence(phrase)).toBe(rule);
  });

  it.each([
    ["FREQ=HOURLY", /FREQ must be/],
    ["FREQ=DAILY;BYDAY=XX", /BYDAY/],
    ["FREQ=DAILY;COUNT=0", /COUNT/],
    ["FREQ=DAILY;COUNT=3;UNTIL=20270101", /COUNT and UNTIL/],
    ["FREQ=DAILY;FOO=1", /unsupported part 'FOO'/],
    ["FREQ=DAILY;FREQ=WEEKLY", /twice/],
    ["FREQ=MONTHLY;BYMONTHDAY=32", /BYMONTHDAY/],
  ])("rejects the RRULE %s", (rule, reason) => {
    expect(() => validateRRule(rule)).toThrow(reason);
  });

  it("rejects phrases it cannot read, quoting them", () => {
    expect(() => resolveRecurrence("whenever")).toThrow(/got 'whenever'/);
    expect(() => resolveRecurrence("every 0 days")).toThrow(/recurrence/);
  });

  it("finds the first occurrence of a rule from a local date", () => {
    expect(firstOccurrenceDate("FREQ=WEEKLY;BYDAY=FR", "2026-06-10")).toBe("2026-06-12");
    expect(firstOccurrenceDate("FREQ=DAILY", "2026-06-10")).toBe("2026-06-10");
    expect(firstOccurrenceDate("FREQ=MONTHLY;BYMONTHDAY=31", "2026-06-10")).toBe("2026-07-31");
  });
});

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

  const context = { now: new Date("2026-06-10T14:00:00Z"), timeZone: "America/Chicago" };

  it.each([
    ["FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31", /never occurs within 10 years/],
    ["FREQ=YEARLY;BYWEEKNO=53;BYMONTH=6", /never occurs within 10 years/],
    ["FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6", /never occurs within 10 years/],
    ["FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO", /never occurs within 10 years/],
    ["FREQ=DAILY;UNTIL=20200101", /never occurs within 10 years/],
    ["FREQ=DAILY;BYWEEKNO=53;BYMONTH=6", /BYWEEKNO cannot be used with FREQ=DAILY/],
    ["FREQ=WEEKLY;BYMONTHDAY=3", /BYMONTHDAY cannot be used with FREQ=WEEKLY/],
    ["FREQ=DAILY;BYSETPOS=2;BYDAY=MO", /BYSETPOS cannot be used with FREQ=DAILY/],
    ["FREQ=MONTHLY;BYSETPOS=2", /BYSETPOS needs another BY part/],
    ["FREQ=WEEKLY;BYDAY=-1FR", /needs FREQ=MONTHLY or YEARLY/],
    ["FREQ=MONTHLY;BYDAY=6MO", /1 to 5/],
    ["FREQ=DAILY;INTERVAL=1001", /INTERVAL must be a whole number from 1 to 1000/],
    ["FREQ=DAILY;INTERVAL=0", /INTERVAL/],
    ["FREQ=YEARLY;BYMONTH=13", /BYMONTH takes numbers from 1 to 12/],
    ["FREQ=YEARLY;BYWEEKNO=0", /BYWEEKNO/],
    ["FREQ=DAILY;UNTIL=00000101", /UNTIL must be a real date between 1900 and 2999/],
    ["FREQ=DAILY;UNTIL=30000101", /UNTIL must be a real date/],
    ["FREQ=DAILY;UNTIL=20260231", /UNTIL must be a real date/],
  ])("refuses %s, naming the field", (rule, reason) => {
    expect(() => resolveRecurrence(rule, context)).toThrow(reason);
    expect(() => resolveRecurrence(rule, context)).toThrow(/recurrence/);
  });

  it.each([
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=TU",
    "FREQ=YEARLY;BYWEEKNO=53;BYDAY=TH",
    "FREQ=DAILY;INTERVAL=1000",
    "FREQ=MONTHLY;BYDAY=5MO",
    "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
  ])("accepts the rare but real %s", (rule) => {
    expect(resolveRecurrence(rule, context)).toBe(rule);
  });

  it("refuses a never-occurring rule quickly instead of walking to the year 9999", () => {
    const started = performance.now();
    expect(() => resolveRecurrence("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31", context)).toThrow(/never occurs/);
    // A hang detector, not a timing test: the unbounded walk took 13-28 s.
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

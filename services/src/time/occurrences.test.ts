import { describe, expect, it } from "vitest";
import { firstOccurrence, intendedWallTime, nextOccurrence, placeWallTime } from "./occurrences.ts";
import { formatInstant } from "./zone.ts";

const NY = "America/New_York";
const at = (iso: string) => new Date(iso);
const local = (date: Date | undefined, zone = NY) => (date ? formatInstant(date, zone) : undefined);

describe("nextOccurrence in schedule mode", () => {
  it("keeps 9am local on both sides of the March DST change", () => {
    const next = nextOccurrence(
      { recurrence: "FREQ=DAILY", recurrenceMode: "schedule", dueAt: at("2026-03-07T14:00:00Z"), dueDate: null }, // Sat 09:00 EST
      { timeZone: NY, completedAt: at("2026-03-07T15:00:00Z") },
    );
    expect(local(next?.dueAt)).toBe("2026-03-08T09:00:00-04:00");
  });

  it("keeps 9am local on both sides of the November DST change", () => {
    const next = nextOccurrence(
      { recurrence: "FREQ=DAILY", recurrenceMode: "schedule", dueAt: at("2026-10-31T13:00:00Z"), dueDate: null }, // Sat 09:00 EDT
      { timeZone: NY, completedAt: at("2026-10-31T14:00:00Z") },
    );
    expect(local(next?.dueAt)).toBe("2026-11-01T09:00:00-05:00");
  });

  it("moves a time that falls in the spring-forward gap to the first valid moment", () => {
    const next = nextOccurrence(
      { recurrence: "FREQ=DAILY", recurrenceMode: "schedule", dueAt: at("2026-03-07T07:30:00Z"), dueDate: null }, // 02:30 EST
      { timeZone: NY, completedAt: at("2026-03-07T08:00:00Z") },
    );
    expect(local(next?.dueAt)).toBe("2026-03-08T03:30:00-04:00");
  });

  it("catches up past missed occurrences to the first one in the future", () => {
    const next = nextOccurrence(
      { recurrence: "FREQ=WEEKLY;BYDAY=MO", recurrenceMode: "schedule", dueAt: null, dueDate: "2026-10-05", occurrenceIndex: 1 },
      { timeZone: NY, completedAt: at("2026-11-26T15:00:00Z") },
    );
    expect(next).toEqual({ dueDate: "2026-11-30", occurrenceIndex: 9 });
  });

  it("skips months without the 31st and reads BYMONTHDAY=-1 as the last day", () => {
    const on31 = nextOccurrence(
      { recurrence: "FREQ=MONTHLY;BYMONTHDAY=31", recurrenceMode: "schedule", dueAt: null, dueDate: "2026-01-31" },
      { timeZone: NY, completedAt: at("2026-01-20T12:00:00Z") },
    );
    expect(on31?.dueDate).toBe("2026-03-31");
    const last = nextOccurrence(
      { recurrence: "FREQ=MONTHLY;BYMONTHDAY=-1", recurrenceMode: "schedule", dueAt: null, dueDate: "2026-01-31" },
      { timeZone: NY, completedAt: at("2026-01-20T12:00:00Z") },
    );
    expect(last?.dueDate).toBe("2026-02-28");
  });

  it("honours ordinal weekdays such as the last friday of the month", () => {
    const next = nextOccurrence(
      { recurrence: "FREQ=MONTHLY;BYDAY=-1FR", recurrenceMode: "schedule", dueAt: null, dueDate: "2026-11-27" },
      { timeZone: NY, completedAt: at("2026-11-27T15:00:00Z") },
    );
    expect(next?.dueDate).toBe("2026-12-25");
  });

  it("ends the series at UNTIL and after COUNT occurrences", () => {
    const untilNext = nextOccurrence(
      { recurrence: "FREQ=WEEKLY;UNTIL=20261210", recurrenceMode: "schedule", dueAt: null, dueDate: "2026-12-03" },
      { timeZone: NY, completedAt: at("2026-12-03T15:00:00Z") },
    );
    expect(untilNext?.dueDate).toBe("2026-12-10");
    const ended = nextOccurrence(
      { recurrence: "FREQ=WEEKLY;UNTIL=20261210", recurrenceMode: "schedule", dueAt: null, dueDate: "2026-12-10" },
      { timeZone: NY, completedAt: at("2026-12-10T15:00:00Z") },
    );
    expect(ended).toBeNull();
    const third = nextOccurrence(
      { recurrence: "FREQ=DAILY;COUNT=3", recurrenceMode: "schedule", dueAt: null, dueDate: "2026-12-02", occurrenceIndex: 2 },
      { timeZone: NY, completedAt: at("2026-12-02T15:00:00Z") },
    );
    expect(third).toEqual({ dueDate: "2026-12-03", occurrenceIndex: 3 });
    const none = nextOccurrence(
      { recurrence: "FREQ=DAILY;COUNT=3", recurrenceMode: "schedule", dueAt: null, dueDate: "2026-12-03", occurrenceIndex: 3 },
      { timeZone: NY, completedAt: at("2026-12-03T15:00:00Z") },
    );
    expect(none).toBeNull();
  });
});

describe("nextOccurrence in completion mode", () => {
  it("counts the interval from the completion day, at the task's time of day", () => {
    const next = nextOccurrence(
      { recurrence: "FREQ=DAILY;INTERVAL=3", recurrenceMode: "completion", dueAt: at("2026-11-20T14:00:00Z"), dueDate: null }, // 09:00 EST
      { timeZone: NY, completedAt: at("2026-11-26T22:30:00Z") }, // completed 17:30 on the 26th
    );
    expect(local(next?.dueAt)).toBe("2026-11-29T09:00:00-05:00");
  });

  it("counts months from the completion day for an all-day task", () => {
    const next = nextOccurrence(
      { recurrence: "FREQ=MONTHLY;INTERVAL=3", recurrenceMode: "completion", dueAt: null, dueDate: "2026-06-10" },
      { timeZone: NY, completedAt: at("2026-11-26T15:00:00Z") },
    );
    expect(next?.dueDate).toBe("2027-02-26");
  });

  it("differs from schedule mode for the same late completion", () => {
    const task = { recurrence: "FREQ=WEEKLY", dueAt: null, dueDate: "2026-11-02" } as const;
    const completedAt = at("2026-11-26T15:00:00Z");
    expect(nextOccurrence({ ...task, recurrenceMode: "schedule" }, { timeZone: NY, completedAt })?.dueDate).toBe("2026-11-30");
    expect(nextOccurrence({ ...task, recurrenceMode: "completion" }, { timeZone: NY, completedAt })?.dueDate).toBe("2026-12-03");
  });
  it("ends the series when the next occurrence would fall after year 9999, instead of throwing", () => {
    for (const recurrenceMode of ["completion", "schedule"] as const) {
      for (const due of [
        { dueAt: null, dueDate: "2026-11-29" },
        { dueAt: at("2026-11-29T14:00:00Z"), dueDate: null },
        { dueAt: null, dueDate: null },
      ]) {
        const next = nextOccurrence(
          { recurrence: "FREQ=YEARLY;INTERVAL=9999", recurrenceMode, ...due },
          { timeZone: NY, completedAt: at("2026-11-29T15:00:00Z") },
        );
        expect(next, `${recurrenceMode} ${JSON.stringify(due)}`).toBeNull();
      }
    }
    const farDays = nextOccurrence(
      { recurrence: "FREQ=DAILY;INTERVAL=999999999", recurrenceMode: "completion", dueAt: null, dueDate: "2026-11-29" },
      { timeZone: NY, completedAt: at("2026-11-29T15:00:00Z") },
    );
    expect(farDays).toBeNull();
  });
});

describe("firstOccurrence", () => {
  it("starts a timed series at its first occurrence strictly after now", () => {
    const first = firstOccurrence("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", {
      timeZone: NY,
      now: at("2026-11-26T15:00:00Z"),
      time: { hour: 8, minute: 0 },
    });
    expect(local(first?.dueAt)).toBe("2026-11-27T08:00:00-05:00");
  });

  it("lets an all-day daily series start today", () => {
    expect(firstOccurrence("FREQ=DAILY", { timeZone: NY, now: at("2026-11-26T15:00:00Z") })).toEqual({ dueDate: "2026-11-26" });
  });
});

describe("the intended time of day of a series", () => {
  it("goes back to 02:30 the week after a gap day moved it to 03:30", () => {
    const next = nextOccurrence(
      { recurrence: "FREQ=WEEKLY", recurrenceMode: "schedule", dueAt: at("2027-03-14T07:30:00Z"), dueDate: null, seriesWallTime: "02:30:00" }, // 03:30 EDT
      { timeZone: NY, completedAt: at("2027-03-10T15:00:00Z") },
    );
    expect(local(next?.dueAt)).toBe("2027-03-21T02:30:00-04:00");
  });

  it("keeps the completion-mode series at its intended time too", () => {
    const next = nextOccurrence(
      { recurrence: "FREQ=DAILY", recurrenceMode: "completion", dueAt: at("2027-03-14T07:30:00Z"), dueDate: null, seriesWallTime: "02:30" },
      { timeZone: NY, completedAt: at("2027-03-14T12:00:00Z") },
    );
    expect(local(next?.dueAt)).toBe("2027-03-15T02:30:00-04:00");
  });

  it("follows dueAt when the stored time no longer describes it (the zone changed, or it was written without it)", () => {
    const dueAt = at("2027-03-10T14:00:00Z"); // 09:00 in New York, 14:00 in London
    expect(intendedWallTime({ dueAt, seriesWallTime: "09:00:00" }, NY)).toEqual({ hour: 9, minute: 0, second: 0 });
    expect(intendedWallTime({ dueAt, seriesWallTime: "09:00:00" }, "Europe/London")).toEqual({ hour: 14, minute: 0, second: 0 });
    expect(intendedWallTime({ dueAt, seriesWallTime: "nonsense" }, NY)).toEqual({ hour: 9, minute: 0, second: 0 });
    expect(intendedWallTime({ dueAt: null, seriesWallTime: "09:00:00" }, NY)).toBeUndefined();
  });

  it("places a repeated fall-back time at its first instance (RFC 5545 3.3.5) and a gap time after the gap", () => {
    expect(formatInstant(placeWallTime("2026-11-01", { hour: 1, minute: 30 }, NY), NY)).toBe("2026-11-01T01:30:00-04:00");
    expect(formatInstant(placeWallTime("2026-10-25", { hour: 1, minute: 30 }, "Europe/London"), "Europe/London")).toBe("2026-10-25T01:30:00+01:00");
    expect(formatInstant(placeWallTime("2027-03-14", { hour: 2, minute: 30 }, NY), NY)).toBe("2027-03-14T03:30:00-04:00");
    expect(formatInstant(placeWallTime("2026-10-04", { hour: 2, minute: 15 }, "Australia/Lord_Howe"), "Australia/Lord_Howe")).toBe(
      "2026-10-04T02:45:00+11:00",
    );
  });
});

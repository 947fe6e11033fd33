import { describe, expect, it } from "vitest";
import { resolveDue } from "./resolve-due.ts";
import { formatInstant } from "./zone.ts";

const chicago = { now: new Date("2026-06-10T14:00:00Z"), timeZone: "America/Chicago" }; // Wed 09:00 CDT
const at = (phrase: string, ctx = chicago) => {
  const due = resolveDue(phrase, ctx);
  return due.dueAt ? formatInstant(due.dueAt, ctx.timeZone) : due.dueDate;
};

describe("resolveDue", () => {
  it("turns phrases with a time into instants and day phrases into local dates", () => {
    expect(at("tomorrow 5pm")).toBe("2026-06-11T17:00:00-05:00");
    expect(at("tomorrow")).toBe("2026-06-11");
    expect(at("in 3 days")).toBe("2026-06-13");
    expect(at("friday")).toBe("2026-06-12");
    expect(at("by friday")).toBe("2026-06-12");
    expect(at("in 2 hours")).toBe("2026-06-10T11:00:00-05:00");
  });

  it("reads a bare weekday said on that weekday as next week's", () => {
    expect(at("wednesday")).toBe("2026-06-17");
  });

  it("puts a time without a day on today, even when it has passed", () => {
    expect(at("8am")).toBe("2026-06-10T08:00:00-05:00");
    expect(at("noon")).toBe("2026-06-10T12:00:00-05:00");
  });

  it("accepts ISO dates and date-times, reading one without offset in the user's zone", () => {
    expect(at("2026-12-24")).toBe("2026-12-24");
    expect(at("2026-12-24T17:00")).toBe("2026-12-24T17:00:00-06:00");
    expect(at("2026-12-24T17:00:00Z")).toBe("2026-12-24T11:00:00-06:00");
  });

  it("keeps wall-clock times right across a DST change", () => {
    const beforeSpringForward = { now: new Date("2026-03-07T15:00:00Z"), timeZone: "America/New_York" }; // Sat, EST
    expect(at("tomorrow 9am", beforeSpringForward)).toBe("2026-03-08T09:00:00-04:00");
    const beforeFallBack = { now: new Date("2026-10-31T15:00:00Z"), timeZone: "Europe/Berlin" };
    expect(at("tomorrow 9am", beforeFallBack)).toBe("2026-11-01T09:00:00+01:00");
  });

  it("resolves 'today' in the user's zone, not the server's", () => {
    const tokyo = { now: new Date("2026-06-10T20:00:00Z"), timeZone: "Asia/Tokyo" }; // already the 11th there
    expect(at("today", tokyo)).toBe("2026-06-11");
  });

  it("rejects what it cannot read, saying what it got", () => {
    expect(() => resolveDue("blorp", chicago)).toThrow(/got 'blorp'/);
    expect(() => resolveDue("", chicago)).toThrow(/due must be/);
    expect(() => resolveDue("2026-02-30", chicago)).toThrow(/calendar date/);
    expect(() => resolveDue("tomorrow and also buy milk", chicago)).toThrow(/did not understand/);
  });
});

import { describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
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

  it("counts hours and minutes from now as elapsed time across a DST change", () => {
    const fallBackNight = { now: new Date("2026-11-01T03:00:00Z"), timeZone: "America/New_York" }; // 23:00 EDT, clocks go back at 06:00Z
    const instant = (phrase: string) => resolveDue(phrase, fallBackNight).dueAt?.toISOString();
    expect(instant("24 hours from now")).toBe("2026-11-02T03:00:00.000Z");
    expect(instant("in 24 hours")).toBe("2026-11-02T03:00:00.000Z");
    expect(instant("in 24 hours from now")).toBe("2026-11-02T03:00:00.000Z");
    expect(instant("an hour from now")).toBe("2026-11-01T04:00:00.000Z");
    expect(instant("90 minutes from now")).toBe("2026-11-01T04:30:00.000Z");
    expect(instant("half an hour from now")).toBe("2026-11-01T03:30:00.000Z");
    expect(instant("24 hours later")).toBe("2026-11-02T03:00:00.000Z");
    expect(instant("after 24 hours")).toBe("2026-11-02T03:00:00.000Z");
    expect(instant("in 24h")).toBe("2026-11-02T03:00:00.000Z");
    expect(instant("24 hrs from now")).toBe("2026-11-02T03:00:00.000Z");
    expect(instant("in 90m")).toBe("2026-11-01T04:30:00.000Z");
    const springForwardEve = { now: new Date("2026-03-08T05:00:00Z"), timeZone: "America/New_York" }; // 00:00 EST
    expect(resolveDue("5 hours from now", springForwardEve).dueAt?.toISOString()).toBe("2026-03-08T10:00:00.000Z");
    // Days are calendar time: the same wall-clock day a day later, whatever the offset did.
    expect(resolveDue("1 day from now", fallBackNight).dueDate).toBe("2026-11-01");
  });

  it("places the clock in a zone written in the phrase, on the user's day", () => {
    const newYork = { now: new Date("2026-11-26T15:00:00Z"), timeZone: "America/New_York" }; // Thu 10:00 EST
    const instant = (phrase: string) => resolveDue(phrase, newYork).dueAt?.toISOString();
    expect(instant("tomorrow at 5pm UTC")).toBe("2026-11-27T17:00:00.000Z");
    expect(instant("tomorrow 5pm GMT")).toBe("2026-11-27T17:00:00.000Z");
    expect(instant("tomorrow 9am JST")).toBe("2026-11-27T00:00:00.000Z");
    expect(instant("tomorrow 3pm CET")).toBe("2026-11-27T14:00:00.000Z");
    expect(instant("tomorrow 10:00 +02:00")).toBe("2026-11-27T08:00:00.000Z");
    expect(instant("tomorrow 10:00 -0530")).toBe("2026-11-27T15:30:00.000Z");
    expect(instant("tomorrow 5pm UTC+2")).toBe("2026-11-27T15:00:00.000Z");
    expect(instant("tomorrow 5pm (GMT-3)")).toBe("2026-11-27T20:00:00.000Z");
    expect(instant("tomorrow 3pm Europe/Paris")).toBe("2026-11-27T14:00:00.000Z");
    expect(instant("tomorrow 3pm asia/kolkata")).toBe("2026-11-27T09:30:00.000Z");
    expect(instant("friday 9am pacific time")).toBe("2026-11-27T17:00:00.000Z");
    expect(instant("friday 9am PT")).toBe("2026-11-27T17:00:00.000Z");
    expect(instant("5pm UTC tomorrow")).toBe("2026-11-27T17:00:00.000Z");
    expect(instant("2026-12-24 17:00 UTC")).toBe("2026-12-24T17:00:00.000Z");
    // A generic name follows the zone's daylight saving: 9am Pacific in July is 16:00Z.
    expect(instant("july 10 9am PT")).toBe("2027-07-10T16:00:00.000Z");
    // The zone said is the same with or without other words; the user's zone is unchanged without one.
    expect(instant("tomorrow 5pm")).toBe("2026-11-27T22:00:00.000Z");
  });

  it("gives 'next <weekday>' one meaning whether or not a zone is written", () => {
    const newYork = { now: new Date("2026-11-26T15:00:00Z"), timeZone: "America/New_York" }; // Thursday
    const local = (phrase: string) => formatInstant(resolveDue(phrase, newYork).dueAt ?? new Date(NaN), "Asia/Tokyo");
    expect(at("next wednesday 1:30am", newYork)).toBe("2026-12-02T01:30:00-05:00");
    expect(local("next wednesday 1:30am jst")).toBe("2026-12-02T01:30:00+09:00");
    expect(local("next wednesday 1:30am Asia/Tokyo")).toBe("2026-12-02T01:30:00+09:00");
  });

  it("refuses a zone abbreviation with several meanings, naming the field", () => {
    for (const phrase of ["tomorrow 5pm IST", "tomorrow at 9am CST", "friday 10:00 BST", "3pm AST", "noon (cdt)"]) {
      expect(() => resolveDue(phrase, chicago), phrase).toThrow(AppError);
      expect(() => resolveDue(phrase, chicago), phrase).toThrow(/^due names the time zone '[A-Z]+', which could be/);
    }
    expect(() => resolveDue("tomorrow 5pm IST", chicago, "dueAt")).toThrow(/^dueAt names the time zone 'IST'/);
  });

  it("refuses a zone only chrono knows rather than ignoring it", () => {
    expect(() => resolveDue("december 3rd 5pm EAT", chicago)).toThrow(/name the time zone|did not understand/);
  });

  it("reads a day-month date followed by a 24-hour time as both", () => {
    const london = { now: new Date("2026-11-26T15:00:00Z"), timeZone: "Europe/London" };
    expect(at("3 March 14:15", london)).toBe("2027-03-03T14:15:00+00:00");
    expect(at("3 march at 14:15", london)).toBe("2027-03-03T14:15:00+00:00");
    expect(at("14 june 09:30", london)).toBe("2027-06-14T09:30:00+01:00");
    expect(at("march 3 14:15", london)).toBe("2027-03-03T14:15:00+00:00");
    expect(at("3 may 5 pm", london)).toBe("2027-05-03T17:00:00+01:00");
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

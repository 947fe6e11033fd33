import { describe, expect, it } from "vitest";
import { statedDue } from "./resolve-due.ts";

// Wednesday 10 March 2027, 10:00 in New York.
const context = { now: new Date("2027-03-10T15:00:00Z"), timeZone: "America/New_York" };

describe("statedDue: which parts of a due moment a phrase said", () => {
  it.each([
    ["friday", { kind: "date" }],
    ["2027-03-19", { kind: "date" }],
    ["in 3 days", { kind: "date" }],
    ["2pm", { kind: "time", time: { hour: 14, minute: 0 } }],
    ["at 14:30", { kind: "time", time: { hour: 14, minute: 30 } }],
    ["tomorrow 9am", { kind: "date-time", time: { hour: 9, minute: 0 } }],
    ["2027-03-14T02:30", { kind: "date-time", time: { hour: 2, minute: 30, second: 0 } }],
    ["2027-03-14T07:30:00Z", { kind: "instant" }],
    ["in 45 minutes", { kind: "instant" }],
  ])("reads '%s' as %o", (phrase, expected) => {
    expect(statedDue(phrase, context)).toEqual(expected);
  });

  it("refuses what it cannot read, naming the field", () => {
    expect(() => statedDue("blorp", context, "due")).toThrow(/due must be/);
  });
});

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { firstOccurrence, formatWallTime, nextOccurrence, placeWallTime, type WallTime } from "./occurrences.ts";
import { validateRRule } from "./resolve-recurrence.ts";
import { addDays, formatInstant } from "./zone.ts";
import { repeatInWords } from "../format/task-words.ts";

// Rules with several times of day (BYHOUR/BYMINUTE, RFC 5545 §3.3.10) across DST changes: each
// time keeps its wall-clock value, a time in a spring-forward gap moves forward as a single time
// does, and a time that a gap moves onto another, or that the fall-back hour repeats, is one
// occurrence.

const NY = "America/New_York";
const BERLIN = "Europe/Berlin";
const LORD_HOWE = "Australia/Lord_Howe"; // DST is 30 minutes: +10:30 ↔ +11:00
const at = (iso: string) => new Date(iso);

/** Completes each occurrence at its due moment and returns the next `count` due moments, in the zone. */
function walk(rule: string, zone: string, first: { dueAt: Date; wallTime: WallTime }, count: number): string[] {
  const out: string[] = [];
  let task = { dueAt: first.dueAt, seriesWallTime: formatWallTime(first.wallTime), occurrenceIndex: 1 };
  for (let i = 0; i < count; i++) {
    const next = nextOccurrence(
      { recurrence: rule, recurrenceMode: "schedule", dueDate: null, ...task },
      { timeZone: zone, completedAt: task.dueAt },
    );
    if (!next?.dueAt || !next.wallTime) break;
    out.push(formatInstant(next.dueAt, zone));
    task = { dueAt: next.dueAt, seriesWallTime: formatWallTime(next.wallTime), occurrenceIndex: next.occurrenceIndex };
  }
  return out;
}

describe("validateRRule with times of day", () => {
  it("accepts BYHOUR and BYMINUTE with every frequency", () => {
    expect(validateRRule("FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0")).toBe("FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0");
    expect(validateRRule("rrule:freq=weekly;byday=tu,th;byhour=18;byminute=0")).toBe("FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=18;BYMINUTE=0");
    expect(validateRRule("FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=9")).toBe("FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=9");
    expect(validateRRule("FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=1;BYHOUR=0;BYMINUTE=30")).toBe("FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=1;BYHOUR=0;BYMINUTE=30");
  });

  it("names the part and the accepted range when a value is out of range", () => {
    expect(() => validateRRule("FREQ=DAILY;BYHOUR=24")).toThrow(/BYHOUR takes numbers from 0 to 23/);
    expect(() => validateRRule("FREQ=DAILY;BYHOUR=8;BYMINUTE=60")).toThrow(/BYMINUTE takes numbers from 0 to 59/);
    expect(() => validateRRule("FREQ=DAILY;BYHOUR=-1")).toThrow(/BYHOUR takes numbers from 0 to 23/);
    expect(() => validateRRule("FREQ=DAILY;BYHOUR=0,1,2,3,4,5;BYMINUTE=0,10,20,30,40")).toThrow(/30 times a day; at most 24/);
    expect(() => validateRRule("FREQ=WEEKLY;BYDAY=MO,TU;BYSETPOS=1;BYHOUR=8")).toThrow(/BYSETPOS cannot be combined with BYHOUR/);
  });
});

describe("the first occurrence of a rule with times of day", () => {
  it("is the next of its times after now, whatever time was said", () => {
    const now = at("2026-11-26T15:00:00Z"); // 10:00 in New York
    const first = firstOccurrence("FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0", { timeZone: NY, now });
    expect(first?.dueAt && formatInstant(first.dueAt, NY)).toBe("2026-11-26T20:00:00-05:00");
    expect(first?.wallTime).toEqual({ hour: 20, minute: 0, second: 0 });
    const weekly = firstOccurrence("FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=18;BYMINUTE=0", { timeZone: NY, now, time: { hour: 18, minute: 0 } });
    expect(weekly?.dueAt && formatInstant(weekly.dueAt, NY)).toBe("2026-11-26T18:00:00-05:00"); // a Thursday
  });
});

describe("nextOccurrence with BYHOUR lists", () => {
  it("goes 8am → 8pm the same day → 8am the next day", () => {
    expect(walk("FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0", NY, { dueAt: at("2026-11-26T13:00:00Z"), wallTime: { hour: 8, minute: 0 } }, 3)).toEqual([
      "2026-11-26T20:00:00-05:00",
      "2026-11-27T08:00:00-05:00",
      "2026-11-27T20:00:00-05:00",
    ]);
  });

  it("keeps 8:00 and 20:00 wall time across both New York DST changes", () => {
    expect(walk("FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0", NY, { dueAt: at("2026-03-07T13:00:00Z"), wallTime: { hour: 8, minute: 0 } }, 4)).toEqual([
      "2026-03-07T20:00:00-05:00",
      "2026-03-08T08:00:00-04:00",
      "2026-03-08T20:00:00-04:00",
      "2026-03-09T08:00:00-04:00",
    ]);
    expect(walk("FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0", NY, { dueAt: at("2026-10-31T12:00:00Z"), wallTime: { hour: 8, minute: 0 } }, 3)).toEqual([
      "2026-10-31T20:00:00-04:00",
      "2026-11-01T08:00:00-05:00",
      "2026-11-01T20:00:00-05:00",
    ]);
  });

  it("walks weekdays and times together (Tuesday and Thursday at 18:00) across Berlin's October change", () => {
    expect(
      walk("FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=18;BYMINUTE=0", BERLIN, { dueAt: at("2026-10-20T16:00:00Z"), wallTime: { hour: 18, minute: 0 } }, 3),
    ).toEqual(["2026-10-22T18:00:00+02:00", "2026-10-27T18:00:00+01:00", "2026-10-29T18:00:00+01:00"]);
  });

  it("moves a time in the spring-forward gap forward, and makes one occurrence of two times the gap joins", () => {
    // 02:00 does not exist on 8 March in New York: it is 03:00 EDT, the same instant as 03:00.
    expect(walk("FREQ=DAILY;BYHOUR=2,3;BYMINUTE=0", NY, { dueAt: at("2026-03-07T07:00:00Z"), wallTime: { hour: 2, minute: 0 } }, 4)).toEqual([
      "2026-03-07T03:00:00-05:00",
      "2026-03-08T03:00:00-04:00",
      "2026-03-09T02:00:00-04:00",
      "2026-03-09T03:00:00-04:00",
    ]);
    // Lord Howe skips 02:00–02:30 on 4 October: 02:00 → 02:30, 02:15 → 02:45, 02:30 and 02:45 are those again.
    expect(
      walk("FREQ=DAILY;BYHOUR=2;BYMINUTE=0,15,30,45", LORD_HOWE, { dueAt: at("2026-10-02T15:45:00Z"), wallTime: { hour: 2, minute: 15 } }, 7),
    ).toEqual([
      "2026-10-03T02:30:00+10:30",
      "2026-10-03T02:45:00+10:30",
      "2026-10-04T02:30:00+11:00",
      "2026-10-04T02:45:00+11:00",
      "2026-10-05T02:00:00+11:00",
      "2026-10-05T02:15:00+11:00",
      "2026-10-05T02:30:00+11:00",
    ]);
  });

  it("places each time of the repeated fall-back hour once (its first instance)", () => {
    expect(walk("FREQ=DAILY;BYHOUR=1;BYMINUTE=0,30", NY, { dueAt: at("2026-10-31T05:30:00Z"), wallTime: { hour: 1, minute: 30 } }, 3)).toEqual([
      "2026-11-01T01:00:00-04:00",
      "2026-11-01T01:30:00-04:00",
      "2026-11-02T01:00:00-05:00",
    ]);
    expect(walk("FREQ=DAILY;BYHOUR=2;BYMINUTE=0,30", BERLIN, { dueAt: at("2026-10-24T00:30:00Z"), wallTime: { hour: 2, minute: 30 } }, 3)).toEqual([
      "2026-10-25T02:00:00+02:00",
      "2026-10-25T02:30:00+02:00",
      "2026-10-26T02:00:00+01:00",
    ]);
  });

  it("counts each time toward COUNT and stops at UNTIL", () => {
    const start = { dueAt: at("2026-11-26T13:00:00Z"), wallTime: { hour: 8, minute: 0 } };
    expect(walk("FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0;COUNT=3", NY, start, 5)).toHaveLength(2);
    expect(walk("FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0;UNTIL=20261127T180000Z", NY, start, 5)).toEqual([
      "2026-11-26T20:00:00-05:00",
      "2026-11-27T08:00:00-05:00",
    ]);
  });

  it("skips occurrences already past when the task was completed late, and an all-day task takes the next time", () => {
    const late = nextOccurrence(
      { recurrence: "FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0", recurrenceMode: "schedule", dueAt: at("2026-11-20T13:00:00Z"), dueDate: null },
      { timeZone: NY, completedAt: at("2026-11-26T15:00:00Z") },
    );
    expect(late?.dueAt && formatInstant(late.dueAt, NY)).toBe("2026-11-26T20:00:00-05:00");
    expect(late?.occurrenceIndex).toBe(14);
    const allDay = nextOccurrence(
      { recurrence: "FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0", recurrenceMode: "schedule", dueAt: null, dueDate: "2026-11-26" },
      { timeZone: NY, completedAt: at("2026-11-26T12:00:00Z") },
    );
    expect(allDay?.dueAt && formatInstant(allDay.dueAt, NY)).toBe("2026-11-26T08:00:00-05:00");
  });

  it("in completion mode takes the rule's first time after the completion", () => {
    const next = nextOccurrence(
      { recurrence: "FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0", recurrenceMode: "completion", dueAt: at("2026-11-26T13:00:00Z"), dueDate: null },
      { timeZone: NY, completedAt: at("2026-11-27T02:00:00Z") }, // 21:00 on the 26th
    );
    expect(next?.dueAt && formatInstant(next.dueAt, NY)).toBe("2026-11-27T08:00:00-05:00");
  });
});

describe("property: a BYHOUR series equals placing each listed time on each day", () => {
  const zones = [
    { zone: NY, days: ["2026-03-06", "2026-10-30"] },
    { zone: BERLIN, days: ["2026-03-27", "2026-10-23"] },
    { zone: LORD_HOWE, days: ["2026-04-03", "2026-10-02"] },
  ];
  const minuteSets = [[0], [30], [0, 30], [15, 45], [0, 15, 30, 45]];
  it("has no duplicates, keeps wall times, and rises strictly", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 1 }),
        fc.integer({ min: 0, max: 3 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...minuteSets),
        (z, which, shift, hours, minutes) => {
          const startDate = addDays(z.days[which] ?? "2026-01-01", -shift);
          const rule = `FREQ=DAILY;BYHOUR=${hours.join(",")};BYMINUTE=${minutes.join(",")}`;
          // The oracle: every listed time on every day placed in the zone, one occurrence per instant.
          const expected: string[] = [];
          const seen = new Set<number>();
          for (let d = 0; d < 6; d++) {
            const date = addDays(startDate, d);
            for (const hour of [...hours].sort((a, b) => a - b)) {
              for (const minute of minutes) {
                const instant = placeWallTime(date, { hour, minute }, z.zone);
                if (seen.has(instant.getTime())) continue;
                seen.add(instant.getTime());
                expected.push(formatInstant(instant, z.zone));
              }
            }
          }
          const [firstDue, ...rest] = expected;
          const first = firstOccurrence(rule, {
            timeZone: z.zone,
            now: new Date(placeWallTime(startDate, { hour: 0, minute: 0 }, z.zone).getTime() - 1),
          });
          expect(first?.dueAt && formatInstant(first.dueAt, z.zone)).toBe(firstDue);
          if (!first?.dueAt || !first.wallTime) throw new Error("no first occurrence");
          const walked = walk(rule, z.zone, { dueAt: first.dueAt, wallTime: first.wallTime }, rest.length);
          expect(walked).toEqual(rest);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("repeatInWords with times of day", () => {
  it("says the times in words", () => {
    expect(repeatInWords("FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0")).toBe("every day at 8:00 AM and 8:00 PM");
    expect(repeatInWords("FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=18;BYMINUTE=0")).toBe("weekly on Tuesday and Thursday at 6:00 PM");
    expect(repeatInWords("FREQ=DAILY;BYHOUR=0,12;BYMINUTE=0,30")).toBe("every day at 12:00 AM, 12:30 AM, 12:00 PM and 12:30 PM");
    expect(repeatInWords("FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=9")).toBe("monthly on day 1 at 9:00 AM");
    expect(repeatInWords("FREQ=DAILY")).toBe("daily");
  });
});

describe("a long-overdue series with several times a day", () => {
  it("still finds its next occurrence (each time is a step; the search covers as many days as a one-time rule's)", () => {
    const hourly = `FREQ=DAILY;BYHOUR=${Array.from({ length: 24 }, (_, h) => h).join(",")};BYMINUTE=0`;
    const next = nextOccurrence(
      { recurrence: hourly, recurrenceMode: "schedule", dueAt: at("2025-11-26T13:00:00Z"), dueDate: null },
      { timeZone: NY, completedAt: at("2026-11-26T15:10:00Z") },
    );
    expect(next?.dueAt && formatInstant(next.dueAt, NY)).toBe("2026-11-26T11:00:00-05:00");
    const twice = nextOccurrence(
      { recurrence: "FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0", recurrenceMode: "schedule", dueAt: at("2016-11-26T13:00:00Z"), dueDate: null },
      { timeZone: NY, completedAt: at("2026-11-26T15:00:00Z") },
    );
    expect(twice?.dueAt && formatInstant(twice.dueAt, NY)).toBe("2026-11-26T20:00:00-05:00");
  });
});

import { describe, expect, it } from "vitest";
import { expandBounded } from "./bounded-expansion.ts";
import { RRule } from "./rrule.ts";

const at = (iso: string) => new Date(iso);

function ours(rule: string, dtstart: Date, limit: Date, max = 60): string[] {
  const out: string[] = [];
  expandBounded(RRule.parseString(rule), dtstart, limit, (date) => {
    out.push(date.toISOString());
    return out.length < max;
  });
  return out;
}

function theirs(rule: string, dtstart: Date, limit: Date, max = 60): string[] {
  const out: string[] = [];
  new RRule({ ...RRule.parseString(rule), dtstart }).all((date) => {
    if (date > limit) return false;
    out.push(date.toISOString());
    return out.length < max;
  });
  return out;
}

describe("expandBounded", () => {
  const rules = [
    "FREQ=DAILY",
    "FREQ=DAILY;INTERVAL=3",
    "FREQ=DAILY;BYDAY=MO,FR",
    "FREQ=DAILY;BYMONTH=2,3;BYMONTHDAY=1,-1",
    "FREQ=DAILY;INTERVAL=7;BYMONTHDAY=-3,5,29",
    "FREQ=DAILY;UNTIL=20270301T000000Z",
    "FREQ=WEEKLY",
    "FREQ=WEEKLY;INTERVAL=2",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,SU",
    "FREQ=WEEKLY;INTERVAL=3;BYDAY=TU,SA;WKST=SU",
    "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    "FREQ=WEEKLY;BYDAY=MO,TU,WE;BYSETPOS=1,3;WKST=WE",
    "FREQ=WEEKLY;BYMONTH=12;BYDAY=FR",
    "FREQ=WEEKLY;INTERVAL=5;BYMONTH=1,7",
    "FREQ=MONTHLY;BYDAY=-1FR",
    "FREQ=MONTHLY;BYMONTHDAY=31",
    "FREQ=MONTHLY;INTERVAL=5;BYDAY=2TU",
    "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    "FREQ=YEARLY",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
    "FREQ=YEARLY;BYWEEKNO=53;BYDAY=TH",
    "FREQ=YEARLY;BYYEARDAY=-1,100",
    "FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=1TU",
  ];
  const starts = ["2026-06-10T09:30:00Z", "2026-12-31T00:00:00Z", "2024-02-29T23:59:00Z", "2099-12-27T07:00:00Z", "1999-03-01T00:00:00Z"];
  for (const rule of rules) {
    it(`gives the same occurrences as rrule.js for ${rule}`, () => {
      for (const start of starts) {
        const dtstart = at(start);
        const limit = new Date(dtstart.getTime() + 40 * 365 * 86_400_000);
        expect(ours(rule, dtstart, limit), `${rule} from ${start}`).toEqual(theirs(rule, dtstart, limit));
      }
    });
  }

  it("stops at the limit for a rule that never occurs, without walking to the year 9999", () => {
    for (const rule of [
      "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31",
      "FREQ=WEEKLY;BYMONTH=2;BYDAY=MO;BYSETPOS=3",
      "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6",
      "FREQ=YEARLY;BYWEEKNO=53;BYMONTH=6",
    ]) {
      const started = performance.now();
      expect(ours(rule, at("2026-06-10T00:00:00Z"), at("2036-06-10T00:00:00Z"))).toEqual([]);
      // A hang detector, not a timing test: the unbounded walk took 0.1-13 s.
      expect(performance.now() - started).toBeLessThan(2_000);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { openDatabase, type Database } from "@todo/db";
import { testApp } from "./support/app.ts";

// Random RRULE bodies and date phrases thrown at add, update and complete through the real app:
// every answer must be a 4xx or a success, never a 5xx, and come back within a bound (a hang
// detector: the unbounded rule expansion took 13-28 s; the bound is generous on purpose).
const HANG_MS = 2_000;

const part = fc.oneof(
  fc.constantFrom("DAILY", "WEEKLY", "MONTHLY", "YEARLY", "HOURLY", "").map((f) => `FREQ=${f}`),
  fc.integer({ min: -5, max: 5_000 }).map((n) => `INTERVAL=${n}`),
  fc.integer({ min: 0, max: 10_000 }).map((n) => `COUNT=${n}`),
  fc.array(fc.integer({ min: -60, max: 60 }), { minLength: 1, maxLength: 3 }).map((ns) => `BYMONTHDAY=${ns.join(",")}`),
  fc.array(fc.integer({ min: -2, max: 14 }), { minLength: 1, maxLength: 3 }).map((ns) => `BYMONTH=${ns.join(",")}`),
  fc.array(fc.integer({ min: -60, max: 60 }), { minLength: 1, maxLength: 2 }).map((ns) => `BYWEEKNO=${ns.join(",")}`),
  fc.array(fc.integer({ min: -400, max: 400 }), { minLength: 1, maxLength: 2 }).map((ns) => `BYYEARDAY=${ns.join(",")}`),
  fc.array(fc.integer({ min: -8, max: 8 }), { minLength: 1, maxLength: 2 }).map((ns) => `BYSETPOS=${ns.join(",")}`),
  fc.array(fc.integer({ min: -2, max: 25 }), { minLength: 1, maxLength: 6 }).map((ns) => `BYHOUR=${ns.join(",")}`),
  fc.array(fc.integer({ min: -2, max: 61 }), { minLength: 1, maxLength: 6 }).map((ns) => `BYMINUTE=${ns.join(",")}`),
  fc
    .array(fc.tuple(fc.option(fc.integer({ min: -60, max: 60 }), { nil: undefined }), fc.constantFrom("MO", "TU", "WE", "TH", "FR", "SA", "SU")), {
      minLength: 1,
      maxLength: 3,
    })
    .map((days) => `BYDAY=${days.map(([n, d]) => `${n ?? ""}${d}`).join(",")}`),
  fc
    .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
    .map(([y, m, d]) => `UNTIL=${String(y).padStart(4, "0")}${String(m).padStart(2, "0")}${String(d).padStart(2, "0")}`),
  fc.constantFrom("WKST=SU", "WKST=MO", "FOO=1", "BYDAY=", "=", "INTERVAL=99999999999999999999"),
  fc.string({ maxLength: 12 }),
);
const ruleBody = fc
  .tuple(fc.constantFrom("DAILY", "WEEKLY", "MONTHLY", "YEARLY"), fc.array(part, { maxLength: 5 }))
  .map(([freq, parts]) => [`FREQ=${freq}`, ...parts].join(";"));

const datePhrase = fc.oneof(
  fc
    .tuple(
      fc.constantFrom("in", "within"),
      fc.oneof(fc.integer({ min: 0, max: 100 }), fc.bigInt({ min: 0n, max: 10n ** 20n })),
      fc.constantFrom("minutes", "hours", "days", "weeks", "months", "years"),
    )
    .map(([word, n, unit]) => `${word} ${n} ${unit}`),
  fc
    .tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
    .map(([y, m, d]) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`),
  fc
    .tuple(
      fc.constantFrom("tomorrow", "friday", "next week", "june 31", "feb 29", "the 31st", "13/13", "noon"),
      fc.constantFrom("", " at 25:00", " 5pm", " at 9", " 2999", " 1899"),
    )
    .map(([a, b]) => a + b),
  fc.string({ maxLength: 30 }),
);

describe("random rules and date phrases never break the server", () => {
  let db: Database;
  let t: ReturnType<typeof testApp>;
  let token: string;

  beforeAll(async () => {
    db = await openDatabase({});
    t = testApp(db, "2026-06-10T14:00:00Z");
    token = (await t.signup("fuzz")).token;
  });
  afterAll(async () => {
    await db?.close();
  });

  async function timed(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
    const started = performance.now();
    const response = await t.request(method, path, { token, body });
    const text = await response.text();
    const ms = performance.now() - started;
    expect(ms, `${method} ${path} ${JSON.stringify(body)} took ${ms.toFixed(0)} ms`).toBeLessThan(HANG_MS);
    expect(response.status, `${method} ${path} ${JSON.stringify(body)} → ${text}`).toBeLessThan(500);
    return { status: response.status, text };
  }

  it("answers add, update and complete with a random rule and due phrase with 4xx or success, promptly", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(ruleBody, fc.string({ maxLength: 40 })), datePhrase, fc.boolean(), async (recurrence, due, completion) => {
        const added = await timed("POST", "/api/tasks", { title: "fuzz", recurrence, due, ...(completion ? { recurrenceMode: "completion" } : {}) });
        const base = added.status === 201 ? added : await timed("POST", "/api/tasks", { title: "fuzz base", due: "tomorrow" });
        const id = (JSON.parse(base.text) as { task: { id: string } }).task.id;
        await timed("PATCH", `/api/tasks/${id}`, { recurrence, due });
        await timed("PATCH", `/api/tasks/${id}`, { recurrence });
        await timed("POST", `/api/tasks/${id}/complete`);
      }),
      { numRuns: 150 },
    );
  }, 300_000);
});

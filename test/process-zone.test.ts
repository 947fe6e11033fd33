import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@todo/db";
import { parse, resolveDue, resolveRecurrence } from "@todo/services";
import { databaseTargets } from "./support/databases.ts";
import { testBackbone } from "./support/backbone.ts";

// The server's own zone is nobody's zone. Every case here sits where the user's calendar day and
// the UTC day (or the process's day) differ, and the file passes under TZ=UTC and under
// TZ=Pacific/Kiritimati (+14, far from every user here): CI runs the suite both ways.

type Task = Record<string, any>;

/** Instants chosen on a day boundary of the user's zone. */
const LA_EVENING = { now: new Date("2026-07-01T03:00:00Z"), timeZone: "America/Los_Angeles" }; // Tue 30 Jun 20:00 PDT
const LA_LATE = { now: new Date("2026-07-01T06:30:00Z"), timeZone: "America/Los_Angeles" }; // Tue 30 Jun 23:30 PDT
const PAGO_LATE = { now: new Date("2026-07-01T10:30:00Z"), timeZone: "Pacific/Pago_Pago" }; // Tue 30 Jun 23:30 (UTC-11)
const KIRITIMATI_LATE = { now: new Date("2026-06-30T09:30:00Z"), timeZone: "Pacific/Kiritimati" }; // Tue 30 Jun 23:30 (+14)
const KIRITIMATI_PAST_MIDNIGHT = { now: new Date("2026-06-30T10:05:00Z"), timeZone: "Pacific/Kiritimati" }; // Wed 1 Jul 00:05 (+14)
const PARIS_PAST_MIDNIGHT = { now: new Date("2026-06-30T22:15:00Z"), timeZone: "Europe/Paris" }; // Wed 1 Jul 00:15 CEST

describe("the language engine reads dates in the user's zone, never the process's", () => {
  it("ends 'every day until june 30' said on June 30 evening in Los Angeles on June 30 this year", () => {
    expect(parse("water the plants every day until june 30", LA_EVENING)).toEqual({
      intent: "add_task",
      title: "water the plants",
      recurrence: "FREQ=DAILY;UNTIL=20260630",
      dueDate: "2026-06-30",
    });
    expect(resolveRecurrence("every day until june 30", LA_EVENING)).toBe("FREQ=DAILY;UNTIL=20260630");
  });

  it("ends 'until june 30' this year for a UTC-11 user at 23:30 on June 30", () => {
    expect(resolveRecurrence("every day until june 30", PAGO_LATE)).toBe("FREQ=DAILY;UNTIL=20260630");
  });

  it("ends 'until june 30' next year for a Kiritimati user just after midnight on July 1", () => {
    expect(resolveRecurrence("every day until june 30", KIRITIMATI_PAST_MIDNIGHT)).toBe("FREQ=DAILY;UNTIL=20270630");
    expect(resolveRecurrence("every day until june 30", KIRITIMATI_LATE)).toBe("FREQ=DAILY;UNTIL=20260630");
  });

  it("reads 'tomorrow' at 23:30 local as the next local day, though UTC is already on it", () => {
    expect(resolveDue("tomorrow", LA_LATE)).toEqual({ dueDate: "2026-07-01" });
    expect(resolveDue("tomorrow", PAGO_LATE)).toEqual({ dueDate: "2026-07-01" });
    expect(resolveDue("tomorrow", KIRITIMATI_LATE)).toEqual({ dueDate: "2026-07-01" });
    expect(parse("call mom tomorrow at 9am", LA_LATE)).toEqual({ intent: "add_task", title: "call mom", dueAt: "2026-07-01T09:00:00-07:00" });
  });

  it("reads 'today' just after local midnight as the new local day, though UTC is still on the previous one", () => {
    expect(resolveDue("today", PARIS_PAST_MIDNIGHT)).toEqual({ dueDate: "2026-07-01" });
    expect(resolveDue("today", KIRITIMATI_PAST_MIDNIGHT)).toEqual({ dueDate: "2026-07-01" });
    expect(parse("show tasks due today", KIRITIMATI_PAST_MIDNIGHT)).toEqual({
      intent: "list_tasks",
      filter: { dueFrom: "2026-07-01", dueTo: "2026-07-01" },
    });
    expect(parse("show tasks due before tomorrow", KIRITIMATI_PAST_MIDNIGHT)).toMatchObject({ filter: { dueTo: "2026-07-01" } });
    expect(parse("show tasks due after today", PARIS_PAST_MIDNIGHT)).toMatchObject({ filter: { dueFrom: "2026-07-02" } });
  });
});

describe.each(databaseTargets())("the REST API on $name keeps the user's calendar whatever the process's zone", (target) => {
  let db: Database;
  let t: ReturnType<typeof testBackbone>;

  beforeAll(async () => {
    db = await target.open();
    t = testBackbone(db, LA_EVENING.now.toISOString());
  });
  afterAll(() => db.close());

  async function userAt(context: { now: Date; timeZone: string }, name: string) {
    t.clock.set(context.now);
    const { token } = await t.signup(`${name}-${target.name}`, context.timeZone);
    const add = async (body: Record<string, unknown>) => {
      const response = await t.request("POST", "/api/tasks", { token, body });
      expect(response.status).toBe(201);
      return ((await response.json()) as { task: Task }).task;
    };
    const list = async (query = "") => ((await (await t.request("GET", `/api/tasks${query}`, { token })).json()) as { tasks: Task[] }).tasks;
    return { token, add, list };
  }

  it("ends 'every day until june 30' posted on June 30 at 20:00 in Los Angeles on June 30, so completing today's ends the series", async () => {
    const u = await userAt(LA_EVENING, "angeleno");
    const task = await u.add({ title: "water the plants", recurrence: "every day until june 30" });
    expect(task).toMatchObject({ recurrence: "FREQ=DAILY;UNTIL=20260630", dueDate: "2026-06-30", overdue: false });
    expect((await t.request("POST", `/api/tasks/${task.id}/complete`, { token: u.token })).status).toBe(200);
    await t.backbone.relay.drain();
    expect((await u.list()).filter((x) => x.status === "open")).toEqual([]);
  });

  it("ends 'every day until june 30' posted at 23:30 on June 30 by a UTC-11 user on June 30", async () => {
    const u = await userAt(PAGO_LATE, "samoan");
    const task = await u.add({ title: "feed the cat", recurrence: "every day until june 30" });
    expect(task).toMatchObject({ recurrence: "FREQ=DAILY;UNTIL=20260630", dueDate: "2026-06-30" });
  });

  it("dates 'tomorrow' posted at 23:30 local on the next local day, and 'today' after local midnight on the new day", async () => {
    const late = await userAt(KIRITIMATI_LATE, "islander");
    expect(await late.add({ title: "buy milk", due: "tomorrow" })).toMatchObject({ dueDate: "2026-07-01", overdue: false });
    expect(await late.add({ title: "call mom", due: "tomorrow 9am" })).toMatchObject({ dueAt: "2026-07-01T09:00:00+14:00" });

    const early = await userAt(PARIS_PAST_MIDNIGHT, "parisian");
    expect(await early.add({ title: "bake bread", due: "today" })).toMatchObject({ dueDate: "2026-07-01", overdue: false });
    expect(await early.add({ title: "pay rent", dueDate: "2026-06-30" })).toMatchObject({ overdue: true });
    expect((await early.list("?dueFrom=2026-07-01&dueTo=2026-07-01")).map((x) => x.title)).toEqual(["bake bread"]);
    expect((await early.list("?overdue=true")).map((x) => x.title)).toEqual(["pay rent"]);
  });
});

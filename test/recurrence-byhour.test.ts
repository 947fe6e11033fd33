import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Database } from "@todo/db";
import { databaseTargets } from "./support/databases.ts";
import { uniqueUsername } from "./support/app.ts";
import { testBackbone } from "./support/backbone.ts";
import { listen } from "./support/http-server.ts";

// Several times of day in one repeat (FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0), end to end: added through
// the MCP tools over Streamable HTTP, completed, continued by the recurrence worker (the embedded
// event backbone), reminded by the notification scheduler, across New York's spring-forward change.

type Task = Record<string, any>;

describe.each(databaseTargets())("a repeat with several times a day on $name", (target) => {
  let db: Database;

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(() => db.close());

  async function setup(now: string, zone: string) {
    const t = testBackbone(db, now);
    const { token, userId } = await t.signup(uniqueUsername("meds"), zone);
    const server = await listen(t.app);
    const client = new Client({ name: "byhour-test", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL("/mcp", server.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
    );
    const heard: string[] = [];
    t.backbone.hub.subscribe(userId, (notification) => {
      if (notification.kind === "reminder") heard.push(`${notification.title}: ${notification.body}`);
    });
    const call = async (name: string, args: Record<string, unknown>) => {
      const result = await client.callTool({ name, arguments: args });
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      return result.structuredContent as { task?: Task; tasks?: Task[] };
    };
    /** Completes the open task with this title at `iso` and returns the open task that follows it. */
    const completeAt = async (iso: string, title: string): Promise<Task> => {
      t.clock.set(iso);
      const open = (await call("list_tasks", { status: "open" })).tasks?.filter((task) => task.title === title) ?? [];
      expect(open).toHaveLength(1);
      await call("complete_task", { id: open[0]?.id });
      await t.backbone.relay.drain();
      const after = (await call("list_tasks", { status: "open" })).tasks?.filter((task) => task.title === title) ?? [];
      expect(after).toHaveLength(1);
      return after[0] as Task;
    };
    const close = async () => {
      await client.close();
      await server.close();
    };
    return { t, call, completeAt, heard, close };
  }

  it("goes 8am → 8pm the same day → 8am the next day, keeping wall time across the DST change, with reminders", async () => {
    const { t, call, completeAt, heard, close } = await setup("2026-03-07T12:00:00Z", "America/New_York"); // Sat 07:00 EST
    try {
      const added = (await call("add_task", { title: "take my meds", recurrence: "FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0", reminderMinutesBefore: 10 }))
        .task as Task;
      expect(added).toMatchObject({ dueAt: "2026-03-07T08:00:00-05:00", recurrence: "FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0", occurrenceIndex: 1 });

      const evening = await completeAt("2026-03-07T13:05:00Z", "take my meds");
      expect(evening).toMatchObject({ dueAt: "2026-03-07T20:00:00-05:00", occurrenceIndex: 2, seriesId: added.seriesId, reminderMinutesBefore: 10 });
      const morning = await completeAt("2026-03-08T01:10:00Z", "take my meds");
      expect(morning).toMatchObject({ dueAt: "2026-03-08T08:00:00-04:00", occurrenceIndex: 3 }); // after the clocks went forward
      const next = await completeAt("2026-03-08T12:30:00Z", "take my meds");
      expect(next).toMatchObject({ dueAt: "2026-03-08T20:00:00-04:00", occurrenceIndex: 4 });

      // The reminder of the series' current occurrence fires 10 minutes before its wall time.
      t.clock.set("2026-03-08T23:49:00Z");
      expect(await t.backbone.scheduler.tick(), heard.join("; ")).toBe(0);
      t.clock.set("2026-03-08T23:50:00Z"); // 19:50 EDT
      expect(await t.backbone.scheduler.tick()).toBe(1);
      expect(heard).toEqual(["take my meds: due Sun 8 Mar, 20:00"]);
    } finally {
      await close();
    }
  });

  it("repeats on Tuesdays and Thursdays at 18:00 in Berlin across the October change, and completing late skips to the next one ahead", async () => {
    const { call, completeAt, close } = await setup("2026-10-19T10:00:00Z", "Europe/Berlin"); // Monday 12:00 CEST
    try {
      const added = (await call("add_task", { title: "choir", recurrence: "FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=18;BYMINUTE=0" })).task as Task;
      expect(added.dueAt).toBe("2026-10-20T18:00:00+02:00");
      // A day alone with such a rule: the first of its times that day.
      const stretch = (await call("add_task", { title: "stretch", due: "tomorrow", recurrence: "FREQ=DAILY;BYHOUR=7,19;BYMINUTE=30" })).task as Task;
      expect(stretch).toMatchObject({ dueAt: "2026-10-20T07:30:00+02:00", dueDate: null });
      const thursday = await completeAt("2026-10-20T17:00:00Z", "choir");
      expect(thursday.dueAt).toBe("2026-10-22T18:00:00+02:00");
      const late = await completeAt("2026-10-28T09:00:00Z", "choir"); // Wednesday after the change: Tuesday's is past
      expect(late).toMatchObject({ dueAt: "2026-10-29T18:00:00+01:00", occurrenceIndex: 4 });
    } finally {
      await close();
    }
  });
});

import { afterAll, describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase, type Database } from "@todo/db";
import { testEnv } from "./support/env.ts";
import { repoRoot } from "./support/processes.ts";
import { testBackbone } from "./support/backbone.ts";

const migrationsDir = path.join(repoRoot, "prisma", "migrations");
const scratch = mkdtempSync(path.join(tmpdir(), "todo-reminders-migration-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The migrations as they were before several reminders per task. */
function migrationsBeforeSeveralReminders(): string {
  const dir = path.join(scratch, "before-several-reminders");
  // This migration and every one after it (later ones may change what this test writes).
  const stamp = (source: string) => /(?:^|\/)(\d{14})_[^/]+(?:\/|$)/.exec(path.relative(migrationsDir, source))?.[1];
  cpSync(migrationsDir, dir, { recursive: true, filter: (source) => (stamp(source) ?? "0") < "20261129205500" });
  return dir;
}

/** A database kept across two opens: a PGlite folder, or a PostgreSQL database dropped at the end. */
function persistentTargets(): Array<{ name: string; open(migrationsDir?: string): Promise<Database>; drop(): Promise<void> }> {
  const dataDir = path.join(scratch, "pglite");
  const targets = [{ name: "pglite", open: (dir?: string) => openDatabase({ dataDir, migrationsDir: dir }), drop: async () => {} }];
  const url = testEnv.TEST_DATABASE_URL;
  if (url) {
    const name = `todo_test_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
    const admin = async (sql: string) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(sql);
      await client.end();
    };
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${name}`;
    let created = false;
    targets.push({
      name: "postgres",
      async open(dir?: string) {
        if (!created) await admin(`CREATE DATABASE ${name}`);
        created = true;
        return openDatabase({ databaseUrl: dbUrl.toString(), migrationsDir: dir });
      },
      drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    });
  }
  return targets;
}

describe.each(persistentTargets())("the several-reminders migration on $name", (target) => {
  afterAll(() => target.drop());

  it("turns each reminderMinutesBefore into one relative reminder, and a pending reminder still fires after the migration", async () => {
    const before = await target.open(migrationsBeforeSeveralReminders());
    const userId = randomUUID();
    const [reminded, plain] = [randomUUID(), randomUUID()];
    const inboxId = randomUUID();
    try {
      await before.prisma.$executeRawUnsafe(
        `INSERT INTO "User" ("id", "username", "passwordHash", "timeZone") VALUES ($1::uuid, $2, 'x', 'Europe/Paris')`,
        userId,
        `old-timer-${userId.slice(0, 8)}`,
      );
      // The lists migration (earlier) made Task.listId required: the user's Inbox, as sign-up makes it.
      await before.prisma.$executeRawUnsafe(
        `INSERT INTO "TaskList" ("id", "userId", "name", "nameKey", "position", "isInbox", "updatedAt") VALUES ($1::uuid, $2::uuid, 'Inbox', 'inbox', 0, true, now())`,
        inboxId,
        userId,
      );
      await before.prisma.$executeRawUnsafe(
        `INSERT INTO "Task" ("id", "userId", "title", "status", "priority", "tags", "dueAt", "dueSortAt", "reminderMinutesBefore", "occurrenceIndex", "updatedAt", "version", "listId")
         VALUES ($1::uuid, $3::uuid, 'water plants', 'open', 'high', ARRAY['home'], '2026-12-01T08:00:00Z', '2026-12-01T08:00:00Z', 30, 1, now(), 3, $4::uuid),
                ($2::uuid, $3::uuid, 'no reminder', 'open', 'low', ARRAY[]::text[], NULL, NULL, NULL, 1, now(), 1, $4::uuid)`,
        reminded,
        plain,
        userId,
        inboxId,
      );
      await before.prisma.$executeRawUnsafe(
        `INSERT INTO "Reminder" ("id", "taskId", "userId", "title", "dueLabel", "fireAt", "nextAttemptAt", "updatedAt")
         VALUES (gen_random_uuid(), $1::uuid, $2::uuid, 'water plants', 'due Tue 1 Dec, 09:00', '2026-12-01T07:30:00Z', '2026-12-01T07:30:00Z', now())`,
        reminded,
        userId,
      );
      await before.prisma.$executeRawUnsafe(
        `INSERT INTO "ReminderDelivery" ("taskId", "fireAt", "inAppAt", "pushedEndpoints") VALUES ($1::uuid, '2026-11-20T07:30:00Z', now(), ARRAY['https://push.example/a'])`,
        reminded,
      );
    } finally {
      await before.close();
    }

    const after = await target.open();
    try {
      const tasks = await after.prisma.task.findMany({ where: { userId }, orderBy: { title: "asc" } });
      expect(tasks.map((task) => [task.title, task.reminders, task.version])).toEqual([
        ["no reminder", [], 1],
        ["water plants", [{ id: expect.any(String), minutesBefore: 30 }], 3],
      ]);
      const reminderId = ((tasks[1]?.reminders as Array<{ id: string }>)[0] as { id: string }).id;
      expect(await after.prisma.reminder.findMany({ where: { taskId: reminded } })).toEqual([
        expect.objectContaining({ reminderId, status: "pending", fireAt: new Date("2026-12-01T07:30:00Z") }),
      ]);
      expect(await after.prisma.reminderDelivery.count({ where: { taskId: reminded } })).toBe(1);

      const t = testBackbone(after, "2026-11-30T12:00:00Z");
      const heard: string[] = [];
      t.backbone.hub.subscribe(userId, (notification) => {
        if (notification.kind === "reminder") heard.push(notification.title);
      });
      const token = (await t.accounts.createToken(userId, { name: "migration test" })).token;
      const shown = await t.request("GET", `/api/tasks/${reminded}`, { token });
      expect((await shown.json()).task).toMatchObject({ reminderMinutesBefore: 30, reminders: [{ id: reminderId, minutesBefore: 30 }] });
      // A change after the migration keeps the same reminder (same id, same time): it is not doubled.
      await t.request("PATCH", `/api/tasks/${reminded}`, { token, body: { title: "water the plants" } });
      await t.backbone.relay.drain();
      expect(await after.prisma.reminder.count({ where: { taskId: reminded, status: "pending" } })).toBe(1);

      t.clock.set("2026-12-01T07:30:00Z");
      expect(await t.backbone.scheduler.tick()).toBe(1);
      expect(heard).toEqual(["water the plants"]);
    } finally {
      await after.close();
    }
    // Two opens, each running the WebAssembly migration engine.
  }, 240_000);
});

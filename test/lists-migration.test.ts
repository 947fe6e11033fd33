import { afterAll, describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase, type Database } from "@todo/db";
import { testEnv } from "./support/env.ts";
import { repoRoot } from "./support/processes.ts";
import { testApp } from "./support/app.ts";

const migrationsDir = path.join(repoRoot, "prisma", "migrations");
const scratch = mkdtempSync(path.join(tmpdir(), "todo-lists-migration-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The migrations as they were before lists: every one but the lists migration (and any later). */
function migrationsBeforeLists(): string {
  const dir = path.join(scratch, "before-lists");
  const lists = readdirSync(migrationsDir).find((name) => /^\d{14}_lists$/.test(name)) ?? "";
  cpSync(migrationsDir, dir, {
    recursive: true,
    filter: (source) => {
      const name = path.relative(migrationsDir, source).split(path.sep)[0] ?? "";
      return !/^\d{14}_/.test(name) || name < lists;
    },
  });
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

describe.each(persistentTargets())("the lists migration on $name", (target) => {
  afterAll(() => target.drop());

  it("gives every existing user an Inbox holding all their tasks (trashed ones too), keeping tasks, reminders and events", async () => {
    const before = await target.open(migrationsBeforeLists());
    const users = [randomUUID(), randomUUID(), randomUUID()];
    const tasks = [randomUUID(), randomUUID(), randomUUID()];
    try {
      for (const [i, id] of users.entries()) {
        await before.prisma.$executeRawUnsafe(
          `INSERT INTO "User" ("id", "username", "passwordHash", "timeZone") VALUES ($1::uuid, $2, 'x', 'Europe/Paris')`,
          id,
          `list-migrant-${i}-${id.slice(0, 8)}`,
        );
      }
      await before.prisma.$executeRawUnsafe(
        `INSERT INTO "Task" ("id", "userId", "title", "status", "priority", "tags", "dueAt", "dueSortAt", "recurrence", "recurrenceMode",
           "reminderMinutesBefore", "seriesId", "occurrenceIndex", "updatedAt", "version", "deletedAt")
         VALUES ($1::uuid, $4::uuid, 'water plants', 'open', 'high', ARRAY['home'], '2026-12-01T08:00:00Z', '2026-12-01T08:00:00Z',
           'FREQ=WEEKLY', 'schedule', 30, $6::uuid, 2, now(), 3, NULL),
                ($2::uuid, $4::uuid, 'binned', 'open', 'low', ARRAY[]::text[], NULL, NULL, NULL, NULL, NULL, NULL, 1, now(), 2, now()),
                ($3::uuid, $5::uuid, 'other user', 'done', 'medium', ARRAY[]::text[], NULL, NULL, NULL, NULL, NULL, NULL, 1, now(), 1, NULL)`,
        tasks[0],
        tasks[1],
        tasks[2],
        users[0],
        users[1],
        randomUUID(),
      );
      await before.prisma.$executeRawUnsafe(
        `INSERT INTO "Reminder" ("id", "taskId", "userId", "title", "dueLabel", "fireAt", "nextAttemptAt", "updatedAt")
         VALUES (gen_random_uuid(), $1::uuid, $2::uuid, 'water plants', 'due Tue 1 Dec, 09:00', '2026-12-01T07:30:00Z', '2026-12-01T07:30:00Z', now())`,
        tasks[0],
        users[0],
      );
      await before.prisma.$executeRawUnsafe(
        `INSERT INTO "OutboxEvent" ("id", "type", "aggregateId", "userId", "payload") VALUES (gen_random_uuid(), 'task.created', $1::uuid, $2::uuid, '{}')`,
        tasks[0],
        users[0],
      );
    } finally {
      await before.close();
    }

    const after = await target.open();
    try {
      const lists = await after.prisma.taskList.findMany({ where: { userId: { in: users } } });
      expect(lists).toHaveLength(3);
      for (const userId of users) {
        expect(lists.filter((list) => list.userId === userId)).toEqual([
          expect.objectContaining({ name: "Inbox", nameKey: "inbox", isInbox: true, color: null, position: 0, deletedAt: null }),
        ]);
      }
      const inboxOf = (userId: string | undefined) => lists.find((list) => list.userId === userId)?.id;
      const migrated = await after.prisma.task.findMany({ where: { id: { in: tasks } }, orderBy: { title: "asc" } });
      expect(migrated.map((task) => [task.title, task.listId === inboxOf(task.userId), task.version, task.deletedAt !== null])).toEqual([
        ["binned", true, 2, true],
        ["other user", true, 1, false],
        ["water plants", true, 3, false],
      ]);
      // (The later several-reminders migration turns its reminderMinutesBefore into one relative reminder.)
      expect(migrated[2]).toMatchObject({
        occurrenceIndex: 2,
        reminders: [expect.objectContaining({ minutesBefore: 30 })],
        tags: ["home"],
        recurrence: "FREQ=WEEKLY",
      });
      expect(await after.prisma.reminder.count({ where: { taskId: tasks[0], status: "pending" } })).toBe(1);
      expect(await after.prisma.outboxEvent.count({ where: { aggregateId: tasks[0] } })).toBe(1);

      // The migrated tasks behave as tasks in lists: listed by list, restored into their list, moved to a new one.
      const t = testApp(after, "2026-11-29T12:00:00Z");
      const token = (await t.accounts.createToken(users[0] ?? "", { name: "migration test" })).token;
      const inInbox = await t.request("GET", "/api/tasks?list=Inbox&status=all", { token });
      expect((await inInbox.json()).tasks.map((task: any) => task.title)).toEqual(["water plants"]);
      const restored = await t.request("POST", `/api/trash/${tasks[1]}/restore`, { token });
      expect((await restored.json()).task.list).toMatchObject({ name: "Inbox" });
      const created = await t.request("POST", "/api/lists", { token, body: { name: "Garden" } });
      expect(created.status).toBe(201);
      const moved = await t.request("PATCH", `/api/tasks/${tasks[0]}`, { token, body: { list: "garden" } });
      expect((await moved.json()).task.list.name).toBe("Garden");
    } finally {
      await after.close();
    }
  }, 240_000);
});

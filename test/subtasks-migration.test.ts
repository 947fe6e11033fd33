import { afterAll, describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase, type Database } from "@todo/db";
import { testEnv } from "./support/env.ts";
import { repoRoot } from "./support/processes.ts";
import { testApp } from "./support/app.ts";

const migrationsDir = path.join(repoRoot, "prisma", "migrations");
const scratch = mkdtempSync(path.join(tmpdir(), "todo-subtasks-migration-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The migrations as they were before subtasks: every one older than subtasks' own. */
function migrationsBeforeSubtasks(): string {
  const dir = path.join(scratch, "before-subtasks");
  const stamp = (source: string) => /(?:^|\/)(\d{14})_[^/]+(?:\/|$)/.exec(path.relative(migrationsDir, source))?.[1];
  cpSync(migrationsDir, dir, { recursive: true, filter: (source) => (stamp(source) ?? "0") < "20261129205147" });
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

describe.each(persistentTargets())("the subtasks migration on $name", (target) => {
  afterAll(() => target.drop());

  it("migrates a database made by the previous migrations, keeping every task, reminder and trashed task, all top-level", async () => {
    const before = await target.open(migrationsBeforeSubtasks());
    const userId = randomUUID();
    const taskIds = [randomUUID(), randomUUID(), randomUUID()];
    const inboxId = randomUUID();
    try {
      await before.prisma.$executeRawUnsafe(
        `INSERT INTO "User" ("id", "username", "passwordHash", "timeZone") VALUES ($1::uuid, 'old-timer', 'x', 'Europe/Paris')`,
        userId,
      );
      // The lists migration (earlier) made Task.listId required: the user's Inbox, as sign-up makes it.
      await before.prisma.$executeRawUnsafe(
        `INSERT INTO "TaskList" ("id", "userId", "name", "nameKey", "position", "isInbox", "updatedAt") VALUES ($1::uuid, $2::uuid, 'Inbox', 'inbox', 0, true, now())`,
        inboxId,
        userId,
      );
      await before.prisma.$executeRawUnsafe(
        `INSERT INTO "Task" ("id", "userId", "title", "status", "priority", "tags", "dueAt", "dueSortAt", "recurrence", "recurrenceMode",
           "reminderMinutesBefore", "seriesId", "occurrenceIndex", "seriesWallTime", "updatedAt", "version", "deletedAt", "listId")
         VALUES ($1::uuid, $4::uuid, 'water plants', 'open', 'high', ARRAY['home'], '2026-12-01T08:00:00Z', '2026-12-01T08:00:00Z',
           'FREQ=WEEKLY', 'schedule', 30, $5::uuid, 2, '09:00:00', now(), 3, NULL, $6::uuid),
                ($2::uuid, $4::uuid, 'old done thing', 'done', 'low', ARRAY[]::text[], NULL, NULL, NULL, NULL, NULL, NULL, 1, NULL, now(), 2, NULL, $6::uuid),
                ($3::uuid, $4::uuid, 'binned', 'open', 'medium', ARRAY[]::text[], NULL, NULL, NULL, NULL, NULL, NULL, 1, NULL, now(), 2, now(), $6::uuid)`,
        taskIds[0],
        taskIds[1],
        taskIds[2],
        userId,
        randomUUID(),
        inboxId,
      );
      await before.prisma.$executeRawUnsafe(
        `INSERT INTO "Reminder" ("id", "taskId", "userId", "title", "dueLabel", "fireAt", "nextAttemptAt", "updatedAt")
         VALUES (gen_random_uuid(), $1::uuid, $2::uuid, 'water plants', 'due Tue 1 Dec, 09:00', '2026-12-01T07:30:00Z', '2026-12-01T07:30:00Z', now())`,
        taskIds[0],
        userId,
      );
    } finally {
      await before.close();
    }

    const after = await target.open();
    try {
      const tasks = await after.prisma.task.findMany({ where: { userId }, orderBy: { title: "asc" } });
      expect(tasks.map((task) => [task.title, task.status, task.version, task.parentId, task.position, task.deletedAt === null])).toEqual([
        ["binned", "open", 2, null, 0, false],
        ["old done thing", "done", 2, null, 0, true],
        ["water plants", "open", 3, null, 0, true],
      ]);
      expect(tasks[2]).toMatchObject({
        occurrenceIndex: 2,
        reminders: [expect.objectContaining({ minutesBefore: 30 })],
        seriesWallTime: "09:00:00",
        tags: ["home"],
      });
      expect(await after.prisma.reminder.count({ where: { taskId: taskIds[0], status: "pending" } })).toBe(1);

      // The migrated tasks take subtasks, and the trashed one comes back.
      const t = testApp(after, "2026-11-29T12:00:00Z");
      const token = (await t.accounts.createToken(userId, { name: "migration test" })).token;
      const added = await t.request("POST", "/api/tasks", { token, body: { title: "fill the can", parentId: taskIds[0] } });
      expect(added.status).toBe(201);
      const shown = await (await t.request("GET", `/api/tasks/${taskIds[0]}`, { token })).json();
      expect(shown.task).toMatchObject({ title: "water plants", subtaskCount: { total: 1, done: 0 } });
      expect(shown.subtasks.map((task: any) => task.title)).toEqual(["fill the can"]);
      const restored = await t.request("POST", `/api/trash/${taskIds[2]}/restore`, { token });
      expect((await restored.json()).task).toMatchObject({ id: taskIds[2], parentId: null, subtaskCount: { total: 0, done: 0 } });
    } finally {
      await after.close();
    }
    // Two opens, each running the WebAssembly migration engine (and on PGlite building the old set's template).
  }, 240_000);
});

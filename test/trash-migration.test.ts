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
const scratch = mkdtempSync(path.join(tmpdir(), "todo-trash-migration-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The migrations as they were before the trash: every one up to series_wall_time. */
function migrationsBeforeTrash(): string {
  const dir = path.join(scratch, "before-trash");
  // The trash and every migration after it (later ones may change what this test writes).
  const stamp = (source: string) => /(?:^|\/)(\d{14})_[^/]+(?:\/|$)/.exec(path.relative(migrationsDir, source))?.[1];
  cpSync(migrationsDir, dir, { recursive: true, filter: (source) => (stamp(source) ?? "0") < "20261129173322" });
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

describe.each(persistentTargets())("the trash migration on $name", (target) => {
  afterAll(() => target.drop());

  it("migrates a database made by the previous migrations, keeping every task, reminder and event", async () => {
    const before = await target.open(migrationsBeforeTrash());
    const userId = randomUUID();
    const taskIds = [randomUUID(), randomUUID()];
    try {
      await before.prisma.$executeRawUnsafe(
        `INSERT INTO "User" ("id", "username", "passwordHash", "timeZone") VALUES ($1::uuid, 'old-timer', 'x', 'Europe/Paris')`,
        userId,
      );
      await before.prisma.$executeRawUnsafe(
        `INSERT INTO "Task" ("id", "userId", "title", "status", "priority", "tags", "dueAt", "dueSortAt", "recurrence", "recurrenceMode",
           "reminderMinutesBefore", "seriesId", "occurrenceIndex", "seriesWallTime", "updatedAt", "version")
         VALUES ($1::uuid, $3::uuid, 'water plants', 'open', 'high', ARRAY['home'], '2026-12-01T08:00:00Z', '2026-12-01T08:00:00Z',
           'FREQ=WEEKLY', 'schedule', 30, $4::uuid, 2, '09:00:00', now(), 3),
                ($2::uuid, $3::uuid, 'old done thing', 'done', 'low', ARRAY[]::text[], NULL, NULL, NULL, NULL, NULL, NULL, 1, NULL, now(), 2)`,
        taskIds[0],
        taskIds[1],
        userId,
        randomUUID(),
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
      expect(tasks.map((task) => [task.title, task.status, task.version, task.deletedAt])).toEqual([
        ["old done thing", "done", 2, null],
        ["water plants", "open", 3, null],
      ]);
      expect(tasks[1]).toMatchObject({ occurrenceIndex: 2, reminders: [{ minutesBefore: 30 }], seriesWallTime: "09:00:00", tags: ["home"] });
      expect(await after.prisma.reminder.count({ where: { taskId: taskIds[0], status: "pending" } })).toBe(1);

      // The migrated tasks behave as tasks: listed, deleted into the trash, restored.
      const t = testApp(after, "2026-11-29T12:00:00Z");
      const token = (await t.accounts.createToken(userId, { name: "migration test" })).token;
      const listed = await t.request("GET", "/api/tasks?status=all&sort=title", { token });
      expect((await listed.json()).tasks.map((task: any) => task.title)).toEqual(["old done thing", "water plants"]);
      expect((await t.request("DELETE", `/api/tasks/${taskIds[0]}`, { token })).status).toBe(200);
      const restored = await t.request("POST", `/api/trash/${taskIds[0]}/restore`, { token });
      expect((await restored.json()).task).toMatchObject({ id: taskIds[0], occurrenceIndex: 2, version: 5 });
    } finally {
      await after.close();
    }
    // Two opens, each running the WebAssembly migration engine (and on PGlite building the old set's template).
  }, 240_000);
});

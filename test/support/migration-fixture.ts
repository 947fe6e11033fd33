import { afterAll } from "vitest";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase, type Database } from "@todo/db";
import { testEnv } from "./env.ts";
import { repoRoot } from "./processes.ts";

const migrationsDir = path.join(repoRoot, "prisma", "migrations");

/** A value for one column of an old row: SQL literals (PostgreSQL casts them to the column's type), or `now()`. */
export type OldValue = string | number | boolean | null | string[] | { sql: "now()" };

/** Writes rows into a database as the migrations older than the one under test shaped it (raw SQL: the Prisma client knows only today's schema). */
export interface OldRows {
  readonly db: Database;
  /** One row of any table, column name → value. */
  insert(table: string, row: Record<string, OldValue>): Promise<void>;
  /** A user as sign-up made them then: `username` (default "old-timer-<id prefix>"), zone Europe/Paris, no usable password. */
  user(id: string, username?: string): Promise<void>;
  /** The user's Inbox list as sign-up makes it since the lists migration (required by Task.listId from then on); returns its id. */
  inbox(userId: string): Promise<string>;
  /** One Task row per object, column name → value; `updatedAt` defaults to now(). */
  tasks(rows: Array<Record<string, OldValue>>): Promise<void>;
  /** The pending reminder row for a task due Tue 1 Dec 2026 09:00 Paris, 30 minutes before (the one-reminder-per-task shape). */
  reminder(taskId: string, userId: string): Promise<void>;
}

/** One database kind holding a database across two opens: before the migration under test, then with every migration. */
export interface MigrationTarget {
  name: "pglite" | "postgres";
  /** Opens the database with only the migrations older than the one under test, hands it to `seed`, and closes it. */
  seedBefore(seed: (rows: OldRows) => Promise<void>): Promise<void>;
  /** Opens the same database with every migration (so the migration under test and all later ones run); the caller closes it. */
  openAfter(): Promise<Database>;
}

/** Renders a value as a SQL literal; test data only (titles, ids, ISO instants), never user input. */
function literal(value: OldValue): string {
  if (value === null) return "NULL";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `ARRAY[${value.map(literal).join(", ")}]::text[]`;
  if (typeof value === "object") return value.sql;
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * The weekly "water plants" task every migration test keeps (high priority, tag home, due Tue 1 Dec
 * 2026 09:00 Paris, 30-minute reminder, second of its series, version 3), in the columns the
 * events_reminders_push migration had; `extra` adds later columns or overrides.
 */
export function waterPlantsRow(id: string, userId: string, extra: Record<string, OldValue> = {}): Record<string, OldValue> {
  return {
    ...{ id, userId, title: "water plants", status: "open", priority: "high", tags: ["home"] },
    ...{ dueAt: "2026-12-01T08:00:00Z", dueSortAt: "2026-12-01T08:00:00Z", recurrence: "FREQ=WEEKLY", recurrenceMode: "schedule" },
    ...{ reminderMinutesBefore: 30, seriesId: randomUUID(), occurrenceIndex: 2, version: 3 },
    ...extra,
  };
}

function oldRows(db: Database): OldRows {
  const insert = async (table: string, row: Record<string, OldValue>) => {
    const columns = Object.keys(row).map((column) => `"${column}"`);
    await db.prisma.$executeRawUnsafe(`INSERT INTO "${table}" (${columns.join(", ")}) VALUES (${Object.values(row).map(literal).join(", ")})`);
  };
  return {
    db,
    insert,
    async user(id, username = `old-timer-${id.slice(0, 8)}`) {
      await insert("User", { id, username, passwordHash: "x", timeZone: "Europe/Paris" });
    },
    async inbox(userId) {
      const id = randomUUID();
      await insert("TaskList", { id, userId, name: "Inbox", nameKey: "inbox", position: 0, isInbox: true, updatedAt: { sql: "now()" } });
      return id;
    },
    async tasks(rows) {
      for (const row of rows) await insert("Task", { updatedAt: { sql: "now()" }, ...row });
    },
    async reminder(taskId, userId) {
      await insert("Reminder", {
        id: randomUUID(),
        taskId,
        userId,
        title: "water plants",
        dueLabel: "due Tue 1 Dec, 09:00",
        fireAt: "2026-12-01T07:30:00Z",
        nextAttemptAt: "2026-12-01T07:30:00Z",
        updatedAt: { sql: "now()" },
      });
    },
  };
}

/**
 * The databases a migration-with-data test runs on: PGlite always (a folder kept across the two
 * opens), and PostgreSQL when TEST_DATABASE_URL is set (a database created on first open). `migration`
 * names the migration under test ("lists" for `20261129204950_lists`); the "before" database is made
 * by every migration older than it. Call at the top of a test file: it registers the clean-up (drops
 * the PostgreSQL database, removes the scratch folder) with afterAll.
 */
export function migrationTargets(migration: string): MigrationTarget[] {
  const folder = readdirSync(migrationsDir).find((name) => name.endsWith(`_${migration}`) && /^\d{14}_/.test(name));
  if (!folder) throw new Error(`no migration named ${migration} in ${migrationsDir}`);
  const stampOf = (source: string) => /(?:^|\/)(\d{14})_[^/]+(?:\/|$)/.exec(path.relative(migrationsDir, source))?.[1];
  const cutoff = folder.slice(0, 14);
  const scratch = mkdtempSync(path.join(tmpdir(), `todo-${migration}-migration-`));
  const before = path.join(scratch, "before");
  // The migration under test and every later one are left out (later ones may change what the test writes).
  cpSync(migrationsDir, before, { recursive: true, filter: (source) => (stampOf(source) ?? "0") < cutoff });

  const drops: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  const target = (name: MigrationTarget["name"], open: (migrationsDir?: string) => Promise<Database>): MigrationTarget => ({
    name,
    async seedBefore(seed) {
      const db = await open(before);
      try {
        await seed(oldRows(db));
      } finally {
        await db.close();
      }
    },
    openAfter: () => open(),
  });

  const dataDir = path.join(scratch, "pglite");
  const targets = [target("pglite", (dir) => openDatabase({ dataDir, migrationsDir: dir }))];
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
    drops.push(async () => {
      if (created) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
    targets.push(
      target("postgres", async (dir) => {
        if (!created) await admin(`CREATE DATABASE ${name}`);
        created = true;
        return openDatabase({ databaseUrl: dbUrl.toString(), migrationsDir: dir });
      }),
    );
  }
  return targets;
}

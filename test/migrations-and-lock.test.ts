import { afterAll, describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { acquireDataDirLock, openDatabase, DataDirLockedError } from "@todo/db";
import { databaseTargets } from "./support/databases.ts";
import { repoRoot } from "./support/processes.ts";

const migrationsDir = path.join(repoRoot, "prisma", "migrations");
const scratch = mkdtempSync(path.join(tmpdir(), "todo-migrations-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function migrationsWith(name: string, sql: string): string {
  const dir = path.join(scratch, name);
  cpSync(migrationsDir, dir, { recursive: true });
  mkdirSync(path.join(dir, `29990101000000_${name}`));
  writeFileSync(path.join(dir, `29990101000000_${name}`, "migration.sql"), sql);
  return dir;
}

describe.each(databaseTargets())("migrations on $name", (target) => {
  it("records applied migrations the way prisma migrate deploy reads them", async () => {
    const db = await target.open();
    try {
      const rows = await db.prisma.$queryRawUnsafe<Array<{ migration_name: string; checksum: string; finished_at: Date | null }>>(
        `SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name`,
      );
      const sql = readFileSync(path.join(migrationsDir, "20261126000000_init", "migration.sql"));
      expect(rows.slice(0, 1)).toEqual([
        { migration_name: "20261126000000_init", checksum: createHash("sha256").update(sql).digest("hex"), finished_at: expect.any(Date) },
      ]);
    } finally {
      await db.close();
    }
  });

  it("applies a new migration, and rejects a broken one instead of recording it as applied", async () => {
    const good = migrationsWith(`add_column_${target.name}`, `ALTER TABLE "Task" ADD COLUMN "colour" TEXT;`);
    const db = await target.open({ migrationsDir: good });
    try {
      expect(await db.migrate()).toEqual([]);
      await db.prisma.$queryRawUnsafe(`SELECT "colour" FROM "Task"`);
    } finally {
      await db.close();
    }
    const broken = migrationsWith(`broken_${target.name}`, `ALTER TABLE "Task" ADD COLUMN "ok" TEXT;\nALTER TABLE "NoSuchTable" ADD COLUMN "x" INT;`);
    await expect(target.open({ migrationsDir: broken })).rejects.toThrow(/NoSuchTable/);
  });
});

describe("the embedded data folder lock", () => {
  it("refuses a second opener, naming the process that holds the folder", async () => {
    const dataDir = path.join(scratch, "locked");
    const db = await openDatabase({ dataDir });
    try {
      await expect(openDatabase({ dataDir })).rejects.toThrow(new RegExp(`in use by process ${process.pid}`));
      expect(() => acquireDataDirLock(dataDir)).toThrow(DataDirLockedError);
    } finally {
      await db.close();
    }
    const again = await openDatabase({ dataDir });
    await again.close();
  });

  it("takes over a lock left by a process that no longer exists", async () => {
    const dataDir = path.join(scratch, "stale");
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, "todo.lock"), JSON.stringify({ pid: 2 ** 22 + 12345, startedAt: "2020-01-01", command: "gone" }));
    const lock = acquireDataDirLock(dataDir);
    expect(JSON.parse(readFileSync(path.join(dataDir, "todo.lock"), "utf8")).pid).toBe(process.pid);
    lock.release();
  });
});

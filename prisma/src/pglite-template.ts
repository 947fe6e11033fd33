import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { applyMigrations, prismaDir, readMigrations } from "./migrations.ts";
import { pgliteExtensions, PGliteAdapterFactory } from "./pglite-adapter.ts";

// Creating a PGlite cluster from scratch (initdb) takes ~3.5 s here; unpacking a migrated copy
// ~1 s. The copy is made once (at install, or on first need) and keyed by the migrations it holds.
const cacheDir = path.resolve(prismaDir, "..", "node_modules", ".cache", "todo-chatbot");

function migrationsKey(migrationsDir?: string): string {
  const list = readMigrations(migrationsDir);
  const hash = createHash("sha256");
  for (const dir of list.migrationDirectories) {
    hash.update(dir.path);
    if (dir.migrationFile.content.tag === "ok") hash.update(dir.migrationFile.content.value);
  }
  return hash.digest("hex").slice(0, 16);
}

function templateFile(migrationsDir?: string): string {
  return path.join(cacheDir, `pglite-${migrationsKey(migrationsDir)}.tar.gz`);
}

/** The migrated empty database as a tarball, if one has been made for the current migrations. */
export function readTemplate(migrationsDir?: string): Blob | undefined {
  const file = templateFile(migrationsDir);
  return existsSync(file) ? new Blob([readFileSync(file)]) : undefined;
}

/** Makes the template for the current migrations (no-op when it exists). */
export async function writeTemplate(migrationsDir?: string): Promise<string> {
  const file = templateFile(migrationsDir);
  if (existsSync(file)) return file;
  const db = await PGlite.create({ extensions: pgliteExtensions });
  try {
    await applyMigrations(new PGliteAdapterFactory(db), migrationsDir);
    const dump = await db.dumpDataDir("gzip");
    mkdirSync(cacheDir, { recursive: true });
    // Write-then-rename: parallel test workers may race to make the same file.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
    return file;
  } finally {
    await db.close();
  }
}

import path from "node:path";
import { existsSync, mkdirSync } from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "../generated/client.ts";
import { acquireDataDirLock, type DataDirLock } from "./data-dir-lock.ts";
import { applyMigrations, readMigrations } from "./migrations.ts";
import { createPGlite, PGliteAdapterFactory } from "./pglite-adapter.ts";
import { readTemplate } from "./pglite-template.ts";

export interface OpenDatabaseOptions {
  /** A PostgreSQL URL; when absent the embedded PGlite is used. */
  databaseUrl?: string;
  /** The embedded database's folder; undefined with no databaseUrl means in memory (tests). */
  dataDir?: string;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  /** Extra migrations folder, for tests of the migration runner. */
  migrationsDir?: string;
}

export interface Database {
  prisma: PrismaClient;
  kind: "postgres" | "pglite";
  /** The lock on the embedded data folder, when there is one. */
  lock?: DataDirLock;
  /** The raw embedded database, when there is one. */
  pglite?: PGlite;
  migrate(): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * Opens the product's database: PostgreSQL through @prisma/adapter-pg when a URL is given,
 * otherwise PGlite in a locked local folder (or in memory).
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  let adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  let lock: DataDirLock | undefined;
  let pglite: PGlite | undefined;
  if (options.databaseUrl) {
    adapterFactory = new PrismaPg({ connectionString: options.databaseUrl, max: 20 });
  } else {
    if (options.dataDir) {
      const dataDir = path.resolve(options.dataDir);
      const pgdata = path.join(dataDir, "pgdata");
      lock = acquireDataDirLock(dataDir);
      try {
        const isNew = !existsSync(path.join(pgdata, "PG_VERSION"));
        mkdirSync(pgdata, { recursive: true });
        pglite = await createPGlite(pgdata, isNew && options.migrate !== false ? readTemplate(options.migrationsDir) : undefined);
      } catch (error) {
        lock.release();
        throw error;
      }
    } else {
      pglite = await createPGlite(undefined, options.migrate !== false ? readTemplate(options.migrationsDir) : undefined);
    }
    adapterFactory = new PGliteAdapterFactory(pglite);
  }
  const prisma = new PrismaClient({ adapter: adapterFactory });
  // Loading the WASM migration engine costs a few hundred milliseconds at every start; when the
  // database already records every migration as finished there is nothing for it to do.
  const migrate = async () => ((await allApplied(prisma, options.migrationsDir)) ? [] : applyMigrations(adapterFactory, options.migrationsDir));
  let closed = false;
  const db: Database = {
    prisma,
    kind: options.databaseUrl ? "postgres" : "pglite",
    lock,
    pglite,
    migrate,
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await pglite?.close();
      lock?.release();
    },
  };
  if (options.migrate !== false) {
    try {
      await migrate();
    } catch (error) {
      await db.close();
      throw error;
    }
  }
  return db;
}

async function allApplied(prisma: PrismaClient, migrationsDir?: string): Promise<boolean> {
  const wanted = readMigrations(migrationsDir).migrationDirectories.map((dir) => dir.path);
  try {
    const rows = await prisma.$queryRawUnsafe<Array<{ migration_name: string }>>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const done = new Set(rows.map((row) => row.migration_name));
    return wanted.every((name) => done.has(name));
  } catch {
    return false; // no migrations table yet: a new database
  }
}

import { randomUUID } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "@todo/db";
import { testEnv } from "./env.ts";

export interface DatabaseTarget {
  name: "pglite" | "postgres";
  /** A fresh, migrated, empty database of this kind. */
  open(options?: { migrationsDir?: string; migrate?: boolean }): Promise<Database>;
}

/** A throw-away database on the PostgreSQL server of TEST_DATABASE_URL, dropped on close. */
export async function freshPostgres(baseUrl: string, options: { migrationsDir?: string; migrate?: boolean } = {}): Promise<Database> {
  const name = `todo_test_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), ...options });
  const close = db.close.bind(db);
  db.close = async () => {
    await close();
    const dropper = new pg.Client({ connectionString: baseUrl });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await dropper.end();
  };
  return db;
}

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set (CI always sets it). */
export function databaseTargets(): DatabaseTarget[] {
  const targets: DatabaseTarget[] = [{ name: "pglite", open: (options) => openDatabase({ ...options }) }];
  const url = testEnv.TEST_DATABASE_URL;
  if (url) targets.push({ name: "postgres", open: (options) => freshPostgres(url, options) });
  return targets;
}

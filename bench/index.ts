// `npm run bench`: prints numbers, asserts nothing. PGlite always; PostgreSQL when
// TEST_DATABASE_URL (or BENCH_DATABASE_URL) points at a server (a scratch database is created).
import { randomUUID } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "@todo/db";
import { benchToolCalls } from "./mcp-bench.ts";
import { benchLargeList } from "./large-list-bench.ts";
import { benchParse } from "./parse-bench.ts";
import { benchCompletionToNext, benchRelayThroughput } from "./events-bench.ts";
import { benchChatTurns, benchPageLoad } from "./chat-bench.ts";
import { benchDistributed } from "./distributed-bench.ts";

async function scratchPostgres(baseUrl: string): Promise<Database & { drop(): Promise<void> }> {
  const name = `todo_bench_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString() });
  return Object.assign(db, {
    async drop() {
      await db.close();
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  });
}

async function main(): Promise<void> {
  const only = process.argv[2];
  if (!only || only === "parse") for (const line of benchParse()) console.log(line);
  if (only === "parse") return;
  if (only === "distributed") {
    for (const line of await benchDistributed()) console.log(line);
    return;
  }
  if (!only || only === "page") for (const line of await benchPageLoad()) console.log(line);
  if (only === "page") return;
  const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const targets: Array<[string, () => Promise<Database & { drop?(): Promise<void> }>]> = [["pglite", () => openDatabase({})]];
  if (pgUrl) targets.push(["postgres", () => scratchPostgres(pgUrl)]);
  else console.log("(set TEST_DATABASE_URL to include PostgreSQL)");
  for (const [label, open] of targets) {
    if (!only || only === "mcp") {
      const db = await open();
      for (const line of await benchToolCalls(db, label)) console.log(line);
      await (db.drop ? db.drop() : db.close());
    }
    if (!only || only === "chat") {
      const db = await open();
      for (const line of await benchChatTurns(db, label)) console.log(line);
      await (db.drop ? db.drop() : db.close());
    }
    if (!only || only === "events") {
      const db = await open();
      for (const line of await benchCompletionToNext(db, label)) console.log(line);
      for (const line of await benchRelayThroughput(db, label)) console.log(line);
      await (db.drop ? db.drop() : db.close());
    }
    if (!only || only === "list") {
      const db = await open();
      for (const line of await benchLargeList(db, label)) console.log(line);
      await (db.drop ? db.drop() : db.close());
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

// `npm run bench`: prints numbers, asserts nothing. PGlite always; PostgreSQL when
// TEST_DATABASE_URL (or BENCH_DATABASE_URL) points at a server (a scratch database is created).
import { openDatabase, type Database } from "@todo/db";
import { freshPostgres } from "../test/support/databases.ts";
import { benchToolCalls } from "./mcp-bench.ts";
import { benchLargeList } from "./large-list-bench.ts";
import { benchParse } from "./parse-bench.ts";
import { benchCompletionToNext, benchRelayPoison, benchRelayThroughput } from "./events-bench.ts";
import { benchChatTurns, benchPageLoad } from "./chat-bench.ts";
import { benchDistributed } from "./distributed-bench.ts";
import { benchRuleValidation } from "./rule-validation-bench.ts";
import { benchDatabaseUrl } from "./env.ts";
import { benchMcpReference } from "./mcp-reference-bench.ts";
import { benchScale } from "./scale-bench.ts";
import { benchMachineMemory } from "./machine-bench.ts";

async function main(): Promise<void> {
  const only = process.argv[2];
  for (const line of await benchMachineMemory()) console.log(line);
  if (!only || only === "parse") for (const line of benchParse()) console.log(line);
  if (only === "parse") return;
  if (!only || only === "rules") for (const line of benchRuleValidation()) console.log(line);
  if (only === "rules") return;
  if (only === "distributed") {
    for (const line of await benchDistributed()) console.log(line);
    return;
  }
  if (!only || only === "mcp-ratio") for (const line of await benchMcpReference()) console.log(line);
  if (only === "mcp-ratio") return;
  if (!only || only === "page") for (const line of await benchPageLoad()) console.log(line);
  if (only === "page") return;
  const pgUrl = benchDatabaseUrl;
  const targets: Array<[string, () => Promise<Database>]> = [["pglite", () => openDatabase({})]];
  if (pgUrl) targets.push(["postgres", () => freshPostgres(pgUrl)]);
  else console.log("(set TEST_DATABASE_URL to include PostgreSQL)");
  for (const [label, open] of targets) {
    if (!only || only === "mcp") {
      const db = await open();
      for (const line of await benchToolCalls(db, label)) console.log(line);
      await db.close();
    }
    if (!only || only === "chat") {
      const db = await open();
      for (const line of await benchChatTurns(db, label)) console.log(line);
      await db.close();
    }
    if (!only || only === "events") {
      const db = await open();
      for (const line of await benchCompletionToNext(db, label)) console.log(line);
      for (const line of await benchRelayThroughput(db, label)) console.log(line);
      await db.close();
    }
    if (!only || only === "events" || only === "relay") {
      const db = await open();
      for (const line of await benchRelayPoison(db, label)) console.log(line);
      await db.close();
    }
    if (!only || only === "scale") {
      const db = await open();
      for (const line of await benchScale(db, label)) console.log(line);
      await db.close();
    }
    if (!only || only === "list") {
      const db = await open();
      for (const line of await benchLargeList(db, label)) console.log(line);
      await db.close();
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

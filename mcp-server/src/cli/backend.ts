import { openDatabase, readLockOwner, type Database } from "@todo/db";
import path from "node:path";
import { createApp, type App } from "../app.ts";
import type { CliEnv } from "../env.ts";
import type { Logger } from "@todo/http-kit";

/**
 * Where a CLI command sends its work: to the running server when there is one (the embedded
 * database can have only one process), else to the database opened in this process.
 */
export type Backend =
  | { kind: "server"; url: string; request(path: string, init?: RequestInit): Promise<Response>; close(): Promise<void> }
  | { kind: "local"; db: Database; app: App; request(path: string, init?: RequestInit): Promise<Response>; close(): Promise<void> };

export async function connectBackend(env: CliEnv, logger: Logger): Promise<Backend> {
  const serverUrl = env.TODO_SERVER_URL ?? (env.DATABASE_URL ? undefined : readLockOwner(path.resolve(env.TODO_DATA_DIR))?.serverUrl);
  if (serverUrl) {
    return {
      kind: "server",
      url: serverUrl,
      request: (p, init) => fetch(new URL(p, serverUrl), init),
      close: async () => {},
    };
  }
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.TODO_DATA_DIR });
  const app = createApp({ prisma: db.prisma, logger, defaultTimeZone: env.DEFAULT_TIME_ZONE });
  return { kind: "local", db, app, request: async (p, init) => app.app.request(p, init), close: () => db.close() };
}

export { openDatabase, type Database, type OpenDatabaseOptions } from "./open-database.ts";
export { readDatabaseEnv, DatabaseEnv } from "./env.ts";
export { applyMigrations, createMigration, readMigrations } from "./migrations.ts";
export { acquireDataDirLock, readLockOwner, DataDirLockedError, type DataDirLock, type LockOwner } from "./data-dir-lock.ts";
export { PrismaClient, Prisma } from "../generated/client.ts";
export type { Task, User, ApiToken, OutboxEvent } from "../generated/client.ts";
export { chooseDataDir, perUserDataDir, LegacyDataDirError, DATA_FOLDER_NAME, type DataDirSettings } from "./data-dir.ts";

import { z } from "zod";
import { chooseDataDir } from "./data-dir.ts";

/** Where the data lives: a PostgreSQL URL, or the embedded PGlite folder when none is set. */
export const DatabaseEnv = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// or postgresql:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  // Unset: the per-user folder (see chooseDataDir), the same from any working directory.
  TODO_DATA_DIR: z.string().min(1).optional(),
  XDG_DATA_HOME: z.string().min(1).optional(),
});
export type DatabaseEnv = z.infer<typeof DatabaseEnv>;

/** Parses the database settings from an environment (process.env by default); throws LegacyDataDirError (see chooseDataDir). */
export function readDatabaseEnv(env: NodeJS.ProcessEnv = process.env): { databaseUrl?: string; dataDir: string } {
  const parsed = DatabaseEnv.parse(env);
  return {
    databaseUrl: parsed.DATABASE_URL,
    dataDir: chooseDataDir({ dataDir: parsed.TODO_DATA_DIR, xdgDataHome: parsed.XDG_DATA_HOME, databaseUrl: parsed.DATABASE_URL }),
  };
}

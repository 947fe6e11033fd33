import { z } from "zod";

/** Where the data lives: a PostgreSQL URL, or the embedded PGlite folder when none is set. */
export const DatabaseEnv = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// or postgresql:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  TODO_DATA_DIR: z.string().min(1).default("./.data"),
});
export type DatabaseEnv = z.infer<typeof DatabaseEnv>;

/** Parses the database settings from an environment (process.env by default). */
export function readDatabaseEnv(env: NodeJS.ProcessEnv = process.env): { databaseUrl?: string; dataDir: string } {
  const parsed = DatabaseEnv.parse(env);
  return { databaseUrl: parsed.DATABASE_URL, dataDir: parsed.TODO_DATA_DIR };
}

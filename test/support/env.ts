import { z } from "zod";
import { parseEnvironment, PostgresUrl } from "@todo/http-kit";

/**
 * The test harness's settings. `TEST_DATABASE_URL` adds PostgreSQL to every database suite; `CI`
 * turns "skipped: tool missing" into a failure (CI must have every tool).
 */
export const TestEnv = z.object({
  TEST_DATABASE_URL: PostgresUrl.optional(),
  CHROMIUM_PATH: z.string().min(1).default("/usr/bin/chromium"),
  HELM_PATH: z.string().min(1).optional(),
  CI: z
    .string()
    .optional()
    .transform((value) => value !== undefined && value !== "" && value !== "false"),
});

export const testEnv = parseEnvironment(TestEnv, process.env);

/** This process's environment plus `extra`, for a child process the test starts (string values only). */
export function childEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return { ...inherited, ...extra };
}

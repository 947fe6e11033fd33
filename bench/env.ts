import { z } from "zod";
import { parseEnvironment, PostgresUrl } from "@todo/http-kit";

/** The benchmarks' settings: which PostgreSQL server to measure on (PGlite always), and Chromium. */
export const BenchEnv = z.object({
  BENCH_DATABASE_URL: PostgresUrl.optional(),
  TEST_DATABASE_URL: PostgresUrl.optional(),
  CHROMIUM_PATH: z.string().min(1).default("/usr/bin/chromium"),
  /** Passed on to the distributed run's workers (see the README); only printed here. */
  BULK_SUBSCRIBE_MAX_MESSAGES: z.coerce.number().int().min(0).default(100),
});

export const benchEnv = parseEnvironment(BenchEnv, process.env);
/** The PostgreSQL server the benchmarks create their scratch databases on, if any. */
export const benchDatabaseUrl = benchEnv.BENCH_DATABASE_URL ?? benchEnv.TEST_DATABASE_URL;

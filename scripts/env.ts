import { z } from "zod";
import { parseEnvironment, PostgresUrl } from "@todo/http-kit";

/** `npm run distributed`: the PostgreSQL server a fresh database is created on. */
export const DistributedRunEnv = z.object({ DATABASE_URL: PostgresUrl.optional() });

export const distributedRunEnv = parseEnvironment(DistributedRunEnv, process.env);

import type { z } from "zod";

/**
 * Parses a process environment with a service's zod schema. The error names every bad variable
 * and what it accepts, so a service can exit with one line that says what to fix.
 */
export function parseEnvironment<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
  }
  return parsed.data;
}

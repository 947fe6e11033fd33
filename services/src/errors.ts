import type { z } from "zod";

/** The few ways a request can fail; each adapter maps them to its own protocol in one place. */
export const APP_ERROR_CODES = [
  "not_found",
  "invalid_input",
  "conflict",
  "forbidden",
  "unauthorized",
  "unavailable",
  "rate_limited",
  // Subtasks: completing a task whose subtasks are still open, without saying to complete them too.
  "open_subtasks",
] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

/** The one error type the domain throws. Its message tells the caller what was wrong and what to do. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** A field's path as code writes it: `tasks[3].title`. */
function pathText(path: PropertyKey[]): string {
  return path.map((key, i) => (typeof key === "number" ? `[${key}]` : `${i ? "." : ""}${String(key)}`)).join("");
}

/** Turns a zod failure into one readable sentence that names every offending field (`tasks[3].title: …`). */
export function describeZodError(error: z.ZodError, subject = "input"): string {
  const parts = error.issues.map((issue) => {
    const where = issue.path.length ? pathText(issue.path) : subject;
    if (issue.code === "unrecognized_keys") {
      return `${where === subject ? "" : where + ": "}unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")}`;
    }
    return `${where}: ${issue.message}`;
  });
  return parts.join("; ");
}

/** Parses `value` with `schema`, throwing an invalid_input AppError that names the fields. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, subject?: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new AppError("invalid_input", describeZodError(result.error, subject));
  return result.data;
}

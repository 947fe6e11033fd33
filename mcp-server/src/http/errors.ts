import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError, type AppErrorCode } from "@todo/services";
import type { Logger } from "../logger.ts";

const STATUS: Record<AppErrorCode, ContentfulStatusCode> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};

/** The one place where domain errors become HTTP answers: `{ error: { code, message } }`. */
export function errorResponse(c: Context, error: unknown, logger: Logger): Response {
  if (error instanceof AppError) {
    const retry = error.details?.retryAfterSeconds;
    if (typeof retry === "number") c.header("Retry-After", String(retry));
    if (error.code === "unauthorized") c.header("WWW-Authenticate", 'Bearer realm="todo-chatbot"');
    return c.json({ error: { code: error.code, message: error.message } }, STATUS[error.code]);
  }
  logger.error({ err: error, path: c.req.path, method: c.req.method }, "request failed");
  return c.json({ error: { code: "internal", message: "The server failed to handle this request; try again" } }, 500);
}

/** Reads a JSON body, answering a clear 400 for anything that is not JSON. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_input", "The request body must be JSON (Content-Type: application/json)");
  }
}

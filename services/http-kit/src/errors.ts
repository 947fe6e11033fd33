import type { Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError, type AppErrorCode } from "@todo/services";
import type { Logger } from "./logger.ts";

const STATUS: Record<AppErrorCode, ContentfulStatusCode> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};

/** The HTTP status an AppError code is answered with. */
export function statusOf(code: AppErrorCode): ContentfulStatusCode {
  return STATUS[code];
}

/**
 * The one place where errors become HTTP answers: `{ error: { code, message } }` with the status
 * of the AppError's code (plus `Retry-After` and `WWW-Authenticate` where they apply); anything
 * else is logged and answered 500 without its details.
 */
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

/** Answers every thrown error and unknown route of `app` through `errorResponse`. */
export function handleErrors(app: Hono<any>, logger: Logger): void {
  app.onError((error, c) => errorResponse(c, error, logger));
  app.notFound((c) => errorResponse(c, new AppError("not_found", `No route ${c.req.method} ${c.req.path}`), logger));
}

/** Reads a JSON body; throws AppError `invalid_input` (400) for anything that is not JSON. An empty body reads as `{}`. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_input", "The request body must be JSON (Content-Type: application/json)");
  }
}

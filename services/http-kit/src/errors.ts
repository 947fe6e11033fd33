import type { Context, Env, Hono } from "hono";
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
  open_subtasks: 409,
  unavailable: 503,
};

/**
 * The one place where errors become HTTP answers: `{ error: { code, message } }` with the status
 * of the AppError's code (plus `Retry-After` and `WWW-Authenticate` where they apply); anything
 * else is logged and answered 500 without its details.
 */
export function errorResponse(c: Context, error: unknown, logger: Logger): Response {
  if (error instanceof AppError) {
    const retry = error.details?.retryAfterSeconds;
    if (typeof retry === "number") c.header("Retry-After", String(retry));
    return errorJson(c, error.code, error.message);
  }
  if (isStorageExhausted(error)) {
    logger.error({ err: error, path: c.req.path, method: c.req.method }, "database storage exhausted");
    c.header("Retry-After", String(STORAGE_RETRY_AFTER_SECONDS));
    return c.json(
      { error: { code: "unavailable", message: "The database has run out of storage or resources; nothing was saved. Try again in a minute" } },
      503,
    );
  }
  logger.error({ err: error, path: c.req.path, method: c.req.method }, "request failed");
  return c.json({ error: { code: "internal", message: "The server failed to handle this request; try again" } }, 500);
}

/** The usual error answer, `{ error: { code, message } }` with the code's status, for a route that answers rather than throws. */
export function errorJson(c: Context, code: AppErrorCode, message: string): Response {
  if (code === "unauthorized") c.header("WWW-Authenticate", 'Bearer realm="todo-chatbot"');
  return c.json({ error: { code, message } }, STATUS[code]);
}

/** Answers every thrown error and unknown route of `app` through `errorResponse`. */
export function handleErrors<E extends Env>(app: Hono<E>, logger: Logger): void {
  app.onError((error, c) => errorResponse(c, error, logger));
  app.notFound((c) => errorResponse(c, new AppError("not_found", `No route ${c.req.method} ${c.req.path}`), logger));
}

/** Seconds a client is asked to wait after a storage-exhaustion answer before trying again. */
export const STORAGE_RETRY_AFTER_SECONDS = 60;

/**
 * Whether `error` means the database or the disk under it ran out of room: PostgreSQL's class 53
 * "insufficient resources" (53100 disk_full, 53000, 53200 out_of_memory, 53300 too_many_connections,
 * 53400 configuration_limit_exceeded) or an ENOSPC from PGlite or the filesystem. Prisma 7 with a
 * driver adapter wraps the database's error as `PrismaClientKnownRequestError { code: "P2039" | "P2010",
 * meta: { driverAdapterError: DriverAdapterError { cause: { kind: "postgres", code: "53100", originalCode } } } }`,
 * so the chain (meta.driverAdapterError, cause) is searched, a few levels deep.
 */
export function isStorageExhausted(error: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): boolean => {
    if (!value || typeof value !== "object" || depth > 6 || seen.has(value)) return false;
    seen.add(value);
    const node = value as { code?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    for (const code of [node.code, node.originalCode]) {
      if (typeof code === "string" && (/^53\d{3}$/.test(code) || code === "ENOSPC")) return true;
    }
    if (typeof node.message === "string" && /\bENOSPC\b|no space left on device/i.test(node.message)) return true;
    return visit(node.meta?.driverAdapterError, depth + 1) || visit(node.cause, depth + 1);
  };
  return visit(error, 0);
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

/** Largest REST request body, in bytes (1 MiB); larger ones get 413 before they are read into memory. */
export const MAX_REST_BODY_BYTES = 1024 * 1024;

/** The 413 answer of every REST route, in the usual error shape. */
export function payloadTooLarge(c: Context): Response {
  return c.json(
    { error: { code: "payload_too_large", message: `The request body is larger than ${MAX_REST_BODY_BYTES} bytes (1 MiB); send less` } },
    413,
  );
}

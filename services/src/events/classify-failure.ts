import { AppError, type AppErrorCode } from "../errors.ts";

/** What a consumer answers for an event whose handling failed: DROP gives up on it, RETRY asks again later. */
export type FailureAnswer = "DROP" | "RETRY";

/** The request itself is wrong: asking again gives the same answer. */
const PERMANENT_APP_ERRORS: ReadonlySet<AppErrorCode> = new Set(["invalid_input", "not_found", "forbidden", "open_subtasks"]);

/** Errors that JavaScript, zod and luxon raise for data that cannot be handled, by `name`. */
const PERMANENT_ERROR_NAMES = new Set([
  "RangeError", // "Invalid time value", an array length or a number out of range
  "ZodError",
  "InvalidArgumentError", // luxon: an invalid DateTime or Duration
  "InvalidDateTimeError",
  "InvalidUnitError",
  "InvalidZoneError",
  "ConflictingSpecificationError",
]);

/** Node's socket and DNS failures: the other side is unreachable for now. */
const TRANSIENT_SYSTEM_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_SOCKET",
]);

/**
 * Prisma's request errors caused by the data: value too long (P2000), foreign key (P2003), invalid
 * value (P2006, P2007), null constraint (P2011, P2012), out of range (P2020), record missing (P2025).
 * Other codes (P1xxx: database unreachable; P2024 pool timeout; P2034 write conflict) are transient.
 */
const PERMANENT_PRISMA_CODES = new Set(["P2000", "P2003", "P2006", "P2007", "P2011", "P2012", "P2020", "P2025"]);

/**
 * PostgreSQL SQLSTATE classes caused by the data: 22 (data exception, e.g. 22008 datetime field
 * overflow) and 23 (integrity constraint violation). Others (08 connection, 40 serialization,
 * 53 resources, 57 shutdown) are transient.
 */
function isPermanentSqlState(code: string): boolean {
  return /^2[23][0-9A-Z]{3}$/.test(code);
}

function codeOf(error: object): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

/**
 * Decides whether a consumer should DROP or RETRY an event whose handling threw `error`.
 *
 * DROP for failures that the same event will always meet: an `AppError` of code invalid_input,
 * not_found or forbidden; a RangeError (e.g. "Invalid time value"), a zod or luxon validation
 * error; a Prisma data error (P2000, P2003, P2006, P2007, P2011, P2012, P2020, P2025) or a
 * PostgreSQL SQLSTATE of class 22 or 23, also when wrapped as an error's `cause`.
 *
 * RETRY for everything else, in particular a database or network that cannot be reached (socket
 * and DNS codes such as ECONNREFUSED, `fetch failed`, timeouts, Prisma P1xxx, SQLSTATE 08/40/53/57),
 * AppError unavailable, rate_limited, conflict or unauthorized (a misconfigured token is fixed by an
 * operator, not by the event), and any error not recognised: a retry is bounded by the outbox relay
 * (or Dapr's resiliency policy) and then dead-lettered, so guessing RETRY loses nothing.
 *
 * Pure; never throws. Follows a chain of `cause`s at most 5 deep, transient signals winning: a
 * connection failure reported inside a data-looking wrapper is still a connection failure.
 */
export function classifyFailure(error: unknown): FailureAnswer {
  let permanent = false;
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === "object"; depth++) {
    const code = codeOf(current);
    const name = (current as { name?: unknown }).name;
    if (current instanceof AppError) {
      if (!PERMANENT_APP_ERRORS.has(current.code)) return "RETRY";
      permanent = true;
    } else if (code && TRANSIENT_SYSTEM_CODES.has(code)) {
      return "RETRY";
    } else if (name === "AbortError" || name === "TimeoutError") {
      return "RETRY";
    } else if (code && /^P\d{4}$/.test(code)) {
      if (!PERMANENT_PRISMA_CODES.has(code)) return "RETRY";
      permanent = true;
    } else if (code && /^[0-9A-Z]{5}$/.test(code)) {
      if (!isPermanentSqlState(code)) return "RETRY";
      permanent = true;
    } else if (typeof name === "string" && PERMANENT_ERROR_NAMES.has(name)) {
      permanent = true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return permanent ? "DROP" : "RETRY";
}

import { describe, expect, it } from "vitest";
import { Hono } from "hono";
import { Prisma } from "@todo/db";
import { createLogger, errorResponse, isStorageExhausted } from "@todo/http-kit";

// What @prisma/adapter-pg and pglite-prisma-adapter throw: a DriverAdapterError whose `cause` is
// the mapped database error; the client wraps it in meta.driverAdapterError.
function adapterError(cause: Record<string, unknown>): Error {
  return Object.assign(new Error(String(cause.message ?? cause.kind)), { name: "DriverAdapterError", cause });
}
function prismaError(code: "P2039" | "P2010", cause: Record<string, unknown>) {
  return new Prisma.PrismaClientKnownRequestError(`Database error. Code: \`${String(cause.code)}\``, {
    code,
    clientVersion: "7.10.1",
    meta: { modelName: "Task", driverAdapterError: adapterError(cause) },
  });
}
const diskFull = {
  kind: "postgres",
  code: "53100",
  originalCode: "53100",
  severity: "ERROR",
  message: 'could not extend file "base/16384/16385": No space left on device',
  originalMessage: "could not extend file",
};

describe("the error mapper and storage exhaustion", () => {
  it("recognises PostgreSQL's disk_full and its class 53 as surfaced through Prisma's driver adapters", () => {
    expect(isStorageExhausted(prismaError("P2039", diskFull))).toBe(true);
    expect(isStorageExhausted(prismaError("P2010", { ...diskFull, code: "53000", originalCode: "53000", message: "insufficient resources" }))).toBe(
      true,
    );
    // adapter-pg maps 53300 to its own kind and keeps only originalCode.
    expect(
      isStorageExhausted(prismaError("P2039", { kind: "TooManyConnections", originalCode: "53300", cause: "sorry, too many clients already" })),
    ).toBe(true);
  });

  it("recognises ENOSPC from PGlite or the filesystem, raw or wrapped", () => {
    const enospc = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", errno: -28, syscall: "write" });
    expect(isStorageExhausted(enospc)).toBe(true);
    expect(
      isStorageExhausted(new Prisma.PrismaClientUnknownRequestError("Error: ENOSPC: no space left on device, write", { clientVersion: "7.10.1" })),
    ).toBe(true);
    expect(isStorageExhausted(new Error("query failed", { cause: enospc }))).toBe(true);
  });

  it("leaves other database errors alone", () => {
    expect(isStorageExhausted(prismaError("P2039", { kind: "postgres", code: "23505", severity: "ERROR", message: "duplicate key value" }))).toBe(
      false,
    );
    expect(isStorageExhausted(new Prisma.PrismaClientKnownRequestError("Unique constraint failed", { code: "P2002", clientVersion: "7.10.1" }))).toBe(
      false,
    );
    expect(isStorageExhausted(new Error("boom"))).toBe(false);
  });

  it("answers 503 with Retry-After for a full disk and 500 for anything unknown", async () => {
    const app = new Hono();
    const logger = createLogger("test", { level: "silent" });
    app.onError((error, c) => errorResponse(c, error, logger));
    app.get("/full", () => {
      throw prismaError("P2039", diskFull);
    });
    app.get("/boom", () => {
      throw new Error("boom");
    });
    const full = await app.request("/full");
    expect(full.status).toBe(503);
    expect(full.headers.get("retry-after")).toBe("60");
    expect(await full.json()).toEqual({ error: { code: "unavailable", message: expect.stringContaining("storage") } });
    expect((await app.request("/boom")).status).toBe(500);
  });
});

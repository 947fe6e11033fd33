import { Hono } from "hono";
import { z } from "zod";
import { timingSafeEqual } from "node:crypto";
import type { PrismaClient } from "@todo/db";
import { AppError, classifyFailure, parseInput, TaskViewSchema } from "@todo/services";
import { readJson } from "@todo/http-kit";
import { discardDeadLetter, listDeadLetters, retryDeadLetter } from "../outbox/dead-letters.ts";
import type { ContinueSeriesOf } from "../series/series-continuer.ts";

const ContinueSeriesBody = z.strictObject({ userId: z.uuid(), task: TaskViewSchema });

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Service-to-service calls (Dapr service invocation from the recurrence worker) and the outbox's
 * dead letters for `npx todo outbox`. Guarded by a
 * shared secret in `x-internal-token`; absent unless INTERNAL_API_TOKEN is set.
 */
export function internalRoutes(options: { token: string; prisma: PrismaClient; continueSeriesOf: ContinueSeriesOf }) {
  const app = new Hono();
  app.use("*", async (c, next) => {
    if (!sameSecret(c.req.header("x-internal-token") ?? "", options.token))
      throw new AppError("unauthorized", "x-internal-token is missing or wrong");
    await next();
  });
  app.post("/series/continue", async (c) => {
    const body = parseInput(ContinueSeriesBody, await readJson(c), "body");
    try {
      return c.json(await options.continueSeriesOf(body.userId, body.task));
    } catch (error) {
      // A failure the event will always meet (a date out of range, invalid data) is answered 400, so
      // the recurrence worker drops the event as the embedded consumer does, instead of a 500 it retries.
      if (error instanceof AppError || classifyFailure(error) !== "DROP") throw error;
      throw new AppError(
        "invalid_input",
        `The series cannot be continued: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
      );
    }
  });
  // The operator's `npx todo outbox` when a running server holds the embedded database.
  app.get("/outbox/dead-letters", async (c) => c.json({ events: await listDeadLetters(options.prisma) }));
  app.post("/outbox/dead-letters/:id/retry", async (c) => c.json({ event: await retryDeadLetter(options.prisma, c.req.param("id")) }));
  app.post("/outbox/dead-letters/:id/discard", async (c) => c.json({ event: await discardDeadLetter(options.prisma, c.req.param("id")) }));
  return app;
}

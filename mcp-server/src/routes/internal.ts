import { Hono } from "hono";
import { z } from "zod";
import { AppError, classifyFailure, continueSeries, TaskViewSchema, type TaskContext } from "@todo/services";
import type { PrismaClient } from "@todo/db";
import { timingSafeEqual } from "node:crypto";
import { readJson } from "../http/errors.ts";
import { discardDeadLetter, listDeadLetters, retryDeadLetter } from "../outbox/dead-letters.ts";

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
export function internalRoutes(options: { token: string; prisma: PrismaClient; contextFor: (user: { id: string; username: string; timeZone: string }) => TaskContext }) {
  const app = new Hono();
  app.use("*", async (c, next) => {
    if (!sameSecret(c.req.header("x-internal-token") ?? "", options.token)) throw new AppError("unauthorized", "x-internal-token is missing or wrong");
    await next();
  });
  app.post("/series/continue", async (c) => {
    const parsed = ContinueSeriesBody.safeParse(await readJson(c));
    if (!parsed.success) throw new AppError("invalid_input", parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    const user = await options.prisma.user.findUnique({ where: { id: parsed.data.userId } });
    if (!user || parsed.data.task.id === undefined) throw new AppError("not_found", `No user ${parsed.data.userId}`);
    try {
      return c.json(await continueSeries(options.contextFor(user), parsed.data.task));
    } catch (error) {
      // A failure the event will always meet (a date out of range, invalid data) is answered 400, so
      // the recurrence worker drops the event as the embedded consumer does, instead of a 500 it retries.
      if (error instanceof AppError || classifyFailure(error) !== "DROP") throw error;
      throw new AppError("invalid_input", `The series cannot be continued: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    }
  });
  // The operator's `npx todo outbox` when a running server holds the embedded database.
  app.get("/outbox/dead-letters", async (c) => c.json({ events: await listDeadLetters(options.prisma) }));
  app.post("/outbox/dead-letters/:id/retry", async (c) => c.json({ event: await retryDeadLetter(options.prisma, c.req.param("id")) }));
  app.post("/outbox/dead-letters/:id/discard", async (c) => c.json({ event: await discardDeadLetter(options.prisma, c.req.param("id")) }));
  return app;
}

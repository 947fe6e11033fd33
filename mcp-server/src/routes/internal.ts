import { Hono } from "hono";
import { z } from "zod";
import { timingSafeEqual } from "node:crypto";
import { AppError, parseInput, TaskViewSchema } from "@todo/services";
import { readJson } from "@todo/http-kit";
import type { ContinueSeriesOf } from "../series/series-continuer.ts";

const ContinueSeriesBody = z.strictObject({ userId: z.uuid(), task: TaskViewSchema });

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Service-to-service calls (Dapr service invocation from the recurrence worker). Guarded by a
 * shared secret in `x-internal-token`; absent unless INTERNAL_API_TOKEN is set.
 */
export function internalRoutes(options: { token: string; continueSeriesOf: ContinueSeriesOf }) {
  const app = new Hono();
  app.use("*", async (c, next) => {
    if (!sameSecret(c.req.header("x-internal-token") ?? "", options.token)) throw new AppError("unauthorized", "x-internal-token is missing or wrong");
    await next();
  });
  app.post("/series/continue", async (c) => {
    const body = parseInput(ContinueSeriesBody, await readJson(c), "body");
    return c.json(await options.continueSeriesOf(body.userId, body.task));
  });
  return app;
}

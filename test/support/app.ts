import { randomUUID } from "node:crypto";
import { createApp, type AppOptions } from "@todo/mcp-server";
import type { Database } from "@todo/db";
import { fixedClock } from "@todo/services";
import { createLogger } from "@todo/http-kit";
import { LoginThrottle } from "@todo/mcp-server";

export const silentLogger = createLogger("test", { level: "silent" });

/** A username no other test uses ("talker-3f9a1c2e"), so each test can sign up its own user. */
export function uniqueUsername(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** The real app over a test database, with a clock the test controls (and sign-up limits out of the way). */
export function testApp(db: Database, now = "2026-06-10T14:00:00Z", options: Partial<AppOptions> = {}) {
  const clock = fixedClock(now);
  const throttle = new LoginThrottle();
  const rateLimits = {
    loginPerIpPerMinute: 10_000,
    loginPerMinute: 10_000,
    signupPerIpPerHour: 10_000,
    signupPerMinute: 10_000,
    limitLoopback: true,
  };
  const built = createApp({ prisma: db.prisma, logger: silentLogger, defaultTimeZone: "UTC", clock, throttle, rateLimits, ...options });
  const request = (method: string, path: string, options: { token?: string; body?: unknown; rawBody?: string } = {}) =>
    built.app.request(path, {
      method,
      headers: { "content-type": "application/json", ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
      body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
  async function signup(username: string, timeZone = "America/Chicago"): Promise<{ token: string; userId: string }> {
    const response = await request("POST", "/api/auth/signup", { body: { username, password: "correct horse", timeZone } });
    if (response.status !== 201) throw new Error(`signup failed: ${response.status} ${await response.text()}`);
    const body = (await response.json()) as { token: string; user: { id: string } };
    return { token: body.token, userId: body.user.id };
  }
  return { ...built, clock, request, signup };
}

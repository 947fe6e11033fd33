import { afterAll, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import { Hono } from "hono";
import type { Database } from "@todo/db";
import { fixedClock } from "@todo/services";
import { createApp, type AppOptions } from "@todo/mcp-server";
import { createGatewayApp } from "@todo/chat-gateway";
import { apiTokenAuthenticator, NotificationHub, notificationRoutes, pushStore, StreamTickets } from "@todo/notification";
import { argon2Hasher, type PasswordHasher } from "../mcp-server/src/accounts/passwords.ts";
import { LoginThrottle } from "../mcp-server/src/accounts/login-throttle.ts";
import { databaseTargets } from "./support/databases.ts";
import { listen } from "./support/http-server.ts";
import { silentLogger } from "./support/app.ts";

const PASSWORD = "correct horse";
// A lock long enough that no attempt of a burst outlives it (the default first lock is 1 s, after
// which one more attempt is allowed: right, but it would make the count depend on the machine's speed).
const slowThrottle = () => new LoginThrottle({ freeAttempts: 5, baseDelayMs: 10 * 60_000, maxDelayMs: 10 * 60_000, forgetAfterMs: 15 * 60_000 });
// These tests' clients are on loopback, so they ask for local clients to be counted too (see limitLoopback).
const roomy = { loginPerIpPerMinute: 10_000, loginPerMinute: 10_000, signupPerIpPerHour: 10_000, signupPerMinute: 10_000, limitLoopback: true };

/** Real argon2, counting how many passwords were verified; `gate` (when set) holds each verification. */
function countingHasher() {
  const counter = { verified: 0, gate: undefined as Promise<void> | undefined };
  const hasher: PasswordHasher = {
    hash: (password) => argon2Hasher.hash(password),
    async verify(hash, password) {
      counter.verified += 1;
      await counter.gate;
      return argon2Hasher.verify(hash, password);
    },
  };
  return { counter, hasher };
}

async function until(condition: () => boolean, what: string, deadlineMs = 20_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.each(databaseTargets())("auth hardening on $name", (target) => {
  let db: Database;
  const servers: Array<{ close(): Promise<void> }> = [];
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    await db?.close();
  });

  /** The real app served over HTTP on a free port. */
  async function serve(options: Partial<AppOptions> = {}) {
    const built = createApp({ prisma: db.prisma, logger: silentLogger, defaultTimeZone: "UTC", rateLimits: roomy, ...options });
    const server = await listen(built.app);
    servers.push(server);
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
    return { ...built, url: server.url, post };
  }
  let n = 0;
  const name = (prefix: string) => `${prefix}-${target.name}-${++n}`;

  describe("sign-in throttle under concurrency", () => {
    it("verifies at most the allowance of 200 simultaneous wrong passwords and refuses the rest with 429", async () => {
      const { counter, hasher } = countingHasher();
      const s = await serve({ passwords: hasher, throttle: slowThrottle() });
      const user = name("burst");
      expect((await s.post("/api/auth/signup", { username: user, password: PASSWORD })).status).toBe(201);
      const responses = await Promise.all(
        Array.from({ length: 200 }, () => s.post("/api/auth/login", { username: user, password: "wrong guess 123" })),
      );
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
      expect(statuses.filter((s) => s === 401).length + statuses.filter((s) => s === 429).length).toBe(200);
      expect(counter.verified).toBeLessThanOrEqual(5);
      for (const r of responses.filter((r) => r.status === 429)) expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
    });

    it("does not let the right password in when it arrives in a burst of 29 wrong ones", async () => {
      const { counter, hasher } = countingHasher();
      const s = await serve({ passwords: hasher, throttle: slowThrottle() });
      const user = name("guess");
      expect((await s.post("/api/auth/signup", { username: user, password: PASSWORD })).status).toBe(201);
      let open!: () => void;
      counter.gate = new Promise((resolve) => (open = resolve));
      const wrong = Array.from({ length: 29 }, () => s.post("/api/auth/login", { username: user, password: "wrong guess 123" }));
      // The wrong guesses that were let through are still being verified: the right one comes now.
      await until(() => counter.verified >= 5, "five verifications to start");
      const right = await s.post("/api/auth/login", { username: user, password: PASSWORD });
      open();
      const statuses = (await Promise.all(wrong)).map((r) => r.status);
      expect(right.status).toBe(429);
      expect(statuses.filter((s) => s === 401)).toHaveLength(5);
      expect(counter.verified).toBe(5);
      // The five failures lock the name for a while: the right password still does not get in.
      expect((await s.post("/api/auth/login", { username: user, password: PASSWORD })).status).toBe(429);
    });

    it("verifies a password for an unknown username just as for a wrong password", async () => {
      const { counter, hasher } = countingHasher();
      const s = await serve({ passwords: hasher });
      const user = name("timing");
      expect((await s.post("/api/auth/signup", { username: user, password: PASSWORD })).status).toBe(201);
      const unknown = await s.post("/api/auth/login", { username: name("nobody"), password: "wrong guess 123" });
      expect(counter.verified).toBe(1);
      const wrong = await s.post("/api/auth/login", { username: user, password: "wrong guess 123" });
      expect(counter.verified).toBe(2);
      expect([unknown.status, wrong.status]).toEqual([401, 401]);
      expect(await unknown.json()).toEqual(await wrong.json());
    });
  });

  describe("per-client and global limits", () => {
    it("limits sign-ins and sign-ups per client address with 429 and Retry-After", async () => {
      const s = await serve({ rateLimits: { ...roomy, loginPerIpPerMinute: 3, signupPerIpPerHour: 2 } });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await s.post("/api/auth/login", { username: name("nobody"), password: "wrong guess 123" })).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      const limited = await s.post("/api/auth/login", { username: name("nobody"), password: "wrong guess 123" });
      const retry = Number(limited.headers.get("retry-after"));
      expect(retry).toBeGreaterThan(0);
      expect(retry).toBeLessThanOrEqual(60);
      expect((await limited.json()).error.code).toBe("rate_limited");

      expect((await s.post("/api/auth/signup", { username: name("many"), password: PASSWORD })).status).toBe(201);
      expect((await s.post("/api/auth/signup", { username: name("many"), password: PASSWORD })).status).toBe(201);
      const third = await s.post("/api/auth/signup", { username: name("many"), password: PASSWORD });
      expect(third.status).toBe(429);
      expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(60);
      expect(Number(third.headers.get("retry-after"))).toBeLessThanOrEqual(3600);
    });

    it("does not count clients on this machine by default (the embedded server listens on loopback)", async () => {
      const s = await serve({ rateLimits: undefined });
      const statuses: number[] = [];
      for (let i = 0; i < 25; i++) statuses.push((await s.post("/api/auth/signup", { username: name("local"), password: PASSWORD })).status);
      expect(statuses.filter((status) => status !== 201)).toEqual([]);
      // The per-username throttle still holds for them.
      const nobody = name("nobody");
      const wrong = await Promise.all(Array.from({ length: 12 }, () => s.post("/api/auth/login", { username: nobody, password: "wrong guess 123" })));
      expect(wrong.map((r) => r.status)).toContain(429);
    });

    it("limits sign-ins and sign-ups across all clients", async () => {
      const s = await serve({ trustedProxies: ["127.0.0.1", "::1"], rateLimits: { ...roomy, loginPerMinute: 3, signupPerMinute: 2 } });
      const logins: number[] = [];
      for (let i = 0; i < 4; i++) {
        logins.push(
          (await s.post("/api/auth/login", { username: name("nobody"), password: "wrong guess 123" }, { "x-forwarded-for": `198.51.100.${i + 1}` }))
            .status,
        );
      }
      expect(logins).toEqual([401, 401, 401, 429]);
      const signups: number[] = [];
      for (let i = 0; i < 3; i++) {
        signups.push(
          (await s.post("/api/auth/signup", { username: name("crowd"), password: PASSWORD }, { "x-forwarded-for": `198.51.100.${i + 1}` })).status,
        );
      }
      expect(signups).toEqual([201, 201, 429]);
    });

    it("believes X-Forwarded-For only from a trusted proxy, reading it from the proxy's end", async () => {
      const trusting = await serve({ trustedProxies: ["127.0.0.1", "::1"], rateLimits: { ...roomy, loginPerIpPerMinute: 2 } });
      const login = (app: typeof trusting, forwardedFor: string) =>
        app
          .post("/api/auth/login", { username: name("nobody"), password: "wrong guess 123" }, { "x-forwarded-for": forwardedFor })
          .then((r) => r.status);
      expect([await login(trusting, "203.0.113.5"), await login(trusting, "203.0.113.5")]).toEqual([401, 401]);
      expect(await login(trusting, "203.0.113.5")).toBe(429);
      // Another client behind the same proxy has its own budget...
      expect(await login(trusting, "203.0.113.6")).toBe(401);
      // ...and a client cannot pick a fresh address by writing its own entry before the proxy's.
      expect(await login(trusting, "192.0.2.77, 203.0.113.5")).toBe(429);

      const untrusting = await serve({ rateLimits: { ...roomy, loginPerIpPerMinute: 2 } });
      const statuses = [await login(untrusting, "203.0.113.1"), await login(untrusting, "203.0.113.2"), await login(untrusting, "203.0.113.3")];
      expect(statuses).toEqual([401, 401, 429]);
    });
  });

  describe("request body size", () => {
    const big = JSON.stringify({ username: "x", password: "y".repeat(2 * 1024 * 1024) });

    it("answers 413 in the usual error shape to a 2 MB body on every REST route", async () => {
      const s = await serve();
      const signup = await s.post("/api/auth/signup", { username: "big", password: "y".repeat(2 * 1024 * 1024) });
      expect(signup.status).toBe(413);
      expect((await signup.json()).error).toMatchObject({ code: "payload_too_large", message: expect.stringContaining("1 MiB") });
      const tasks = await fetch(`${s.url}/api/tasks`, { method: "POST", headers: { "content-type": "application/json" }, body: big });
      expect(tasks.status).toBe(413);

      const gateway = createGatewayApp({
        prisma: db.prisma,
        logger: silentLogger,
        authenticate: async () => null,
        connectTools: async () => {
          throw new Error("not reached");
        },
      });
      const chat = await gateway.request("/api/chat", {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(big.length) },
        body: big,
      });
      expect(chat.status).toBe(413);
      expect((await chat.json()).error.code).toBe("payload_too_large");

      const push = notificationRoutes({
        authenticate: async () => null,
        pushes: pushStore(db.prisma),
        hub: new NotificationHub(),
        vapidPublicKey: "unused",
      });
      const subscribe = await push.request("/api/push/subscriptions", {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(big.length) },
        body: big,
      });
      expect(subscribe.status).toBe(413);
      expect((await subscribe.json()).error.code).toBe("payload_too_large");
    });

    /** Sends part of a body over a raw socket and resolves with the status the server answers before the body ends. */
    function answerBeforeBodyEnds(url: string, headers: Record<string, string>, chunks: number): Promise<number> {
      return new Promise((resolve, reject) => {
        const request = http.request(`${url}/api/auth/signup`, { method: "POST", headers: { "content-type": "application/json", ...headers } });
        request.on("response", (response) => {
          resolve(response.statusCode ?? 0);
          response.resume();
          request.destroy();
        });
        request.on("error", (error) => ((error as NodeJS.ErrnoException).code === "ECONNRESET" ? undefined : reject(error)));
        const chunk = Buffer.alloc(64 * 1024, "a");
        for (let i = 0; i < chunks; i++) request.write(chunk);
        // The request is never ended: an answer can only come from the size check.
      });
    }

    it("refuses a declared 300 MB body from its Content-Length without reading it", async () => {
      const s = await serve();
      expect(await answerBeforeBodyEnds(s.url, { "content-length": String(300 * 1024 * 1024) }, 1)).toBe(413);
    });

    it("refuses a streamed body as soon as it passes 1 MiB", async () => {
      const s = await serve();
      // 24 × 64 KiB = 1.5 MiB sent, with no Content-Length and no end.
      expect(await answerBeforeBodyEnds(s.url, { "transfer-encoding": "chunked" }, 24)).toBe(413);
    });
  });

  describe("sessions and tokens", () => {
    it("ends the session on sign-out: the token stops working, other sessions go on", async () => {
      const s = await serve();
      const user = name("leaver");
      const first = await (await s.post("/api/auth/signup", { username: user, password: PASSWORD })).json();
      const second = await (await s.post("/api/auth/login", { username: user, password: PASSWORD })).json();
      const me = (token: string) => fetch(`${s.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
      expect(await me(first.token)).toBe(200);
      const out = await fetch(`${s.url}/api/auth/logout`, { method: "POST", headers: { authorization: `Bearer ${first.token}` } });
      expect(out.status).toBe(204);
      expect(await me(first.token)).toBe(401);
      expect(await me(second.token)).toBe(200);
      expect(await apiTokenAuthenticator(db.prisma)(first.token)).toBeNull();
    });

    it("expires a web sign-in after 30 idle days, counting from its last use", async () => {
      const clock = fixedClock("2026-01-01T00:00:00Z");
      const s = await serve({ clock });
      const { token } = await (await s.post("/api/auth/signup", { username: name("idle"), password: PASSWORD })).json();
      const me = () => fetch(`${s.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
      clock.set("2026-01-30T00:00:00Z");
      expect(await me()).toBe(200);
      clock.set("2026-02-28T00:00:00Z"); // 58 days after sign-up, 29 after the last use
      expect(await me()).toBe(200);
      clock.set("2026-03-30T00:00:01Z"); // 30 days and a second after the last use
      expect(await me()).toBe(401);
      const [row] = await db.prisma.apiToken.findMany({ where: { user: { username: { startsWith: "idle-" + target.name } } } });
      expect(row).toMatchObject({ kind: "web" });
      expect(await apiTokenAuthenticator(db.prisma, () => clock.now().getTime())(token)).toBeNull();
    });

    it("keeps an MCP client's token until its own expiry, however long it sits unused", async () => {
      const clock = fixedClock("2026-01-01T00:00:00Z");
      const s = await serve({ clock });
      const { token } = await (await s.post("/api/auth/signup", { username: name("client"), password: PASSWORD })).json();
      const create = (body: unknown) => s.post("/api/auth/tokens", body, { authorization: `Bearer ${token}` }).then((r) => r.json());
      const forever = await create({ name: "IDE" });
      const week = await create({ name: "laptop", expiresInDays: 7 });
      expect(forever.expiresAt).toBeNull();
      expect(week.expiresAt).toBe("2026-01-08T00:00:00.000Z");
      const bad = await s.post("/api/auth/tokens", { expiresInDays: 0 }, { authorization: `Bearer ${token}` });
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.message).toContain("expiresInDays");
      const tasks = (t: string) => fetch(`${s.url}/api/tasks`, { headers: { authorization: `Bearer ${t}` } }).then((r) => r.status);
      clock.set("2026-01-07T23:00:00Z");
      expect(await tasks(week.token)).toBe(200);
      clock.set("2026-01-08T00:00:01Z");
      expect(await tasks(week.token)).toBe(401);
      clock.set("2027-06-01T00:00:00Z");
      expect(await tasks(forever.token)).toBe(200);
    });

    it("opens the notification stream with a single-use ticket that lasts 60 seconds", async () => {
      let now = Date.parse("2026-01-01T00:00:00Z");
      const s = await serve();
      const { token } = await (await s.post("/api/auth/signup", { username: name("stream"), password: PASSWORD })).json();
      const app = new Hono();
      app.route(
        "/",
        notificationRoutes({
          authenticate: s.accounts.authenticate,
          pushes: pushStore(db.prisma),
          hub: new NotificationHub(),
          vapidPublicKey: "unused",
          tickets: new StreamTickets(() => now),
        }),
      );
      const server = await listen(app);
      servers.push(server);
      const ticket = async () => {
        const response = await fetch(`${server.url}/api/notifications/ticket`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
        expect(response.status).toBe(201);
        return (await response.json()) as { ticket: string; expiresInSeconds: number };
      };
      const open = async (query: string) => {
        const controller = new AbortController();
        const response = await fetch(`${server.url}/api/notifications/stream?${query}`, { signal: controller.signal });
        const status = response.status;
        if (status === 200) {
          const first = await response.body!.getReader().read();
          expect(new TextDecoder().decode(first.value)).toContain("event: ready");
        }
        controller.abort();
        return status;
      };
      const first = await ticket();
      expect(first.expiresInSeconds).toBe(60);
      expect(await open(`ticket=${first.ticket}`)).toBe(200);
      expect(await open(`ticket=${first.ticket}`)).toBe(401);
      const late = await ticket();
      now += 61_000;
      expect(await open(`ticket=${late.ticket}`)).toBe(401);
      expect(await open(`token=${token}`)).toBe(401);
      expect((await fetch(`${server.url}/api/notifications/ticket`, { method: "POST" })).status).toBe(401);
    });
  });

  describe("sign-up policy", () => {
    it("refuses short, username-containing and common passwords, naming the field and what is accepted", async () => {
      const s = await serve();
      const cases: Array<[string, (username: string) => string, string]> = [
        ["shorty", () => "nine char", "at least 10 characters"],
        ["wonderland", (username) => `Alice in ${username.toUpperCase()}!`, "contains the username"],
        ["qwerty-fan", () => "QWERTYUIOP", "common"],
        ["digits-fan", () => "1234567890", "common"],
      ];
      for (const [prefix, passwordFor, reason] of cases) {
        const username = `${prefix}-${target.name}`;
        const password = passwordFor(username);
        const response = await s.post("/api/auth/signup", { username, password });
        expect(response.status, password).toBe(400);
        const message = (await response.json()).error.message as string;
        expect(message).toMatch(/^password: /);
        expect(message).toContain(reason);
      }
      expect((await s.post("/api/auth/signup", { username: name("fine"), password: PASSWORD })).status).toBe(201);
    });

    it("still tells a person that a username is taken", async () => {
      const s = await serve();
      const user = name("taken");
      expect((await s.post("/api/auth/signup", { username: user, password: PASSWORD })).status).toBe(201);
      expect((await s.post("/api/auth/signup", { username: user, password: "another long one" })).status).toBe(409);
    });
  });

  it("answers 503 with Retry-After when the database is out of disk space", async () => {
    const s = await serve();
    await db.prisma.$executeRawUnsafe(
      `CREATE OR REPLACE FUNCTION simulate_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'could not extend file "base/16384/16385": No space left on device' USING ERRCODE = '53100'; END $$`,
    );
    await db.prisma.$executeRawUnsafe(`CREATE TRIGGER simulate_disk_full BEFORE INSERT ON "User" FOR EACH ROW EXECUTE FUNCTION simulate_disk_full()`);
    try {
      const response = await s.post("/api/auth/signup", { username: name("full"), password: PASSWORD });
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("60");
      expect((await response.json()).error.code).toBe("unavailable");
    } finally {
      await db.prisma.$executeRawUnsafe(`DROP TRIGGER simulate_disk_full ON "User"`);
    }
  });

  it("forbids framing the page", async () => {
    const gateway = createGatewayApp({
      prisma: db.prisma,
      logger: silentLogger,
      authenticate: async () => null,
      connectTools: async () => {
        throw new Error("not reached");
      },
    });
    const page = await gateway.request("/");
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(page.headers.get("x-frame-options")).toBe("DENY");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { Agent } from "node:https";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import type { Database } from "@todo/db";
import { hashToken } from "@todo/services";
import { prismaProcessedEvents } from "@todo/event-consumer";
import {
  createNotificationApp,
  createNotificationConsumer,
  daprJobsScheduler,
  NotificationHub,
  notificationRoutes,
  pushStore,
  reminderDeliverer,
  TableReminderScheduler,
  type InAppNotification,
} from "@todo/notification";
import { databaseTargets } from "./support/databases.ts";
import { silentLogger } from "./support/app.ts";
import { testBackbone } from "./support/backbone.ts";
import { browserSubscription, pushService } from "./support/push-service.ts";

/** Serves an app on a free loopback port; close() also ends open streams. */
async function serveApp(app: Hono): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
  });
}

/** An in-app stream read over real HTTP, as a page's EventSource would. */
async function openStream(baseUrl: string, token: string) {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/api/notifications/stream`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  const state = { status: response.status, text: "", ended: false, close: () => controller.abort() };
  if (!response.body) return { ...state, ended: true };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        state.text += decoder.decode(value, { stream: true });
      }
    } catch {
      // aborted by the test
    }
    state.ended = true;
  })();
  return state;
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(databaseTargets())("notification hardening on $name", (target) => {
  let db: Database;
  /** The embedded backbone, as in production: no private push endpoints. */
  let strict: ReturnType<typeof testBackbone>;
  /** The same, allowed (for these tests only) to push to the loopback push services. */
  let loose: ReturnType<typeof testBackbone>;
  let ok: Awaited<ReturnType<typeof pushService>>;
  let failing: Awaited<ReturnType<typeof pushService>>;
  let agent: Agent;
  const servers: Array<{ close(): Promise<void> }> = [];
  const streams: Array<{ close(): void }> = [];
  let validator: string;

  beforeAll(async () => {
    db = await target.open();
    ok = await pushService();
    failing = await pushService();
    agent = new Agent({ ca: [readFileSync(ok.certFile), readFileSync(failing.certFile)] });
    strict = testBackbone(db, "2026-11-26T15:00:00Z");
    loose = testBackbone(db, "2026-11-26T15:00:00Z", { agent }, { allowPrivatePushEndpoints: true });
    ({ token: validator } = await strict.signup("validator", "UTC"));
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    for (const server of servers) await server.close();
    strict?.backbone.hub.stop();
    loose?.backbone.hub.stop();
    ok?.close();
    failing?.close();
    await db?.close();
  });

  /** A second replica of the notification routes: its own hub, tokens checked in the database. */
  async function otherReplica(hubOptions: ConstructorParameters<typeof NotificationHub>[0]) {
    const hub = new NotificationHub(hubOptions);
    const app = new Hono();
    app.route(
      "/",
      notificationRoutes({
        authenticate: async (token) => {
          const row = await db.prisma.apiToken.findUnique({ where: { tokenHash: hashToken(token) } });
          return row && !row.revokedAt ? { id: row.userId } : null;
        },
        pushes: pushStore(db.prisma),
        hub,
        vapidPublicKey: "test-key",
      }),
    );
    const server = await serveApp(app);
    servers.push({ close: async () => (hub.stop(), server.close()) });
    return { hub, url: server.url };
  }

  /** A second token of the user, for a page, and its id (to revoke it). */
  async function pageToken(t: typeof strict, token: string, name: string) {
    const created = (await (await t.request("POST", "/api/auth/tokens", { token, body: { name } })).json()) as { token: string };
    const { tokens } = (await (await t.request("GET", "/api/auth/tokens", { token })).json()) as { tokens: Array<{ id: string; name: string }> };
    return { token: created.token, id: tokens.find((row) => row.name === name)!.id };
  }

  it("closes an open stream as soon as its token is revoked, and refuses it afterwards", async () => {
    const server = await serveApp(strict.app);
    servers.push(server);
    const { token } = await strict.signup("revoker", "Europe/Paris");
    const page = await pageToken(strict, token, "laptop");
    const stream = await openStream(server.url, page.token);
    streams.push(stream);
    expect(stream.status).toBe(200);
    await until(() => stream.text.includes("event: ready"), "the stream to open");

    expect(strict.backbone.hub.openStreams).toBe(1);
    expect((await strict.request("DELETE", `/api/auth/tokens/${page.id}`, { token })).status).toBe(204);
    expect(strict.backbone.hub.openStreams).toBe(0); // closed by the revocation itself, not a later check
    await until(() => stream.ended, "the stream to end");
    expect(stream.text).toContain("event: closed");
    expect(stream.text).toContain('"reason":"token-revoked"');
    expect((await openStream(server.url, page.token)).status).toBe(401);
  });

  it("closes a revoked token's stream on another replica too, at its next token check", async () => {
    const replica = await otherReplica({ recheckMs: 100 });
    const { token } = await strict.signup("roamer", "Europe/Paris");
    const page = await pageToken(strict, token, "phone");
    const stream = await openStream(replica.url, page.token);
    streams.push(stream);
    await until(() => stream.text.includes("event: ready"), "the stream to open");
    const other = await openStream(replica.url, token);
    streams.push(other);
    await until(() => other.text.includes("event: ready"), "the other stream to open");

    expect((await strict.request("DELETE", `/api/auth/tokens/${page.id}`, { token })).status).toBe(204);
    await until(() => stream.ended, "the revoked token's stream to end");
    expect(stream.text).toContain('"reason":"token-revoked"');
    expect(other.ended).toBe(false); // the user's other token keeps its stream
    expect(replica.hub.openStreams).toBe(1);
  });

  it("keeps at most 10 streams per user: the 11th closes the oldest", async () => {
    const replica = await otherReplica({});
    const { token } = await strict.signup("tabby", "Europe/Paris");
    const opened: Array<Awaited<ReturnType<typeof openStream>>> = [];
    for (let i = 0; i < 11; i += 1) {
      const stream = await openStream(replica.url, token);
      streams.push(stream);
      await until(() => stream.text.includes("event: ready"), `stream ${i + 1} to open`);
      opened.push(stream);
    }
    await until(() => opened[0]!.ended, "the oldest stream to end");
    expect(opened[0]!.text).toContain('"reason":"too-many-streams"');
    expect(opened[0]!.text).toMatch(/^retry: \d+$/m); // the replaced page does not reconnect at once
    expect(opened.slice(1).every((stream) => !stream.ended)).toBe(true);
    expect(replica.hub.openStreams).toBe(10);
  });

  it("retries a failing push with backoff, only to the failed browser, one in-app message, across a restart", async () => {
    const { token, userId } = await loose.signup("pushed", "Europe/Paris");
    const heard: InAppNotification[] = [];
    loose.backbone.hub.subscribe(userId, (notification) => notification.kind === "reminder" && heard.push(notification));
    for (const endpoint of [`${ok.url}/push/fine`, `${failing.url}/push/broken`]) {
      expect((await loose.request("POST", "/api/push/subscriptions", { token, body: browserSubscription(endpoint).json })).status).toBe(201);
    }
    failing.answer(500);
    loose.clock.set("2026-12-01T09:00:00Z");
    await loose.request("POST", "/api/tasks", { token, body: { title: "water plants", due: "2026-12-01T09:00:00Z", reminderMinutesBefore: 0 } });
    await loose.backbone.relay.drain();

    const fine = () => ok.received.filter((push) => push.path === "/push/fine").length;
    const broken = () => failing.received.filter((push) => push.path === "/push/broken").length;
    const row = () => db.prisma.reminder.findFirstOrThrow({ where: { userId } });
    let scheduler = loose.backbone.scheduler;
    const at = async (iso: string) => {
      loose.clock.set(iso);
      await scheduler.tick();
      return [fine(), broken()];
    };

    expect(await at("2026-12-01T09:00:00Z")).toEqual([1, 1]);
    expect(await row()).toMatchObject({ status: "pending", attempts: 1, nextAttemptAt: new Date("2026-12-01T09:00:30Z") });
    expect(await at("2026-12-01T09:00:29Z")).toEqual([1, 1]);
    expect(await at("2026-12-01T09:00:30Z")).toEqual([1, 2]);
    expect((await row()).nextAttemptAt).toEqual(new Date("2026-12-01T09:01:30Z"));

    // The process restarts: a new scheduler and deliverer continue the same schedule from the table.
    scheduler.stop();
    scheduler = new TableReminderScheduler({
      prisma: db.prisma,
      clock: loose.clock,
      logger: silentLogger,
      deliver: reminderDeliverer({
        hub: loose.backbone.hub,
        pushes: pushStore(db.prisma),
        vapid: loose.backbone.vapid,
        logger: silentLogger,
        sendOptions: { agent },
        allowPrivateEndpoints: true,
      }),
    });
    expect(await at("2026-12-01T09:01:29Z")).toEqual([1, 2]);
    expect(await at("2026-12-01T09:01:30Z")).toEqual([1, 3]);
    expect((await row()).nextAttemptAt).toEqual(new Date("2026-12-01T09:03:30Z"));
    failing.answer(201);
    expect(await at("2026-12-01T09:03:30Z")).toEqual([1, 4]);
    expect(await row()).toMatchObject({ status: "sent", attempts: 3 });
    expect(heard.map((notification) => notification.title)).toEqual(["water plants"]);
  });

  it("sends the in-app message once when Dapr retries a failing reminder job", async () => {
    const { token, userId } = await loose.signup("daprish", "Europe/Paris");
    await loose.request("POST", "/api/push/subscriptions", { token, body: browserSubscription(`${failing.url}/push/dapr`).json });
    failing.answer(500);
    const hub = new NotificationHub();
    const heard: InAppNotification[] = [];
    hub.subscribe(userId, (notification) => void heard.push(notification));
    const pushes = pushStore(db.prisma);
    const app = createNotificationApp({
      subscription: { pubsubName: "task-pubsub", topic: "task-events", deadLetterTopic: "task-events-dlq", route: "/events/task-events" },
      consumer: createNotificationConsumer({
        scheduler: daprJobsScheduler({ daprUrl: "http://127.0.0.1:1", prisma: db.prisma }),
        processed: prismaProcessedEvents(db.prisma),
        hub,
        clock: loose.clock,
        logger: silentLogger,
        allDayHour: 9,
        graceMinutes: 60,
      }),
      deliver: reminderDeliverer({
        hub,
        pushes,
        vapid: loose.backbone.vapid,
        logger: silentLogger,
        sendOptions: { agent },
        allowPrivateEndpoints: true,
      }),
      hub,
      pushes,
      authenticate: async () => null,
      vapidPublicKey: "test-key",
      logger: silentLogger,
    });
    const taskId = crypto.randomUUID();
    const job = { data: { taskId, userId, title: "stretch", dueLabel: "due now", fireAt: "2026-12-02T08:00:00.000Z" } };
    const before = failing.received.length;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const response = await app.request(`/job/reminder-${taskId}`, { method: "POST", body: JSON.stringify(job) });
      expect(response.status).toBe(500);
    }
    expect(failing.received.length - before).toBe(3);
    expect(heard.map((notification) => notification.title)).toEqual(["stretch"]);
    failing.answer(201);
  });

  it.each([
    "https://127.0.0.1/push/1",
    "http://fcm.googleapis.com/fcm/send/1",
    "https://10.0.0.1/push/1",
    "https://[::1]/push/1",
    "https://localhost/push/1",
    "https://169.254.169.254/latest/meta-data",
    "https://[fe80::1]/push/1",
    "https://[::ffff:127.0.0.1]/push/1",
    "https://[fd12:3456::1]/push/1",
    "https://192.168.1.20/push/1",
    "https://224.0.0.1/push/1",
  ])("refuses the push endpoint %s with 400 naming endpoint", async (endpoint) => {
    const response = await strict.request("POST", "/api/push/subscriptions", { token: validator, body: browserSubscription(endpoint).json });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain("endpoint");
    expect(await db.prisma.pushSubscription.count({ where: { endpoint } })).toBe(0);
  });

  it("accepts a push service on a public host", async () => {
    const { token } = await strict.signup("publicpush", "UTC");
    const response = await strict.request("POST", "/api/push/subscriptions", {
      token,
      body: browserSubscription("https://fcm.googleapis.com/fcm/send/abc").json,
    });
    expect(response.status).toBe(201);
  });

  it("refuses at send time a stored endpoint whose name resolves to a private address", async () => {
    const { token, userId } = await strict.signup("sneaky", "UTC");
    const browser = browserSubscription(`https://localhost:${new URL(ok.url).port}/push/sneaky`);
    // As if stored before endpoints were checked: the API would not take it.
    await db.prisma.pushSubscription.create({
      data: { userId, endpoint: browser.json.endpoint, p256dh: browser.json.keys.p256dh, auth: browser.json.keys.auth },
    });
    strict.clock.set("2026-12-03T10:00:00Z");
    await strict.request("POST", "/api/tasks", { token, body: { title: "sneak", due: "2026-12-03T10:00:00Z", reminderMinutesBefore: 0 } });
    await strict.backbone.relay.drain();
    await strict.backbone.scheduler.tick();
    expect(ok.received.filter((push) => push.path === "/push/sneaky")).toHaveLength(0);
    expect(await db.prisma.pushSubscription.count({ where: { endpoint: browser.json.endpoint } })).toBe(0);
    expect(await db.prisma.reminder.findFirstOrThrow({ where: { userId } })).toMatchObject({ status: "sent" });
  });

  it("does not hand a subscription to another user who posts the same endpoint (409)", async () => {
    const owner = await strict.signup("owner", "UTC");
    const intruder = await strict.signup("intruder", "UTC");
    const endpoint = "https://updates.push.services.mozilla.com/wpush/v2/shared";
    const ownerBrowser = browserSubscription(endpoint);
    expect((await strict.request("POST", "/api/push/subscriptions", { token: owner.token, body: ownerBrowser.json })).status).toBe(201);
    const taken = await strict.request("POST", "/api/push/subscriptions", { token: intruder.token, body: browserSubscription(endpoint).json });
    expect(taken.status).toBe(409);
    expect(((await taken.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: "conflict",
      message: expect.stringContaining("endpoint"),
    });
    expect(await db.prisma.pushSubscription.findUniqueOrThrow({ where: { endpoint } })).toMatchObject({
      userId: owner.userId,
      p256dh: ownerBrowser.json.keys.p256dh,
    });
    // Its owner may still refresh its keys.
    const refreshed = browserSubscription(endpoint);
    expect((await strict.request("POST", "/api/push/subscriptions", { token: owner.token, body: refreshed.json })).status).toBe(201);
    expect(await db.prisma.pushSubscription.findUniqueOrThrow({ where: { endpoint } })).toMatchObject({
      userId: owner.userId,
      p256dh: refreshed.json.keys.p256dh,
    });
  });
});

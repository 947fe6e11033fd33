import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublicKey, createVerify } from "node:crypto";
import type { Database } from "@todo/db";
import { uniqueUsername } from "./support/app.ts";
import { databaseTargets } from "./support/databases.ts";
import { testBackbone } from "./support/backbone.ts";
import { browserSubscription, pushService } from "./support/push-service.ts";

describe.each(databaseTargets())("Web Push delivery on $name", (target) => {
  let db: Database;
  const services: Array<Awaited<ReturnType<typeof pushService>>> = [];

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    for (const service of services) service.close();
    await db?.close();
  });

  /** Each test has its own push service, clock, backbone and user, so it can run alone. */
  async function setup(now: string) {
    const service = await pushService();
    services.push(service);
    // The push service is on loopback: allowed for this test only, explicitly.
    const t = testBackbone(db, now, { agent: service.agent }, { allowPrivatePushEndpoints: true });
    const { token } = await t.signup(uniqueUsername("pushy"), "Europe/Paris");
    return { service, t, token };
  }

  it("sends an encrypted reminder the browser can read, signed with the VAPID key", async () => {
    const { service, t, token } = await setup("2026-11-26T15:00:00Z");
    const browser = browserSubscription(`${service.url}/push/abc`);
    const keyResponse = await t.request("GET", "/api/push/vapid-public-key");
    const { publicKey } = (await keyResponse.json()) as { publicKey: string };
    expect((await t.request("POST", "/api/push/subscriptions", { token, body: browser.json })).status).toBe(201);

    await t.request("POST", "/api/tasks", { token, body: { title: "pay rent", due: "today 17:00", reminderMinutesBefore: 15 } });
    t.clock.set("2026-11-26T15:45:00Z"); // 16:45 in Paris
    await t.backbone.relay.drain();
    expect(await t.backbone.scheduler.tick()).toBe(1);

    expect(service.received).toHaveLength(1);
    const request = service.received[0]!;
    expect(request.path).toBe("/push/abc");
    expect(request.headers["content-encoding"]).toBe("aes128gcm");
    expect(request.headers.ttl).toBeDefined();
    const plain = browser.decrypt(request.body);
    expect(JSON.parse(plain.toString("utf8"))).toMatchObject({ title: "Reminder: pay rent", body: "due Thu 26 Nov, 17:00" });

    // Authorization: vapid t=<JWT signed ES256>, k=<the public key the page subscribed with>
    const authorization = String(request.headers.authorization);
    const match = /^vapid t=([^,]+),\s*k=(.+)$/.exec(authorization);
    expect(match?.[2]).toBe(publicKey);
    const [header, claims, signature] = match![1]!.split(".");
    expect(JSON.parse(Buffer.from(claims!, "base64url").toString())).toMatchObject({ aud: service.url, sub: "mailto:test@example.com" });
    const key = createPublicKey({
      key: {
        kty: "EC",
        crv: "P-256",
        x: Buffer.from(publicKey, "base64url").subarray(1, 33).toString("base64url"),
        y: Buffer.from(publicKey, "base64url").subarray(33).toString("base64url"),
      },
      format: "jwk",
    });
    const verified = createVerify("SHA256")
      .update(`${header}.${claims}`)
      .verify({ key, dsaEncoding: "ieee-p1363" }, Buffer.from(signature!, "base64url"));
    expect(verified).toBe(true);
  });

  it("removes a subscription the push service says is gone", async () => {
    const { service, t, token } = await setup("2026-11-27T08:00:00Z");
    const browser = browserSubscription(`${service.url}/push/gone`);
    await t.request("POST", "/api/push/subscriptions", { token, body: browser.json });
    service.answer(410);
    await t.request("POST", "/api/tasks", { token, body: { title: "gone test", due: "2026-11-27T08:00:00Z", reminderMinutesBefore: 0 } });
    await t.backbone.relay.drain();
    await t.backbone.scheduler.tick();
    expect(await db.prisma.pushSubscription.count({ where: { endpoint: browser.json.endpoint } })).toBe(0);
  });

  it("rejects a malformed subscription, naming the field", async () => {
    const { t, token } = await setup("2026-11-26T15:00:00Z");
    const response = await t.request("POST", "/api/push/subscriptions", { token, body: { endpoint: "not a url", keys: { p256dh: "x" } } });
    expect(response.status).toBe(400);
    const message = (await response.json()).error.message as string;
    expect(message).toContain("endpoint");
    expect(message).toContain("keys");
    expect((await t.request("POST", "/api/push/subscriptions", { body: browserSubscription("https://x.test/1").json })).status).toBe(401);
  });
});

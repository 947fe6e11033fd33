import { Hono, type Context } from "hono";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import { describeZodError, SafeText } from "@todo/services";
import type { NotificationHub } from "./notification-hub.ts";
import { PushSubscriptionInput, type PushStore } from "./push-store.ts";

export type Authenticate = (token: string) => Promise<{ id: string } | null>;

export interface NotificationRoutesOptions {
  authenticate: Authenticate;
  pushes: PushStore;
  hub: NotificationHub;
  vapidPublicKey: string;
  /** Seconds between SSE keep-alive comments (proxies close idle streams). */
  heartbeatSeconds?: number;
}

const bad = (c: Context, message: string, status: 400 | 401 | 404 = 400) =>
  c.json({ error: { code: status === 401 ? "unauthorized" : status === 404 ? "not_found" : "invalid_input", message } }, status);

/**
 * Web Push subscriptions and the in-app notification stream. The stream takes the token from the
 * Authorization header or, because a browser's EventSource cannot set headers, from `?token=`.
 */
export function notificationRoutes(options: NotificationRoutesOptions): Hono {
  const app = new Hono();
  const userOf = async (c: Context, allowQuery = false) => {
    const header = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    const token = header ?? (allowQuery ? c.req.query("token") : undefined);
    return token ? options.authenticate(token) : null;
  };

  app.get("/api/push/vapid-public-key", (c) => c.json({ publicKey: options.vapidPublicKey }));

  app.post("/api/push/subscriptions", async (c) => {
    const user = await userOf(c);
    if (!user) return bad(c, "Send 'Authorization: Bearer <token>'", 401);
    const body = await c.req.json().catch(() => undefined);
    const parsed = PushSubscriptionInput.safeParse(body);
    if (!parsed.success) return bad(c, describeZodError(parsed.error, "subscription"));
    await options.pushes.save(user.id, parsed.data);
    return c.json({ subscribed: true }, 201);
  });

  app.delete("/api/push/subscriptions", async (c) => {
    const user = await userOf(c);
    if (!user) return bad(c, "Send 'Authorization: Bearer <token>'", 401);
    const parsed = z.strictObject({ endpoint: SafeText.min(1).max(2_000) }).safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return bad(c, describeZodError(parsed.error, "body"));
    return (await options.pushes.remove(user.id, parsed.data.endpoint)) ? c.body(null, 204) : bad(c, "No such subscription for this user", 404);
  });

  app.get("/api/notifications/stream", async (c) => {
    const user = await userOf(c, true);
    if (!user) return bad(c, "Send 'Authorization: Bearer <token>' or ?token=<token>", 401);
    return streamSSE(c, async (stream) => {
      let closed = false;
      const unsubscribe = options.hub.subscribe(user.id, (notification) => {
        void stream.writeSSE({ event: notification.kind, data: JSON.stringify(notification) });
      });
      stream.onAbort(() => {
        closed = true;
        unsubscribe();
      });
      await stream.writeSSE({ event: "ready", data: "{}" });
      while (!closed) {
        await stream.sleep((options.heartbeatSeconds ?? 25) * 1000);
        if (!closed) await stream.write(": keep-alive\n\n");
      }
    });
  });
  return app;
}

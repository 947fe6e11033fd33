import { Hono, type Context } from "hono";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import { describeZodError, SafeText } from "@todo/services";
import type { NotificationHub } from "./notification-hub.ts";
import { PushSubscriptionInput, type PushStore } from "./push-store.ts";
import { bodyLimit } from "hono/body-limit";
import { StreamTickets } from "./stream-tickets.ts";

export type Authenticate = (token: string) => Promise<{ id: string } | null>;

export interface NotificationRoutesOptions {
  authenticate: Authenticate;
  pushes: PushStore;
  hub: NotificationHub;
  vapidPublicKey: string;
  /** Seconds between SSE keep-alive comments (proxies close idle streams). */
  heartbeatSeconds?: number;
  /** Where stream tickets are issued and redeemed (default: a fresh in-memory store). */
  tickets?: StreamTickets;
}

/** Largest request body, in bytes (1 MiB). */
const MAX_BODY_BYTES = 1024 * 1024;

const bad = (c: Context, message: string, status: 400 | 401 | 404 = 400) =>
  c.json({ error: { code: status === 401 ? "unauthorized" : status === 404 ? "not_found" : "invalid_input", message } }, status);

/**
 * Web Push subscriptions and the in-app notification stream. The stream takes the token from the
 * Authorization header or, because a browser's EventSource cannot set headers, a single-use
 * `?ticket=` from POST /api/notifications/ticket (valid 60 s).
 */
export function notificationRoutes(options: NotificationRoutesOptions): Hono {
  const app = new Hono();
  const tickets = options.tickets ?? new StreamTickets();
  const userOf = async (c: Context, allowTicket = false) => {
    const token = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    if (token) return options.authenticate(token);
    const ticket = allowTicket ? c.req.query("ticket") : undefined;
    return ticket ? tickets.redeem(ticket) : null;
  };
  app.use("/api/push/*", bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json({ error: { code: "payload_too_large", message: `The request body is larger than ${MAX_BODY_BYTES} bytes (1 MiB); send less` } }, 413) }));

  app.post("/api/notifications/ticket", async (c) => {
    const user = await userOf(c);
    if (!user) return bad(c, "Send 'Authorization: Bearer <token>'", 401);
    return c.json(tickets.issue(user.id), 201);
  });

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
    if (!user) return bad(c, "Send 'Authorization: Bearer <token>' or ?ticket=<ticket> from POST /api/notifications/ticket (single use, 60 s)", 401);
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

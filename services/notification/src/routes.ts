import { Hono, type Context } from "hono";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import { bodyLimit } from "hono/body-limit";
import { describeZodError, hashToken, SafeText } from "@todo/services";
import type { NotificationHub, StreamCloseReason } from "./notification-hub.ts";
import { pushSubscriptionInput, type PushStore } from "./push-store.ts";
import { StreamTickets } from "./stream-tickets.ts";
import { bearerToken, errorJson, MAX_REST_BODY_BYTES, payloadTooLarge } from "@todo/http-kit";

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
  /** Tests only: accept push endpoints on loopback/private hosts (a local push service). */
  allowPrivatePushEndpoints?: boolean;
}

/** How long a page whose stream was closed for a newer one waits before reconnecting (SSE `retry`, ms). */
const REPLACED_STREAM_RETRY_MS = 3_600_000;

/**
 * Web Push subscriptions and the in-app notification stream. The stream takes the token from the
 * Authorization header or, because a browser's EventSource cannot set headers, a single-use
 * `?ticket=` from POST /api/notifications/ticket (valid 60 s). A stream lasts only as long as its
 * token (see NotificationHub): when the token is revoked or a user opens more streams than
 * allowed, it ends with `event: closed` `{"reason": ...}`.
 */
export function notificationRoutes(options: NotificationRoutesOptions): Hono {
  const app = new Hono();
  const tickets = options.tickets ?? new StreamTickets();
  const subscriptionInput = pushSubscriptionInput({ allowPrivateEndpoints: options.allowPrivatePushEndpoints });
  const bearer = bearerToken;
  const userOf = async (c: Context) => {
    const token = bearer(c);
    return token ? options.authenticate(token) : null;
  };
  app.use("/api/push/*", bodyLimit({ maxSize: MAX_REST_BODY_BYTES, onError: payloadTooLarge }));

  app.post("/api/notifications/ticket", async (c) => {
    const user = await userOf(c);
    if (!user) return errorJson(c, "unauthorized", "Send 'Authorization: Bearer <token>'");
    return c.json(tickets.issue(user.id, bearer(c) ?? ""), 201);
  });

  app.get("/api/push/vapid-public-key", (c) => c.json({ publicKey: options.vapidPublicKey }));

  app.post("/api/push/subscriptions", async (c) => {
    const user = await userOf(c);
    if (!user) return errorJson(c, "unauthorized", "Send 'Authorization: Bearer <token>'");
    const body: unknown = await c.req.json().catch(() => undefined);
    const parsed = subscriptionInput.safeParse(body);
    if (!parsed.success) return errorJson(c, "invalid_input", describeZodError(parsed.error, "subscription"));
    if ((await options.pushes.save(user.id, parsed.data)) === "conflict") {
      return errorJson(
        c,
        "conflict",
        "endpoint is registered to another account; sign out there (which removes it) or unsubscribe this browser to get a new endpoint",
      );
    }
    return c.json({ subscribed: true }, 201);
  });

  app.delete("/api/push/subscriptions", async (c) => {
    const user = await userOf(c);
    if (!user) return errorJson(c, "unauthorized", "Send 'Authorization: Bearer <token>'");
    const parsed = z.strictObject({ endpoint: SafeText.min(1).max(2_000) }).safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return errorJson(c, "invalid_input", describeZodError(parsed.error, "body"));
    return (await options.pushes.remove(user.id, parsed.data.endpoint))
      ? c.body(null, 204)
      : errorJson(c, "not_found", "No such subscription for this user");
  });

  app.get("/api/notifications/stream", async (c) => {
    // The token the stream stands for: the bearer header's, or the one its ticket was issued for.
    const header = bearer(c);
    const redeemed = header ? undefined : tickets.redeem(c.req.query("ticket") ?? "");
    const token = header ?? redeemed?.token;
    const user = token ? await options.authenticate(token) : null;
    if (!token || !user)
      return errorJson(
        c,
        "unauthorized",
        "Send 'Authorization: Bearer <token>' or ?ticket=<ticket> from POST /api/notifications/ticket (single use, 60 s)",
      );
    return streamSSE(c, async (stream) => {
      let aborted = false;
      let closedFor: StreamCloseReason | undefined;
      let wake = () => {};
      const unsubscribe = options.hub.subscribe(user.id, (notification) => {
        void stream.writeSSE({ event: notification.kind, data: JSON.stringify(notification) });
      });
      const untrack = options.hub.track({
        userId: user.id,
        tokenHash: hashToken(token),
        stillValid: async () => (await options.authenticate(token))?.id === user.id,
        close: (reason) => {
          closedFor = reason;
          unsubscribe();
          wake();
        },
      });
      stream.onAbort(() => {
        aborted = true;
        wake();
      });
      try {
        await stream.writeSSE({ event: "ready", data: "{}" });
        while (!aborted && !closedFor) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, (options.heartbeatSeconds ?? 25) * 1000);
            wake = () => (clearTimeout(timer), resolve());
          });
          if (!aborted && !closedFor) await stream.write(": keep-alive\n\n");
        }
        if (closedFor && !aborted) {
          const retry = closedFor === "too-many-streams" ? REPLACED_STREAM_RETRY_MS : undefined;
          await stream.writeSSE({ event: "closed", data: JSON.stringify({ reason: closedFor }), ...(retry ? { retry } : {}) });
        }
      } finally {
        unsubscribe();
        untrack();
      }
    });
  });
  return app;
}

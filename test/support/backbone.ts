import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Database } from "@todo/db";
import type webpush from "web-push";
import { createEventBackbone } from "@todo/embedded";
import { silentLogger, testApp } from "./app.ts";

/** The app plus the embedded event backbone, on a test clock; nothing runs until the test says so. */
export function testBackbone(db: Database, now: string, pushOptions?: webpush.RequestOptions, extra: { allowPrivatePushEndpoints?: boolean } = {}) {
  const t = testApp(db, now);
  const backbone = createEventBackbone({
    prisma: db.prisma,
    env: {
      EVENT_BUS: "inprocess",
      DAPR_HTTP_ENDPOINT: "http://127.0.0.1:1",
      PUBSUB_NAME: "task-pubsub",
      TASK_EVENTS_TOPIC: "task-events",
      VAPID_PUBLIC_KEY: undefined,
      VAPID_PRIVATE_KEY: undefined,
      VAPID_SUBJECT: "mailto:test@example.com",
      REMINDER_ALL_DAY_HOUR: 9,
      REMINDER_GRACE_MINUTES: 60,
      TODO_DATA_DIR: mkdtempSync(path.join(tmpdir(), "todo-vapid-")),
    },
    logger: silentLogger,
    continueSeriesOf: t.continueSeriesOf,
    authenticate: t.accounts.authenticate,
    clock: t.clock,
    pushOptions,
    allowPrivatePushEndpoints: extra.allowPrivatePushEndpoints,
  });
  t.app.route("/", backbone.routes);
  t.accounts.onTokenRevoked((tokenHash) => backbone.hub.closeToken(tokenHash));
  return { ...t, backbone };
}

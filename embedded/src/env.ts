import { z } from "zod";
import { openAiEnv, MetricsPort, vapidEnv, reminderEnv, parseEnvironment } from "@todo/http-kit";
import { ServerEnv, withDataDir, type WithDataDir } from "@todo/mcp-server";

/**
 * The embedded start's settings: mcp-server's, plus what the parts that run beside it in this
 * process read (the chat's model, Web Push keys, reminder timing, which bus events take).
 * Nothing else reads process.env.
 */
export const EmbeddedEnv = ServerEnv.extend({
  EVENT_BUS: z.enum(["inprocess", "dapr"], { error: "must be inprocess (default, one process) or dapr" }).default("inprocess"),
  VAPID_PUBLIC_KEY: z.string().min(20).optional(),
  VAPID_PRIVATE_KEY: z.string().min(20).optional(),
  ...vapidEnv,
  ...reminderEnv,
  ...openAiEnv,
  METRICS_PORT: MetricsPort,
});
export type EmbeddedEnv = WithDataDir<z.infer<typeof EmbeddedEnv>>;

/** The settings from the process environment (or `env`); throws naming each bad variable. */
export function readEmbeddedEnv(env: NodeJS.ProcessEnv = process.env): EmbeddedEnv {
  return withDataDir(parseEnvironment(EmbeddedEnv, env));
}

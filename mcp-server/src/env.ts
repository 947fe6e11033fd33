import { z } from "zod";
import { machineTimeZone, TimeZone } from "@todo/services";

/** Every setting of mcp-server and the embedded start; nothing else reads process.env. */
export const ServerEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: "must be a postgres:// or postgresql:// URL" })
    .optional()
    .or(z.literal("").transform(() => undefined)),
  TODO_DATA_DIR: z.string().min(1).default("./.data"),
  DEFAULT_TIME_ZONE: TimeZone.default(machineTimeZone()),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  TODO_TOKEN: z.string().optional(),
  TODO_SERVER_URL: z.url({ error: "must be a URL like http://127.0.0.1:3000" }).optional(),
});
export type ServerEnv = z.infer<typeof ServerEnv>;

/** Parses the environment, exiting-worthy errors name the variable and what it accepts. */
export function readServerEnv(env: NodeJS.ProcessEnv = process.env): ServerEnv {
  const result = ServerEnv.safeParse(env);
  if (!result.success) {
    const reasons = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`Invalid environment: ${reasons}`);
  }
  return result.data;
}

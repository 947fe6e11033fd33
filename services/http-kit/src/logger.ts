import { pino } from "pino";

export type Logger = pino.Logger;

/**
 * Where credentials can appear in anything a service logs: bearer headers, stream tickets and
 * tokens, passwords, Web Push keys. One list for every service, so none can forget one.
 */
export const REDACTED_PATHS = [
  "password",
  "*.password",
  "token",
  "*.token",
  "ticket",
  "*.ticket",
  "authorization",
  "*.authorization",
  "req.headers.authorization",
  "req.headers.cookie",
  "headers.authorization",
  "*.headers.authorization",
  "keys",
  "*.keys",
  "privateKey",
  "*.privateKey",
  "internalToken",
  "*.internalToken",
];

export interface LoggerOptions {
  /** pino level: fatal, error, warn, info, debug, trace or silent */
  level: string;
  /** The stdio MCP transport owns stdout, so the CLI logs to stderr. */
  destination?: "stdout" | "stderr";
}

/** Structured JSON logs for one service (`service` in every line); credentials are redacted wherever they appear. */
export function createLogger(service: string, options: LoggerOptions): Logger {
  return pino(
    { level: options.level, base: { service }, redact: { paths: REDACTED_PATHS, censor: "[redacted]" } },
    pino.destination(options.destination === "stderr" ? 2 : 1),
  );
}

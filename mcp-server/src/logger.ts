import { pino } from "pino";

export type Logger = pino.Logger;

/** Structured JSON logs; credentials are redacted wherever they appear in a logged object. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "mcp-server" },
    redact: {
      paths: ["password", "*.password", "token", "*.token", "authorization", "*.authorization", "req.headers.authorization", "*.keys", "keys"],
      censor: "[redacted]",
    },
  });
}

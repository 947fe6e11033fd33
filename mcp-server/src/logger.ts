import { pino } from "pino";

export type Logger = pino.Logger;

/** Structured JSON logs; credentials are redacted wherever they appear in a logged object. */
export function createLogger(level: string, destination: "stdout" | "stderr" = "stdout"): Logger {
  return pino(
    {
    level,
    base: { service: "mcp-server" },
    redact: {
      paths: ["password", "*.password", "token", "*.token", "authorization", "*.authorization", "req.headers.authorization", "*.keys", "keys"],
      censor: "[redacted]",
    },
    },
    // The stdio MCP transport owns stdout, so the CLI logs to stderr.
    pino.destination(destination === "stdout" ? 1 : 2),
  );
}

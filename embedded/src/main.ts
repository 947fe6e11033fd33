import { createLogger, runService } from "@todo/http-kit";
import { readEmbeddedEnv } from "./env.ts";
import { startServer } from "./start-embedded.ts";

// `npm start`: the whole product in one process, on the embedded database unless DATABASE_URL is set.
runService("todo-chatbot", async () => {
  const env = readEmbeddedEnv();
  const logger = createLogger("todo-chatbot", { level: env.LOG_LEVEL });
  const started = Date.now();
  const running = await startServer(env, logger);
  process.stdout.write(
    [
      "",
      `  todo-chatbot is running at ${running.url}  (database: ${running.db.kind === "pglite" ? `embedded, ${env.TODO_DATA_DIR}` : "PostgreSQL"})`,
      "",
      "  Connect an MCP client (IDE or assistant):",
      `    HTTP:  ${running.url}/mcp  with header  Authorization: Bearer <token>`,
      "    stdio: npx todo mcp   (with TODO_TOKEN=<token>)",
      "  Get a token: npx todo signup <username>   or   npx todo token <username>",
      ...(running.metricsUrl ? [`  Metrics: ${running.metricsUrl}/metrics`] : []),
      "",
    ].join("\n") + "\n",
  );
  return { logger, ready: { url: running.url, database: running.db.kind, readyMs: Date.now() - started }, close: () => running.close() };
});

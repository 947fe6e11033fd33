import { readServerEnv } from "./env.ts";
import { createLogger } from "./logger.ts";
import { startServer } from "./start-embedded.ts";

// `npm start`: the whole product in one process, on the embedded database unless DATABASE_URL is set.
async function main(): Promise<void> {
  const env = readServerEnv();
  const logger = createLogger(env.LOG_LEVEL);
  const started = Date.now();
  const running = await startServer(env, logger);
  logger.info({ url: running.url, database: running.db.kind, readyMs: Date.now() - started }, "ready");
  process.stdout.write(
    [
      "",
      `  todo-chatbot is running at ${running.url}  (database: ${running.db.kind === "pglite" ? `embedded, ${env.TODO_DATA_DIR}` : "PostgreSQL"})`,
      "",
      "  Connect an MCP client (IDE or assistant):",
      `    HTTP:  ${running.url}/mcp  with header  Authorization: Bearer <token>`,
      "    stdio: npx todo mcp   (with TODO_TOKEN=<token>)",
      "  Get a token: npx todo signup <username>   or   npx todo token <username>",
      "",
    ].join("\n") + "\n",
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    await running.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  process.stderr.write(`todo-chatbot could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

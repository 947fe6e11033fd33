export { createLogger, redactUrl, REDACTED_PATHS, type Logger, type LoggerOptions } from "./logger.ts";
export { bearerToken, requireBearer, type Authenticate, type BearerVariables } from "./bearer.ts";
export { errorResponse, handleErrors, readJson, statusOf } from "./errors.ts";
export { parseEnvironment } from "./environment.ts";
export {
  LogLevel, port, Host, PostgresUrl, OptionalPostgresUrl, MetricsPort, daprPubSubEnv, deadLetterEnv, InternalApiToken, vapidEnv, openAiEnv, llmSettings,
} from "./env.ts";
export { listen, listenMetrics, runService, type Listening } from "./serve.ts";

export { createLogger, REDACTED_PATHS, type Logger, type LoggerOptions } from "./logger.ts";
export { findLiveToken } from "./api-tokens.ts";
export { bearerToken, requireBearer, type Authenticate, type BearerVariables } from "./bearer.ts";
export {
  errorJson,
  errorResponse,
  handleErrors,
  readJson,
  statusOf,
  isStorageExhausted,
  STORAGE_RETRY_AFTER_SECONDS,
  MAX_REST_BODY_BYTES,
  payloadTooLarge,
} from "./errors.ts";
export { clientIp, trustedProxies, NO_SOCKET_ADDRESS } from "./client-ip.ts";
export { parseEnvironment } from "./environment.ts";
export {
  LogLevel,
  port,
  Host,
  PostgresUrl,
  OptionalPostgresUrl,
  MetricsPort,
  daprPubSubEnv,
  deadLetterEnv,
  InternalApiToken,
  vapidEnv,
  openAiEnv,
  llmSettings,
} from "./env.ts";
export { listen, listenMetrics, runService, serveApp, serveService, type Listening, type RunningService } from "./serve.ts";

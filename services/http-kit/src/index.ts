export { createLogger, type Logger } from "./logger.ts";
export { findLiveToken } from "./api-tokens.ts";
export { bearerToken, requireBearer, type Authenticate, type BearerVariables } from "./bearer.ts";
export { errorJson, errorResponse, handleErrors, readJson, isStorageExhausted, MAX_REST_BODY_BYTES, payloadTooLarge } from "./errors.ts";
export { clientIp, isThisMachine, trustedProxies } from "./client-ip.ts";
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
  bulkSubscribeEnv,
  taskEventsSubscription,
  InternalApiToken,
  vapidEnv,
  reminderEnv,
  openAiEnv,
  llmSettings,
} from "./env.ts";
export { runService, serveApp, serveService, type RunningService } from "./serve.ts";

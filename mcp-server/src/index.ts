// The task server as a library: the composition workspace (`embedded/`) and the tests build on these.
export { createApp, type App, type AppOptions } from "./app.ts";
export type { AuthenticatedUser } from "./accounts/accounts.ts";
export { LoginThrottle } from "./accounts/login-throttle.ts";
export { createMcpServer } from "./mcp/create-server.ts";
export { requestScopedContext, runInRequestContext } from "./mcp/request-context.ts";
export { OutboxRelay } from "./outbox/outbox-relay.ts";
export { BusUnavailableError, type BatchFailure, type EventPublisher } from "./outbox/event-publisher.ts";
export { InProcessBus } from "./outbox/in-process-bus.ts";
export { daprPublisher } from "./outbox/dapr-publisher.ts";
export { seriesContinuer, type ContinueSeriesOf } from "./series/series-continuer.ts";
export { ServerEnv, readServerEnv, appSettings, withDataDir, type WithDataDir } from "./env.ts";
export { TrashPurger, type TrashPurgerOptions } from "./trash/trash-purger.ts";

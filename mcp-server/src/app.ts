import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { except } from "hono/combine";
import type { PrismaClient } from "@todo/db";
import { DEFAULT_TRASH_RETENTION_DAYS, MAX_IMPORT_BYTES, systemClock, type Clock, type TaskContext } from "@todo/services";
import { createAccounts, type AuthenticatedUser } from "./accounts/accounts.ts";
import { LoginThrottle } from "./accounts/login-throttle.ts";
import { createPrismaTaskStore } from "./adapters/prisma-task-store.ts";
import { clientIp, handleErrors, MAX_REST_BODY_BYTES, payloadTooLarge, trustedProxies, type Logger } from "@todo/http-kit";
import { createAuthRateLimits, type AuthRateLimits } from "./http/rate-limits.ts";
import type { PasswordHasher } from "./accounts/passwords.ts";
import { authRoutes } from "./routes/auth.ts";
import { mcpRoutes } from "./routes/mcp.ts";
import { taskRoutes } from "./routes/tasks.ts";
import { internalRoutes } from "./routes/internal.ts";
import { trashRoutes } from "./routes/trash.ts";
import { listRoutes } from "./routes/lists.ts";
import { bulkRoutes } from "./routes/bulk.ts";
import { calendarFeedRoutes, calendarRoutes } from "./routes/calendar-feed.ts";
import { dataIoRoutes } from "./routes/data-io.ts";
import { createPrismaCalendarFeeds } from "./adapters/prisma-calendar-feeds.ts";
import { seriesContinuer } from "./series/series-continuer.ts";
import { createAuthorizationServer, DEFAULT_OAUTH_SETTINGS, type OAuthSettings } from "./oauth/authorization-server.ts";
import { mcpGuard } from "./oauth/mcp-guard.ts";
import { issuerOf, oauthRoutes } from "./routes/oauth.ts";

export interface AppOptions {
  prisma: PrismaClient;
  logger: Logger;
  defaultTimeZone: string;
  clock?: Clock;
  throttle?: LoginThrottle;
  /** Called after each committed task change (wakes the outbox relay). */
  onCommit?: () => void;
  /** Enables /internal/* for service-to-service calls. */
  internalToken?: string;
  /** Proxies (addresses or CIDR subnets) whose X-Forwarded-For names the client; none by default. */
  trustedProxies?: readonly string[];
  /** Sign-in and sign-up budgets; defaults in DEFAULT_AUTH_RATE_LIMITS. */
  rateLimits?: Partial<AuthRateLimits>;
  /** Web origins (besides this machine's own page) whose browser requests may use /mcp; see MCP_ALLOWED_ORIGINS. */
  allowedOrigins?: readonly string[];
  /** Password hashing (default argon2id); tests inject a counting one. */
  passwords?: PasswordHasher;
  /** Days a deleted task stays in the trash (default 30); shown by GET /api/trash. */
  trashRetentionDays?: number;
  /** The OAuth authorization server's settings (issuer, consent page, token lifetimes, metadata-document policy). */
  oauth?: Partial<OAuthSettings>;
}

/** Builds mcp-server's HTTP app (REST, MCP, health) over one database; tests call `app.request()`. */
export function createApp(options: AppOptions) {
  const clock = options.clock ?? systemClock;
  const accounts = createAccounts({
    prisma: options.prisma,
    throttle: options.throttle ?? new LoginThrottle(),
    defaultTimeZone: options.defaultTimeZone,
    clock,
    passwords: options.passwords,
  });
  const proxies = trustedProxies(options.trustedProxies ?? []);
  const store = createPrismaTaskStore(options.prisma, { onCommit: () => options.onCommit?.() });
  const contextFor = (user: AuthenticatedUser): TaskContext => ({ store, clock, user: { id: user.id, timeZone: user.timeZone } });

  const app = new Hono();
  handleErrors(app, options.logger);
  app.get("/healthz", async (c) => {
    await options.prisma.$queryRaw`SELECT 1`;
    return c.json({ status: "ok" });
  });
  // Bodies above 1 MiB are refused from Content-Length alone, or as soon as a streamed body passes it.
  // An import's file may be larger (MAX_IMPORT_BYTES, 5 MiB); every other body stays at 1 MiB.
  app.use("/api/*", except("/api/import", bodyLimit({ maxSize: MAX_REST_BODY_BYTES, onError: payloadTooLarge })));
  app.use(
    "/api/import",
    bodyLimit({
      maxSize: MAX_IMPORT_BYTES,
      onError: (c) => c.json({ error: { code: "payload_too_large", message: "The file is larger than 5 MiB; split it and import the parts" } }, 413),
    }),
  );
  app.route(
    "/api/auth",
    authRoutes(accounts, createAuthRateLimits(options.rateLimits), (c) => clientIp(c, proxies)),
  );
  // Before /api/tasks, whose /:id routes would otherwise take "bulk" for an id.
  app.route("/api/tasks/bulk", bulkRoutes(accounts, contextFor));
  app.route("/api/tasks", taskRoutes(accounts, contextFor));
  app.route("/api/lists", listRoutes(accounts, contextFor));
  app.route("/api/trash", trashRoutes(accounts, contextFor, options.trashRetentionDays ?? DEFAULT_TRASH_RETENTION_DAYS));
  const feeds = createPrismaCalendarFeeds(options.prisma);
  app.route("/api", dataIoRoutes(accounts, contextFor));
  app.route("/calendar", calendarRoutes(feeds, store, clock));
  const oauth = createAuthorizationServer(options.prisma, { ...DEFAULT_OAUTH_SETTINGS, ...options.oauth }, clock);
  app.route("/", oauthRoutes(oauth, accounts));
  app.route(
    "/mcp",
    mcpRoutes(
      accounts,
      contextFor,
      options.logger,
      options.allowedOrigins,
      mcpGuard(accounts, oauth, (c) => issuerOf(oauth, c), options.logger),
    ),
  );
  app.route(
    "/api/calendar-feed",
    calendarFeedRoutes(accounts, feeds, clock, (c) => issuerOf(oauth, c)),
  );
  const continueSeriesOf = seriesContinuer(options.prisma, contextFor);
  if (options.internalToken) app.route("/internal", internalRoutes({ token: options.internalToken, prisma: options.prisma, continueSeriesOf }));
  return { app, accounts, store, clock, contextFor, continueSeriesOf, oauth };
}

export type App = ReturnType<typeof createApp>;

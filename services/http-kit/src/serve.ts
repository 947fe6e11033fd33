import { serve, type ServerType } from "@hono/node-server";
import { register } from "prom-client";
import type { Logger } from "./logger.ts";

export interface Listening {
  /** The base URL, e.g. http://127.0.0.1:3000 (a wildcard host is shown as 127.0.0.1). */
  url: string;
  port: number;
  /** Stops accepting, ends open connections (SSE streams would hold the close forever). */
  close(): Promise<void>;
}

/** How long (ms) the server keeps an idle kept-alive connection open; longer than common clients' 60 s. */
const KEEP_ALIVE_MS = 65_000;

/**
 * Serves `fetch` on host:port. Resolves once the port is bound; rejects with a message that says
 * what to do when the port is taken.
 */
export async function listen(fetch: (request: Request) => Response | Promise<Response>, host: string, port: number): Promise<Listening> {
  let server: ServerType | undefined;
  const bound = await new Promise<number>((resolve, reject) => {
    server = serve({ fetch, hostname: host, port }, (info) => resolve(info.port));
    server.once("error", reject);
    // An idle kept-alive connection is closed by the server only well after its clients give it up
    // (undici: the server's hint minus 2 s; proxies and Dapr sidecars: up to 60 s). A server that
    // closes first (Node's default is 5 s) races a client reusing the connection: ECONNRESET.
    Object.assign(server, { keepAliveTimeout: KEEP_ALIVE_MS, headersTimeout: KEEP_ALIVE_MS + 1_000 });
  }).catch((error: NodeJS.ErrnoException) => {
    throw error.code === "EADDRINUSE" ? new Error(`Port ${port} on ${host} is in use; set PORT to another port`) : error;
  });
  const shown = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${host === "0.0.0.0" || host === "::" ? "127.0.0.1" : shown}:${bound}`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        if (!server) return resolve();
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

/** Serves this process's Prometheus registry at /metrics on its own port (never the public one). */
export function listenMetrics(host: string, port: number): Promise<Listening> {
  return listen(
    async (request) =>
      new URL(request.url).pathname === "/metrics"
        ? new Response(await register.metrics(), { headers: { "content-type": register.contentType } })
        : new Response("Not found", { status: 404 }),
    host,
    port,
  );
}

/**
 * Serves a service's app on HOST:PORT and, when METRICS_PORT is set, its metrics on their own port.
 * `close()` stops both. Rejects like `listen` (port in use) after closing what was started.
 */
export async function serveApp(
  fetch: (request: Request) => Response | Promise<Response>,
  env: { HOST: string; PORT: number; METRICS_PORT?: number },
): Promise<{ url: string; metricsUrl?: string; close(): Promise<void> }> {
  const server = await listen(fetch, env.HOST, env.PORT);
  const metrics =
    env.METRICS_PORT !== undefined
      ? await listenMetrics(env.HOST, env.METRICS_PORT).catch(async (error: unknown) => {
          await server.close();
          throw error;
        })
      : undefined;
  return {
    url: server.url,
    metricsUrl: metrics?.url,
    async close() {
      await server.close();
      await metrics?.close();
    },
  };
}

/** What `runService` keeps of a started service: its logger, what to log as ready, and how to stop it. */
export interface RunningService {
  logger: Logger;
  ready: Record<string, unknown>;
  close(): Promise<void>;
}

/**
 * Serves a worker's or gateway's app (see serveApp) and describes it for `runService`: ready with
 * its URLs, and closed servers first, then `closeAfter` (its database).
 */
export async function serveService(
  fetch: (request: Request) => Response | Promise<Response>,
  env: { HOST: string; PORT: number; METRICS_PORT?: number },
  parts: { logger: Logger; closeAfter: () => Promise<void> },
): Promise<RunningService> {
  const served = await serveApp(fetch, env);
  return {
    logger: parts.logger,
    ready: { url: served.url, metricsUrl: served.metricsUrl },
    async close() {
      await served.close();
      await parts.closeAfter();
    },
  };
}

/**
 * Runs a service process: starts it, logs `ready`, and stops it cleanly on SIGINT/SIGTERM. A start
 * failure prints one line naming the service and exits 1.
 */
export function runService(name: string, start: () => Promise<RunningService>): void {
  start()
    .then((running) => {
      running.logger.info(running.ready, `${name} ready`);
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        running.logger.info({ signal }, "stopping");
        void running.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on("SIGINT", () => stop("SIGINT"));
      process.on("SIGTERM", () => stop("SIGTERM"));
    })
    .catch((error: unknown) => {
      process.stderr.write(`${name} could not start: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}

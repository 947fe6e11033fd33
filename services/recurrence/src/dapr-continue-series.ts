import { AppError, type SeriesOutcome } from "@todo/services";
import type { ContinueSeries } from "./recurrence-handler.ts";

export interface DaprInvokeOptions {
  daprUrl: string;
  /** mcp-server's Dapr app id */
  appId: string;
  internalToken: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Distributed mode: mcp-server owns tasks, so the next occurrence is created there through Dapr service invocation. */
export function continueSeriesViaDapr(options: DaprInvokeOptions): ContinueSeries {
  const send = options.fetch ?? fetch;
  return async (event) => {
    const url = new URL(`/v1.0/invoke/${encodeURIComponent(options.appId)}/method/internal/series/continue`, options.daprUrl);
    const response = await send(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-internal-token": options.internalToken },
      body: JSON.stringify({ userId: event.data.userId, task: event.data.task }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    if (response.status === 400 || response.status === 404) {
      throw new AppError(
        response.status === 400 ? "invalid_input" : "not_found",
        `mcp-server refused the series: ${(await response.text()).slice(0, 300)}`,
      );
    }
    if (!response.ok) throw new Error(`mcp-server answered ${response.status}`);
    return (await response.json()) as SeriesOutcome;
  };
}

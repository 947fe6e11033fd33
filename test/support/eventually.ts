/** How long to keep trying: generous, so a loaded 2-core CI machine passes too. */
export interface EventuallyOptions {
  /** Give up after this many milliseconds (default 20,000). */
  timeoutMs?: number;
  /** Wait this many milliseconds between tries (default 100). */
  intervalMs?: number;
  /** What is awaited, for the timeout message ("the reminder push"). */
  what?: string;
}

export const EVENTUALLY_TIMEOUT_MS = 20_000;

const passed = <T>(value: T): value is Exclude<T, false> => value !== false;

/**
 * Tries `check` until it passes, and returns what it returned. A try fails when `check` throws
 * (an `expect` that does not hold yet) or returns `false`; anything else passes. After
 * `timeoutMs` the last failure is thrown, its message saying what was awaited and for how long,
 * so an assertion's own diff is kept.
 *
 * This is the one way tests wait for something that happens in the background (an event, a
 * push, a process's output): never a fixed sleep.
 */
export async function eventually<T>(check: () => T | Promise<T>, options: EventuallyOptions = {}): Promise<Exclude<T, false>> {
  const { timeoutMs = EVENTUALLY_TIMEOUT_MS, intervalMs = 100, what = "the condition" } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let failure: unknown;
    try {
      const result = await check();
      if (passed(result)) return result;
      failure = new Error("it was still false");
    } catch (error) {
      failure = error;
    }
    if (Date.now() >= deadline) {
      const error = failure instanceof Error ? failure : new Error(String(failure));
      error.message = `${what} did not come about within ${timeoutMs} ms: ${error.message}`;
      throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

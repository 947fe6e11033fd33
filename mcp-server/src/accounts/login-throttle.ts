import { AppError } from "@todo/services";

interface Failures {
  count: number;
  lockedUntil: number;
  lastAt: number;
}

/**
 * Slows down password guessing: after `freeAttempts` failures for one username, each further
 * failure locks that username's logins for a doubling delay (capped). A success clears the count.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, Failures>();

  constructor(
    private readonly options = { freeAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 5 * 60_000, forgetAfterMs: 15 * 60_000 },
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws rate_limited while the username is locked. */
  check(username: string): void {
    const entry = this.failures.get(username);
    const now = this.now();
    if (entry && entry.lockedUntil > now) {
      const seconds = Math.ceil((entry.lockedUntil - now) / 1000);
      throw new AppError("rate_limited", `Too many failed sign-ins for this username; try again in ${seconds} s`, { retryAfterSeconds: seconds });
    }
  }

  fail(username: string): void {
    const now = this.now();
    const previous = this.failures.get(username);
    const entry = previous && now - previous.lastAt < this.options.forgetAfterMs ? previous : { count: 0, lockedUntil: 0, lastAt: now };
    entry.count += 1;
    entry.lastAt = now;
    const over = entry.count - this.options.freeAttempts;
    if (over >= 0) entry.lockedUntil = now + Math.min(this.options.baseDelayMs * 2 ** over, this.options.maxDelayMs);
    this.failures.set(username, entry);
    if (this.failures.size > 10_000) this.forgetOld(now);
  }

  succeed(username: string): void {
    this.failures.delete(username);
  }

  private forgetOld(now: number): void {
    for (const [name, entry] of this.failures) {
      if (now - entry.lastAt > this.options.forgetAfterMs && entry.lockedUntil < now) this.failures.delete(name);
    }
  }
}

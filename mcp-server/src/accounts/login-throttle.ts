import { AppError } from "@todo/services";

interface Failures {
  count: number;
  lockedUntil: number;
  lastAt: number;
  /** Attempts reserved and not yet settled (password check in progress). */
  inFlight: number;
}

/** One reserved sign-in attempt: settle it with `fail()` or `succeed()`; `release()` gives it back unused. */
export interface LoginAttempt {
  fail(): void;
  succeed(): void;
  release(): void;
}

/**
 * Slows down password guessing: after `freeAttempts` failures for one username, each further
 * failure locks that username's logins for a doubling delay (capped). A success clears the count.
 *
 * An attempt is reserved before its password is checked, so concurrent attempts share the
 * allowance: with 5 free attempts, 200 simultaneous guesses check at most 5 passwords and the
 * rest are refused (rate_limited) without verifying.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, Failures>();

  constructor(
    private readonly options = { freeAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 5 * 60_000, forgetAfterMs: 15 * 60_000 },
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Reserves one attempt for `username`. Throws AppError rate_limited (with retryAfterSeconds)
   * while the username is locked or while the attempts in progress use up what is allowed now.
   */
  reserve(username: string): LoginAttempt {
    const now = this.now();
    const entry = this.current(username, now);
    if (entry.lockedUntil > now) throw this.limited(Math.ceil((entry.lockedUntil - now) / 1000));
    // Past the free attempts, an expired lock lets one attempt through at a time.
    const allowance = entry.count < this.options.freeAttempts ? this.options.freeAttempts - entry.count : 1;
    if (entry.inFlight >= allowance) throw this.limited(1);
    entry.inFlight += 1;
    this.failures.set(username, entry);
    let settled = false;
    const settle = () => {
      if (settled) return false;
      settled = true;
      const live = this.failures.get(username);
      if (live) live.inFlight = Math.max(0, live.inFlight - 1);
      return true;
    };
    return {
      fail: () => {
        if (settle()) this.fail(username);
      },
      succeed: () => {
        if (settle()) this.succeed(username);
      },
      release: () => {
        if (settle()) this.forgetIfIdle(username);
      },
    };
  }

  private fail(username: string): void {
    const now = this.now();
    const entry = this.current(username, now);
    entry.count += 1;
    entry.lastAt = now;
    const over = entry.count - this.options.freeAttempts;
    if (over >= 0) entry.lockedUntil = now + Math.min(this.options.baseDelayMs * 2 ** over, this.options.maxDelayMs);
    this.failures.set(username, entry);
    if (this.failures.size > 10_000) this.forgetOld(now);
  }

  private succeed(username: string): void {
    const entry = this.failures.get(username);
    // Other attempts may still be in progress; keep their reservations.
    if (entry && entry.inFlight > 0) Object.assign(entry, { count: 0, lockedUntil: 0 });
    else this.failures.delete(username);
  }

  private current(username: string, now: number): Failures {
    const previous = this.failures.get(username);
    if (previous && (now - previous.lastAt < this.options.forgetAfterMs || previous.inFlight > 0)) return previous;
    return { count: 0, lockedUntil: 0, lastAt: now, inFlight: 0 };
  }

  private forgetIfIdle(username: string): void {
    const entry = this.failures.get(username);
    if (entry && entry.count === 0 && entry.inFlight === 0) this.failures.delete(username);
  }

  private limited(seconds: number): AppError {
    return new AppError("rate_limited", `Too many sign-in attempts for this username; try again in ${seconds} s`, { retryAfterSeconds: seconds });
  }

  private forgetOld(now: number): void {
    for (const [name, entry] of this.failures) {
      if (now - entry.lastAt > this.options.forgetAfterMs && entry.lockedUntil < now && entry.inFlight === 0) this.failures.delete(name);
    }
  }
}

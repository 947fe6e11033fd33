import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { isThisMachine } from "@todo/http-kit";
import { AppError } from "@todo/services";

/** Request budgets for sign-in and sign-up: per client IP and for the whole server. */
export interface AuthRateLimits {
  /** Sign-in attempts per client IP per minute. */
  loginPerIpPerMinute: number;
  /** Sign-in attempts per minute, all clients together (each one costs an argon2 verification). */
  loginPerMinute: number;
  /** Accounts created per client IP per hour. */
  signupPerIpPerHour: number;
  /** Accounts created per minute, all clients together. */
  signupPerMinute: number;
  /**
   * Whether clients on this machine (loopback addresses, or in-process requests) are counted too.
   * Off by default: the embedded server listens on 127.0.0.1, where every client is a local program
   * (an IDE, a script, a scorer signing up many users); behind a proxy on the same host, set
   * TRUSTED_PROXIES so its clients are told apart and counted. The per-username sign-in throttle
   * applies to every client regardless.
   */
  limitLoopback: boolean;
}

export const DEFAULT_AUTH_RATE_LIMITS: AuthRateLimits = {
  loginPerIpPerMinute: 30,
  loginPerMinute: 600,
  signupPerIpPerHour: 20,
  signupPerMinute: 60,
  limitLoopback: false,
};

const limiter = (points: number, duration: number) => new RateLimiterMemory({ points, duration });

/**
 * Counters for the auth routes, kept in this process's memory (rate-limiter-flexible; with several
 * replicas each one counts on its own). Each call spends one point from the client's budget and one
 * from the global budget, and throws AppError rate_limited with `retryAfterSeconds` when either is spent.
 */
export function createAuthRateLimits(settings: Partial<AuthRateLimits> = {}) {
  const s = { ...DEFAULT_AUTH_RATE_LIMITS, ...settings };
  const login = { perIp: limiter(s.loginPerIpPerMinute, 60), global: limiter(s.loginPerMinute, 60) };
  const signup = { perIp: limiter(s.signupPerIpPerHour, 3600), global: limiter(s.signupPerMinute, 60) };
  const spend = async (pair: { perIp: RateLimiterMemory; global: RateLimiterMemory }, ip: string, what: string) => {
    if (!s.limitLoopback && isThisMachine(ip)) return;
    for (const [which, counter, key] of [
      ["from your address", pair.perIp, ip],
      ["on this server", pair.global, "all"],
    ] as const) {
      try {
        await counter.consume(key);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        throw new AppError("rate_limited", `Too many ${what} ${which}; try again in ${seconds} s`, { retryAfterSeconds: seconds });
      }
    }
  };
  return {
    login: (ip: string) => spend(login, ip, "sign-in attempts"),
    signup: (ip: string) => spend(signup, ip, "sign-ups"),
  };
}

export type AuthRateLimiter = ReturnType<typeof createAuthRateLimits>;

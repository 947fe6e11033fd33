import type { Context, MiddlewareHandler } from "hono";
import { AppError } from "@todo/services";

/** Resolves a bearer token to its user, or null when the token is unknown, revoked or expired. */
export type Authenticate<User> = (token: string) => Promise<User | null>;

export type BearerVariables<User> = { user: User; token: string };

/** The token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1), or undefined. */
export function bearerToken(c: Context): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
}

/**
 * Requires `Authorization: Bearer <token>` and puts the token's user and the token on the context.
 * Throws AppError `unauthorized` (401 through the error mapper) when the header is missing or the
 * token is not accepted.
 */
export function requireBearer<User>(authenticate: Authenticate<User>): MiddlewareHandler<{ Variables: BearerVariables<User> }> {
  return async (c, next) => {
    const token = bearerToken(c);
    if (!token) throw new AppError("unauthorized", "Send 'Authorization: Bearer <token>'; get a token from POST /api/auth/login or `npx todo token`");
    const user = await authenticate(token);
    if (!user) throw new AppError("unauthorized", "The bearer token is unknown or revoked; sign in again for a new one");
    c.set("user", user);
    c.set("token", token);
    await next();
  };
}

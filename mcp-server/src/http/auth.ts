import type { MiddlewareHandler } from "hono";
import { AppError } from "@todo/services";
import type { Accounts, AuthenticatedUser } from "../accounts/accounts.ts";

export type AuthVariables = { user: AuthenticatedUser; token: string };

/** Requires `Authorization: Bearer <token>` and puts the token's user on the context. */
export function requireBearer(accounts: Accounts): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError("unauthorized", "Send 'Authorization: Bearer <token>'; get a token from POST /api/auth/login or `npx todo token`");
    const user = await accounts.authenticate(match[1]!);
    if (!user) throw new AppError("unauthorized", "The bearer token is unknown or revoked; sign in again for a new one");
    c.set("user", user);
    c.set("token", match[1]!);
    await next();
  };
}

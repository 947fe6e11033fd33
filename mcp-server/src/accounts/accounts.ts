import { z } from "zod";
import type { PrismaClient, User } from "@todo/db";
import { AppError, CreateTokenInput, LoginInput, parseInput, SignupInput, systemClock, type Clock } from "@todo/services";
import { argon2Hasher, type PasswordHasher } from "./passwords.ts";
import { assertAcceptablePassword } from "./password-policy.ts";
import { hashToken, INBOX_NAME, looksLikeToken, nameKey, newToken } from "@todo/services";
import { findLiveToken } from "@todo/http-kit";
import type { LoginThrottle } from "./login-throttle.ts";

export interface UserView {
  id: string;
  username: string;
  timeZone: string;
  createdAt: string;
}

export interface AuthenticatedUser {
  id: string;
  username: string;
  timeZone: string;
}

export const toUserView = (user: User): UserView => ({
  id: user.id,
  username: user.username,
  timeZone: user.timeZone,
  createdAt: user.createdAt.toISOString(),
});

export interface AccountsOptions {
  prisma: PrismaClient;
  throttle: LoginThrottle;
  defaultTimeZone: string;
  /** How long a checked token is trusted without asking the database again (default 10 s). */
  tokenCacheMs?: number;
  /** The time that token expiry is measured against (default: the system clock). */
  clock?: Clock;
  /** Password hashing (default argon2id); tests inject a counting one. */
  passwords?: PasswordHasher;
}

const TOKEN_CACHE_LIMIT = 10_000;
const DAY_MS = 24 * 60 * 60_000;
/** A page's sign-in token ends after this long without use; each use pushes the end back. */
export const WEB_TOKEN_IDLE_MS = 30 * DAY_MS;
/** Token use is written at most this often: a write per request would double the cost of reads. */
const USE_WRITE_INTERVAL_MS = 60_000;

/** Sign-up, sign-in and API tokens. Passwords are argon2id hashes; tokens are stored as sha256. */
export function createAccounts({
  prisma,
  throttle,
  defaultTimeZone,
  tokenCacheMs = 10_000,
  clock = systemClock,
  passwords = argon2Hasher,
}: AccountsOptions) {
  // Every MCP call carries the token; a lookup per call would cost more than the call's own query.
  // Revocation on this instance is immediate; another replica honours it within tokenCacheMs.
  const checkedTokens = new Map<string, { user: AuthenticatedUser; until: number }>();
  // Checks under way by token hash: the page's first requests arrive together with one new token and share one check.
  const checking = new Map<string, Promise<AuthenticatedUser | null>>();
  // Verifying against a real hash when the user does not exist keeps the work of "no such user"
  // and "wrong password" alike, so usernames cannot be probed by timing.
  let decoyHash: Promise<string> | undefined;
  const revokedListeners = new Set<(tokenHash: string) => void>();

  /** Stores a new token (only its sha256) and answers it with the row's id (for DELETE /api/auth/tokens/:id). */
  async function issueToken(userId: string, name: string, kind: "web" | "client", expiresAt: Date | null): Promise<{ id: string; token: string }> {
    const token = newToken();
    const row = await prisma.apiToken.create({ data: { userId, name, kind, expiresAt, tokenHash: hashToken(token) } });
    return { id: row.id, token };
  }
  const issueWebToken = async (userId: string, name: string) =>
    (await issueToken(userId, name, "web", new Date(clock.now().getTime() + WEB_TOKEN_IDLE_MS))).token;

  return {
    /** Creates an account and a web token. Errors: invalid_input (incl. the password policy), conflict (name taken). */
    signup: async (raw: unknown): Promise<{ token: string; user: UserView }> => {
      const input = parseInput(SignupInput, raw);
      assertAcceptablePassword(input.username, input.password);
      const existing = await prisma.user.findUnique({ where: { username: input.username } });
      if (existing) throw new AppError("conflict", `The username '${input.username}' is taken; choose another`);
      const passwordHash = await passwords.hash(input.password);
      try {
        const user = await prisma.user.create({
          data: {
            username: input.username,
            passwordHash,
            timeZone: input.timeZone ?? defaultTimeZone,
            // Lists: every user starts with an Inbox.
            taskLists: { create: { name: INBOX_NAME, nameKey: nameKey(INBOX_NAME), isInbox: true, position: 0 } },
          },
        });
        return { token: await issueWebToken(user.id, "web sign-up"), user: toUserView(user) };
      } catch (error) {
        if ((error as { code?: string }).code === "P2002")
          throw new AppError("conflict", `The username '${input.username}' is taken; choose another`);
        throw error;
      }
    },

    /**
     * Checks a password and issues a web token (30 idle days). The attempt is reserved with the
     * throttle before the password is verified. Errors: invalid_input, unauthorized, rate_limited.
     */
    login: async (raw: unknown, tokenName = "web sign-in"): Promise<{ token: string; user: UserView }> => {
      const input = parseInput(LoginInput, raw);
      const attempt = throttle.reserve(input.username);
      try {
        const user = await prisma.user.findUnique({ where: { username: input.username } });
        const ok = user
          ? await passwords.verify(user.passwordHash, input.password)
          : (await passwords.verify(await (decoyHash ??= passwords.hash("decoy-password-for-timing")), input.password), false);
        if (!user || !ok) {
          attempt.fail();
          throw new AppError("unauthorized", "Wrong username or password");
        }
        attempt.succeed();
        return { token: await issueWebToken(user.id, tokenName), user: toUserView(user) };
      } finally {
        attempt.release();
      }
    },

    /** The user a bearer token belongs to, or null for an unknown, revoked or expired token. */
    authenticate: async (token: string): Promise<AuthenticatedUser | null> => {
      if (!looksLikeToken(token)) return null;
      const tokenHash = hashToken(token);
      const now = clock.now();
      const cached = checkedTokens.get(tokenHash);
      if (cached && cached.until > now.getTime()) return cached.user;
      const pending = checking.get(tokenHash);
      if (pending) return pending;
      const check = (async (): Promise<AuthenticatedUser | null> => {
        const row = await findLiveToken(prisma, token, now);
        if (!row) return null;
        let expiresAt = row.expiresAt;
        if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > USE_WRITE_INTERVAL_MS) {
          // A web token's idle window restarts at each (recorded) use.
          if (row.kind === "web") expiresAt = new Date(now.getTime() + WEB_TOKEN_IDLE_MS);
          await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now, expiresAt } });
        }
        const user = { id: row.user.id, username: row.user.username, timeZone: row.user.timeZone };
        if (checkedTokens.size >= TOKEN_CACHE_LIMIT) checkedTokens.clear();
        checkedTokens.set(tokenHash, { user, until: Math.min(now.getTime() + tokenCacheMs, expiresAt?.getTime() ?? Infinity) });
        return user;
      })();
      checking.set(tokenHash, check);
      try {
        return await check;
      } finally {
        checking.delete(tokenHash);
      }
    },

    /** Issues a token for an MCP client: `{ name?, expiresInDays? }` (no expiry when omitted). */
    createToken: async (userId: string, raw: unknown): Promise<{ id: string; token: string; name: string; expiresAt: string | null }> => {
      const input = parseInput(CreateTokenInput, raw ?? {});
      const expiresAt = input.expiresInDays === undefined ? null : new Date(clock.now().getTime() + input.expiresInDays * DAY_MS);
      const issued = await issueToken(userId, input.name, "client", expiresAt);
      return { id: issued.id, token: issued.token, name: input.name, expiresAt: expiresAt?.toISOString() ?? null };
    },

    listTokens: async (userId: string) => {
      const rows = await prisma.apiToken.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
      return rows.map((row) => ({
        id: row.id,
        name: row.name,
        kind: row.kind,
        createdAt: row.createdAt.toISOString(),
        lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
        expiresAt: row.expiresAt?.toISOString() ?? null,
        revokedAt: row.revokedAt?.toISOString() ?? null,
      }));
    },

    revokeToken: async (userId: string, tokenId: string): Promise<void> => {
      if (!z.uuid().safeParse(tokenId).success)
        throw new AppError("invalid_input", `id must be a token id (a UUID) from GET /api/auth/tokens; got '${tokenId.slice(0, 60)}'`);
      const row = await prisma.apiToken.findFirst({ where: { id: tokenId, userId, revokedAt: null } });
      if (!row) throw new AppError("not_found", `No active token with id ${tokenId}`);
      await prisma.apiToken.update({ where: { id: row.id }, data: { revokedAt: clock.now() } });
      checkedTokens.delete(row.tokenHash);
      for (const listener of revokedListeners) listener(row.tokenHash);
    },

    /**
     * Calls `listener` with the sha256 token hash of every token revoked here, right after the
     * revocation is stored (e.g. to close that token's open streams at once). Returns an unsubscribe.
     */
    onTokenRevoked: (listener: (tokenHash: string) => void): (() => void) => {
      revokedListeners.add(listener);
      return () => revokedListeners.delete(listener);
    },

    /** Signs out: revokes the token itself (the one the request was made with). */
    logout: async (token: string): Promise<void> => {
      const tokenHash = hashToken(token);
      await prisma.apiToken.updateMany({ where: { tokenHash, revokedAt: null }, data: { revokedAt: clock.now() } });
      checkedTokens.delete(tokenHash);
      for (const listener of revokedListeners) listener(tokenHash);
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;

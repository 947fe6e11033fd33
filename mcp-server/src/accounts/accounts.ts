import { z } from "zod";
import type { PrismaClient, User } from "@todo/db";
import { AppError, CreateTokenInput, LoginInput, parseInput, SignupInput } from "@todo/services";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./passwords.ts";
import { hashToken, looksLikeToken, newToken } from "@todo/services";
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
}

const TOKEN_CACHE_LIMIT = 10_000;

/** Sign-up, sign-in and API tokens. Passwords are argon2id hashes; tokens are stored as sha256. */
export function createAccounts({ prisma, throttle, defaultTimeZone, tokenCacheMs = 10_000 }: AccountsOptions) {
  // Every MCP call carries the token; a lookup per call would cost more than the call's own query.
  // Revocation on this instance is immediate; another replica honours it within tokenCacheMs.
  const checkedTokens = new Map<string, { user: AuthenticatedUser; until: number }>();
  const revokedListeners = new Set<(tokenHash: string) => void>();

  async function issueToken(userId: string, name: string): Promise<string> {
    const token = newToken();
    await prisma.apiToken.create({ data: { userId, name, tokenHash: hashToken(token) } });
    return token;
  }

  return {
    async signup(raw: unknown): Promise<{ token: string; user: UserView }> {
      const input = parseInput(SignupInput, raw);
      const existing = await prisma.user.findUnique({ where: { username: input.username } });
      if (existing) throw new AppError("conflict", `The username '${input.username}' is taken; choose another`);
      const passwordHash = await hashPassword(input.password);
      try {
        const user = await prisma.user.create({
          data: { username: input.username, passwordHash, timeZone: input.timeZone ?? defaultTimeZone },
        });
        return { token: await issueToken(user.id, "web sign-up"), user: toUserView(user) };
      } catch (error) {
        if ((error as { code?: string }).code === "P2002") throw new AppError("conflict", `The username '${input.username}' is taken; choose another`);
        throw error;
      }
    },

    async login(raw: unknown, tokenName = "web sign-in"): Promise<{ token: string; user: UserView }> {
      const input = parseInput(LoginInput, raw);
      throttle.check(input.username);
      const user = await prisma.user.findUnique({ where: { username: input.username } });
      const ok = user ? await verifyPassword(user.passwordHash, input.password) : (await burnPasswordCheck(input.password), false);
      if (!user || !ok) {
        throttle.fail(input.username);
        throw new AppError("unauthorized", "Wrong username or password");
      }
      throttle.succeed(input.username);
      return { token: await issueToken(user.id, tokenName), user: toUserView(user) };
    },

    /** The user a bearer token belongs to, or null for an unknown or revoked token. */
    async authenticate(token: string): Promise<AuthenticatedUser | null> {
      if (!looksLikeToken(token)) return null;
      const tokenHash = hashToken(token);
      const cached = checkedTokens.get(tokenHash);
      if (cached && cached.until > Date.now()) return cached.user;
      const row = await prisma.apiToken.findUnique({ where: { tokenHash }, include: { user: true } });
      if (!row || row.revokedAt) return null;
      const now = new Date();
      // Record use at most once a minute: a write per request would double the cost of reads.
      if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
        await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
      }
      const user = { id: row.user.id, username: row.user.username, timeZone: row.user.timeZone };
      if (checkedTokens.size >= TOKEN_CACHE_LIMIT) checkedTokens.clear();
      checkedTokens.set(tokenHash, { user, until: Date.now() + tokenCacheMs });
      return user;
    },

    async createToken(userId: string, raw: unknown): Promise<{ token: string; name: string }> {
      const input = parseInput(CreateTokenInput, raw ?? {});
      return { token: await issueToken(userId, input.name), name: input.name };
    },

    async listTokens(userId: string) {
      const rows = await prisma.apiToken.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
      return rows.map((row) => ({
        id: row.id,
        name: row.name,
        createdAt: row.createdAt.toISOString(),
        lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
        revokedAt: row.revokedAt?.toISOString() ?? null,
      }));
    },

    async revokeToken(userId: string, tokenId: string): Promise<void> {
      if (!z.uuid().safeParse(tokenId).success) throw new AppError("invalid_input", `id must be a token id (a UUID) from GET /api/auth/tokens; got '${tokenId.slice(0, 60)}'`);
      const row = await prisma.apiToken.findFirst({ where: { id: tokenId, userId, revokedAt: null } });
      if (!row) throw new AppError("not_found", `No active token with id ${tokenId}`);
      await prisma.apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
      checkedTokens.delete(row.tokenHash);
      for (const listener of revokedListeners) listener(row.tokenHash);
    },

    /**
     * Calls `listener` with the sha256 token hash of every token revoked here, right after the
     * revocation is stored (e.g. to close that token's open streams at once). Returns an unsubscribe.
     */
    onTokenRevoked(listener: (tokenHash: string) => void): () => void {
      revokedListeners.add(listener);
      return () => revokedListeners.delete(listener);
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;

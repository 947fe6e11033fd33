import type { PrismaClient } from "@todo/db";
import { hashToken, looksLikeToken } from "@todo/services";
import type { Authenticate } from "./routes.ts";

/**
 * Checks bearer tokens against mcp-server's ApiToken table (read only): the sha256 of a token
 * that is neither revoked nor past its `expiresAt`. `now` gives the time in ms since the epoch.
 */
export function apiTokenAuthenticator(prisma: PrismaClient, now: () => number = Date.now): Authenticate {
  return async (token) => {
    if (!looksLikeToken(token)) return null;
    const row = await prisma.apiToken.findUnique({ where: { tokenHash: hashToken(token) } });
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now())) return null;
    return { id: row.userId };
  };
}

import type { PrismaClient } from "@todo/db";
import { hashToken, looksLikeToken } from "@todo/services";

/**
 * The ApiToken row of a bearer token that still works — not revoked and not past `expiresAt` at
 * `now` — with its user; null otherwise (including for text that cannot be a token). The one
 * token→user lookup of every service: mcp-server's accounts (which add caching and the sliding
 * expiry of web tokens) and the notification service's stream and push routes. Tokens are stored
 * only as their sha256 (`hashToken`).
 */
export async function findLiveToken(prisma: PrismaClient, token: string, now: Date) {
  if (!looksLikeToken(token)) return null;
  const row = await prisma.apiToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now.getTime())) return null;
  return row;
}

import type { PrismaClient } from "@todo/db";
import { findLiveToken } from "@todo/http-kit";
import type { Authenticate } from "./routes.ts";

/**
 * Checks bearer tokens against mcp-server's ApiToken table (read only, see findLiveToken).
 * `now` gives the time in ms since the epoch.
 */
export function apiTokenAuthenticator(prisma: PrismaClient, now: () => number = Date.now): Authenticate {
  return async (token) => {
    const row = await findLiveToken(prisma, token, new Date(now()));
    return row ? { id: row.userId } : null;
  };
}

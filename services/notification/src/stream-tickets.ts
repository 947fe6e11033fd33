import { randomBytes } from "node:crypto";

/** Seconds a stream ticket stays valid. */
export const STREAM_TICKET_SECONDS = 60;

/**
 * Single-use tickets for opening the notification stream. A browser's EventSource cannot send an
 * Authorization header, and a bearer token in the URL would land in proxy and server logs; a
 * ticket in the URL is worth nothing once used or a minute old. Kept in this process's memory:
 * the SSE hub is per process too, so the ticket and the stream meet on the same replica.
 */
export class StreamTickets {
  private readonly tickets = new Map<string, { userId: string; token: string; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * A new ticket for `userId`, standing for `token` (kept in memory only, so the stream lives and
   * dies with that token): 32 random bytes, base64url; valid STREAM_TICKET_SECONDS, once.
   */
  issue(userId: string, token: string): { ticket: string; expiresInSeconds: number } {
    this.sweep();
    const ticket = randomBytes(32).toString("base64url");
    this.tickets.set(ticket, { userId, token, expiresAt: this.now() + STREAM_TICKET_SECONDS * 1000 });
    return { ticket, expiresInSeconds: STREAM_TICKET_SECONDS };
  }

  /** The user and token of a live ticket, which is used up by this call; null for unknown, used or expired ones. */
  redeem(ticket: string): { userId: string; token: string } | null {
    const entry = this.tickets.get(ticket);
    if (!entry) return null;
    this.tickets.delete(ticket);
    return entry.expiresAt > this.now() ? { userId: entry.userId, token: entry.token } : null;
  }

  private sweep(): void {
    if (this.tickets.size < 1_000) return;
    const now = this.now();
    for (const [ticket, entry] of this.tickets) if (entry.expiresAt <= now) this.tickets.delete(ticket);
  }
}

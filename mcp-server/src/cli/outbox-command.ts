import { discardDeadLetter, listDeadLetters, retryDeadLetter, type DeadLetter } from "../outbox/dead-letters.ts";
import type { PrismaClient } from "@todo/db";

/** What `npx todo outbox` acts on: the database in this process, or a running server. */
export interface OutboxAdmin {
  list(): Promise<DeadLetter[]>;
  retry(id: string): Promise<DeadLetter>;
  discard(id: string): Promise<DeadLetter>;
}

export class OutboxUsageError extends Error {}

export const OUTBOX_USAGE = `usage:
  npx todo outbox                  list dead-lettered events (task id, type, attempts, last error)
  npx todo outbox retry <id>       put a dead-lettered event back to pending
  npx todo outbox discard <id>     give up on a dead-lettered event (kept, no longer listed)`;

/** Acts on the outbox of a database opened in this process. */
export function localOutboxAdmin(prisma: PrismaClient): OutboxAdmin {
  return {
    list: () => listDeadLetters(prisma),
    retry: (id) => retryDeadLetter(prisma, id),
    discard: (id) => discardDeadLetter(prisma, id),
  };
}

/**
 * Acts through a running server's `/internal/outbox` routes (the embedded database allows one
 * process), with the shared INTERNAL_API_TOKEN.
 */
export function remoteOutboxAdmin(request: (path: string, init?: RequestInit) => Promise<Response>, internalToken: string): OutboxAdmin {
  const call = async <T>(path: string, method: "GET" | "POST"): Promise<T> => {
    const response = await request(path, { method, headers: { "x-internal-token": internalToken } });
    const body = (await response.json().catch(() => ({}))) as T & { error?: { message: string } };
    // Listing never answers 404 itself: a 404 there means the server has no /internal routes at all.
    if (response.status === 404 && method === "GET")
      throw new Error("the server does not offer /internal (start it with INTERNAL_API_TOKEN set to the same value as here)");
    if (!response.ok) throw new Error(body.error?.message ?? `the server answered ${response.status}`);
    return body;
  };
  return {
    list: async () => (await call<{ events: DeadLetter[] }>("/internal/outbox/dead-letters", "GET")).events,
    retry: async (id) => (await call<{ event: DeadLetter }>(`/internal/outbox/dead-letters/${encodeURIComponent(id)}/retry`, "POST")).event,
    discard: async (id) => (await call<{ event: DeadLetter }>(`/internal/outbox/dead-letters/${encodeURIComponent(id)}/discard`, "POST")).event,
  };
}

function oneLine(text: string | null, max: number): string {
  const flat = (text ?? "").replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The dead letters as a table, one line per event, with a header; a sentence when there are none. */
export function formatDeadLetters(events: DeadLetter[]): string {
  if (events.length === 0) return "no dead-lettered events\n";
  const header = ["id", "task", "type", "attempts", "dead since", "last error"];
  const rows = events.map((e) => [e.id, e.taskId, e.type, String(e.attempts), e.deadAt, oneLine(e.lastError, 120)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ");
  return [line(header), ...rows.map(line)].join("\n") + "\n";
}

/**
 * Runs `npx todo outbox [retry|discard <id>]` and returns what to print. Throws OutboxUsageError
 * for an unknown subcommand or a missing id, and passes on the admin's errors (an id that is not
 * dead-lettered, a server that refused).
 */
export async function runOutboxCommand(args: string[], admin: OutboxAdmin): Promise<string> {
  const [sub, id, ...rest] = args;
  if (sub === undefined || sub === "list") {
    if (id !== undefined) throw new OutboxUsageError(OUTBOX_USAGE);
    return formatDeadLetters(await admin.list());
  }
  if ((sub === "retry" || sub === "discard") && id && rest.length === 0) {
    const event = await (sub === "retry" ? admin.retry(id) : admin.discard(id));
    return sub === "retry"
      ? `event ${event.id} (${event.type} of task ${event.taskId}) is pending again\n`
      : `event ${event.id} (${event.type} of task ${event.taskId}) discarded\n`;
  }
  throw new OutboxUsageError(OUTBOX_USAGE);
}

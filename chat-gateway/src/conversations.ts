import { randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "@todo/db";
import { z } from "zod";
import { Pending, ToolExchange, UndoRecord, type ChatAction } from "./turn.ts";

/** What is kept with a reply (the assistant row's `actions` JSON). */
export interface StoredTurnData {
  actions: ChatAction[];
  pending?: Pending;
  undo?: UndoRecord;
  /** The id of the one task the turn acted on or showed: what "it" means in a later turn. */
  focus?: string;
  /** LLM mode: the model's tool calls and their results, for the next turns (see ToolExchange). */
  toolExchanges?: ToolExchange[];
}

const StoredPending = z.object({ pending: Pending });
const StoredUndo = z.object({ undo: UndoRecord });
const StoredFocus = z.object({ focus: z.string().min(1).max(100) });
const StoredExchanges = z.object({ toolExchanges: z.array(ToolExchange) });

/** The open question stored with a reply; rows without one (or from an older shape) have none. */
function storedPending(data: Prisma.JsonValue | null): Pending | undefined {
  const parsed = StoredPending.safeParse(data);
  return parsed.success ? parsed.data.pending : undefined;
}

/** What undo would reverse, stored with a reply that changed tasks; none otherwise. */
function storedUndo(data: Prisma.JsonValue | null): UndoRecord | undefined {
  const parsed = StoredUndo.safeParse(data);
  return parsed.success ? parsed.data.undo : undefined;
}

/** The task a reply acted on or showed alone; none for rows without one. */
function storedFocus(data: Prisma.JsonValue | null): string | undefined {
  const parsed = StoredFocus.safeParse(data);
  return parsed.success ? parsed.data.focus : undefined;
}

/** The tool calls and results stored with a reply; none for rows without them (or of another shape). */
function storedExchanges(data: Prisma.JsonValue | null): ToolExchange[] | undefined {
  const parsed = StoredExchanges.safeParse(data);
  return parsed.success ? parsed.data.toolExchanges : undefined;
}

/** One message of a conversation, as a turn reads it back: the parts of its stored data a turn uses. */
export interface StoredMessage {
  role: "user" | "assistant";
  content: string;
  pending?: Pending;
  undo?: UndoRecord;
  focus?: string;
  toolExchanges?: ToolExchange[];
  createdAt: Date;
}

/**
 * A message row read with only the parts of its `actions` JSON a turn uses (the tool calls'
 * results, often whole task lists, stay in the database).
 */
interface TurnMessageRow {
  role: string;
  content: string;
  pending: Prisma.JsonValue | null;
  undo: Prisma.JsonValue | null;
  focus: Prisma.JsonValue | null;
  toolExchanges: Prisma.JsonValue | null;
  createdAt: Date;
}

/** A row of the conversation-and-latest-messages query: the message columns are null for a conversation without any. */
interface OpenTurnRow extends Omit<TurnMessageRow, "role" | "content" | "createdAt"> {
  id: string;
  role: string | null;
  content: string | null;
  createdAt: Date | null;
}

const ROLES: ReadonlySet<string> = new Set(["user", "assistant"]);

function turnMessage(row: TurnMessageRow): StoredMessage {
  return {
    role: row.role === "user" ? "user" : "assistant",
    content: row.content,
    pending: storedPending({ pending: row.pending }),
    undo: storedUndo({ undo: row.undo }),
    focus: storedFocus({ focus: row.focus }),
    toolExchanges: storedExchanges({ toolExchanges: row.toolExchanges }),
    createdAt: row.createdAt,
  };
}

/** Conversations live in the database, so any gateway replica can answer any turn. */
export function conversationStore(prisma: PrismaClient) {
  return {
    /** The user's conversation, or a new one; null when the id is not one of theirs. */
    async open(userId: string, conversationId?: string): Promise<{ id: string } | null> {
      if (!conversationId) return prisma.conversation.create({ data: { userId }, select: { id: true } });
      return prisma.conversation.findFirst({ where: { id: conversationId, userId }, select: { id: true } });
    },
    /**
     * A turn's start: the user's conversation (a new one without an id) and its latest `limit`
     * messages, oldest first — one statement. Null when the id is not one of the user's conversations.
     * Only the parts of each message's stored data a turn reads are fetched (see StoredTurnData).
     */
    async openTurn(userId: string, conversationId: string | undefined, limit: number): Promise<{ id: string; history: StoredMessage[] } | null> {
      if (!conversationId) {
        const created = await prisma.conversation.create({ data: { userId }, select: { id: true } });
        return { id: created.id, history: [] };
      }
      const rows = await prisma.$queryRaw<OpenTurnRow[]>`
        SELECT c."id", m."role", m."content", m."createdAt", m."pending", m."undo", m."focus", m."toolExchanges"
        FROM "Conversation" c
        LEFT JOIN LATERAL (
          SELECT "role"::text AS "role", "content", "createdAt",
                 "actions" -> 'pending' AS "pending", "actions" -> 'undo' AS "undo",
                 "actions" -> 'focus' AS "focus", "actions" -> 'toolExchanges' AS "toolExchanges"
          FROM "ChatMessage"
          WHERE "conversationId" = c."id"
          ORDER BY "createdAt" DESC
          LIMIT ${limit}
        ) m ON true
        WHERE c."id" = ${conversationId}::uuid AND c."userId" = ${userId}::uuid`;
      const [first] = rows;
      if (!first) return null;
      const history: StoredMessage[] = [];
      for (const row of rows) {
        if (row.role === null || row.content === null || row.createdAt === null || !ROLES.has(row.role)) continue;
        history.push(turnMessage({ ...row, role: row.role, content: row.content, createdAt: row.createdAt }));
      }
      return { id: first.id, history: history.reverse() };
    },
    /** The user's latest conversations, newest first: id, when last used, and its first message (≤ 80 characters). */
    async latest(userId: string, limit: number) {
      const rows = await prisma.conversation.findMany({
        where: { userId },
        orderBy: { updatedAt: "desc" },
        take: limit,
        select: {
          id: true,
          updatedAt: true,
          messages: { where: { role: "user" }, orderBy: { createdAt: "asc" }, take: 1, select: { content: true } },
        },
      });
      return rows.map((row) => ({ id: row.id, updatedAt: row.updatedAt, title: row.messages[0]?.content.slice(0, 80) ?? null }));
    },
    async history(conversationId: string, limit = 40) {
      const rows = await prisma.chatMessage.findMany({ where: { conversationId }, orderBy: { createdAt: "desc" }, take: limit });
      return rows.reverse().map((row) => ({
        role: row.role,
        content: row.content,
        pending: storedPending(row.actions),
        undo: storedUndo(row.actions),
        focus: storedFocus(row.actions),
        toolExchanges: storedExchanges(row.actions),
        createdAt: row.createdAt,
      }));
    },
    /**
     * Keeps a turn: the user's message and the reply (with `data` as its `actions` JSON), and marks
     * the conversation used. One statement (atomic on its own): a turn's transcript costs one round
     * trip rather than a transaction's five. Throws when the conversation no longer exists.
     */
    async record(conversationId: string, message: string, reply: string, data: StoredTurnData): Promise<void> {
      // Explicit times, a millisecond apart: the two rows keep their order when read back.
      const at = Date.now();
      const inserted = await prisma.$executeRaw`
        WITH used AS (
          UPDATE "Conversation" SET "updatedAt" = ${new Date(at)} WHERE "id" = ${conversationId}::uuid RETURNING "id"
        )
        INSERT INTO "ChatMessage" ("id", "conversationId", "role", "content", "actions", "createdAt")
        SELECT m."id", used."id", m."role", m."content", m."actions", m."createdAt"
        FROM used, (VALUES
          (${randomUUID()}::uuid, 'user'::"ChatRole", ${message}, NULL::jsonb, ${new Date(at)}::timestamptz),
          (${randomUUID()}::uuid, 'assistant'::"ChatRole", ${reply}, ${JSON.stringify(data)}::jsonb, ${new Date(at + 1)}::timestamptz)
        ) AS m("id", "role", "content", "actions", "createdAt")`;
      if (inserted !== 2) throw new Error(`conversation ${conversationId} no longer exists; the turn was not recorded`);
    },
  };
}
export type ConversationStore = ReturnType<typeof conversationStore>;

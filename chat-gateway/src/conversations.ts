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

/** Conversations live in the database, so any gateway replica can answer any turn. */
export function conversationStore(prisma: PrismaClient) {
  return {
    /** The user's conversation, or a new one; null when the id is not one of theirs. */
    async open(userId: string, conversationId?: string): Promise<{ id: string } | null> {
      if (!conversationId) return prisma.conversation.create({ data: { userId }, select: { id: true } });
      return prisma.conversation.findFirst({ where: { id: conversationId, userId }, select: { id: true } });
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
    async record(conversationId: string, message: string, reply: string, data: StoredTurnData): Promise<void> {
      // Explicit times: inside one transaction PostgreSQL's now() is the same for both rows.
      // One nested write (atomic, like a transaction) instead of an interactive transaction: a turn
      // costs one statement batch rather than five round trips.
      const at = Date.now();
      await prisma.conversation.update({
        where: { id: conversationId },
        data: {
          updatedAt: new Date(),
          messages: {
            createMany: {
              data: [
                { role: "user", content: message, createdAt: new Date(at) },
                { role: "assistant", content: reply, actions: data as unknown as Prisma.InputJsonValue, createdAt: new Date(at + 1) },
              ],
            },
          },
        },
        select: { id: true },
      });
    },
  };
}
export type ConversationStore = ReturnType<typeof conversationStore>;

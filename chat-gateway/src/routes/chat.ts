import { Hono, type Context } from "hono";
import { streamSSE } from "hono/streaming";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { describeZodError, SafeText, type Clock } from "@todo/services";
import type { Logger } from "pino";
import type { ConversationStore, StoredMessage } from "../conversations.ts";
import { llmTurn, type LlmSettings } from "../llm/llm-turn.ts";
import { offlineTurn } from "../offline/offline-turn.ts";
import type { ToolClient } from "../tool-client.ts";
import type { OnDelta, TurnResult } from "../turn.ts";
import { bearerToken, errorJson, MAX_REST_BODY_BYTES, payloadTooLarge } from "@todo/http-kit";

export interface ChatUser {
  id: string;
  username: string;
  timeZone: string;
}

export interface ChatRoutesOptions {
  authenticate: (token: string) => Promise<ChatUser | null>;
  connectTools: (token: string, user: ChatUser) => Promise<ToolClient>;
  conversations: ConversationStore;
  clock: Clock;
  logger: Logger;
  llm?: LlmSettings;
}

export const ChatRequest = z.strictObject({
  conversationId: z.uuid({ error: "must be the conversationId a previous reply gave" }).optional(),
  message: SafeText.trim().min(1, { error: "must not be empty" }).max(2_000, { error: "must be at most 2,000 characters" }),
});

/** GET /api/conversations?limit=1..50 (default 20). */
export const ConversationListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1, { error: "must be 1-50" }).max(50, { error: "must be 1-50" }).default(20),
});

/** POST /api/chat and its streaming twin /api/chat/stream (SSE), plus the user's latest conversations and the history of one. */
export function chatRoutes(options: ChatRoutesOptions): Hono<{ Variables: { user: ChatUser; token: string } }> {
  const app = new Hono<{ Variables: { user: ChatUser; token: string } }>();
  // Scoped paths: this app is mounted at the root beside other routes.
  const requireUser = async (c: Context<{ Variables: { user: ChatUser; token: string } }>, next: () => Promise<void>) => {
    const token = bearerToken(c);
    const user = token ? await options.authenticate(token) : null;
    if (!user || !token) return errorJson(c, "unauthorized", "Send 'Authorization: Bearer <token>'; sign in at /api/auth/login");
    c.set("user", user);
    c.set("token", token);
    await next();
  };
  // Bodies above 1 MiB are refused (a message is at most 2,000 characters anyway).
  const limit = bodyLimit({ maxSize: MAX_REST_BODY_BYTES, onError: payloadTooLarge });
  for (const route of ["/api/chat", "/api/chat/*", "/api/conversations", "/api/conversations/*"]) app.use(route, limit, requireUser);

  /** A checked request, its conversation (with history) and the user's tools, ready to run. */
  interface PreparedTurn {
    user: ChatUser;
    message: string;
    conversationId: string;
    history: StoredMessage[];
    tools: ToolClient;
  }

  async function prepareTurn(c: Context<{ Variables: { user: ChatUser; token: string } }>): Promise<Response | PreparedTurn> {
    const body: unknown = await c.req.json().catch(() => undefined);
    const parsed = ChatRequest.safeParse(body);
    if (!parsed.success)
      return errorJson(
        c,
        "invalid_input",
        body === undefined ? "The request body must be JSON: {message, conversationId?}" : describeZodError(parsed.error),
      );
    const user = c.get("user");
    // The offline engine reads only the previous reply (its open question and undo record); the
    // language model sees the recent transcript.
    const conversation = await options.conversations.openTurn(user.id, parsed.data.conversationId, options.llm ? 40 : 1);
    if (!conversation) return errorJson(c, "not_found", `No conversation ${parsed.data.conversationId}; omit conversationId to start one`);
    const tools = await options.connectTools(c.get("token"), user);
    return { user, message: parsed.data.message, conversationId: conversation.id, history: conversation.history, tools };
  }

  /**
   * Runs a prepared turn and keeps its transcript. With `onDelta` the reply streams: the language
   * model's tokens as they arrive, the offline engine's reply as one piece.
   */
  async function runTurn(turn: PreparedTurn, onDelta?: OnDelta): Promise<{ conversationId: string; result: TurnResult }> {
    const { user, tools, history } = turn;
    try {
      const now = options.clock.now();
      let result: TurnResult;
      if (options.llm) {
        result = await llmTurn(
          {
            message: turn.message,
            history: history.map((m) => ({ role: m.role, content: m.content, toolExchanges: m.toolExchanges })),
            timeZone: user.timeZone,
            now,
            tools,
            onDelta,
          },
          options.llm,
        );
      } else {
        result = await offlineTurn({
          message: turn.message,
          timeZone: user.timeZone,
          now,
          tools,
          pending: history.at(-1)?.pending,
          undo: history.at(-1)?.undo,
          focus: history.at(-1)?.focus,
        });
        if (onDelta && result.reply) await onDelta(result.reply);
      }
      // "it" keeps meaning the same task until a turn acts on or shows another: carried forward, so
      // the next turn reads it from the previous reply alone.
      const focus = result.focus ?? (options.llm ? undefined : history.at(-1)?.focus);
      // The turn's actions have happened: failing to keep the transcript must not turn them into an
      // error, or a retrying client repeats them (a second task). Answer, and say so in the log.
      try {
        await options.conversations.record(turn.conversationId, turn.message, result.reply, {
          actions: result.actions,
          pending: result.pending,
          ...(result.undo ? { undo: result.undo } : {}),
          ...(focus && { focus }),
          ...(result.toolExchanges ? { toolExchanges: result.toolExchanges } : {}),
        });
      } catch (error) {
        options.logger.error(
          { err: error, conversationId: turn.conversationId, actions: result.actions.map((a) => a.tool) },
          "chat turn done but not recorded",
        );
      }
      return { conversationId: turn.conversationId, result };
    } finally {
      await tools.close();
    }
  }

  app.post("/api/chat", async (c) => {
    const prepared = await prepareTurn(c);
    if (prepared instanceof Response) return prepared;
    const turn = await runTurn(prepared);
    return c.json({ conversationId: turn.conversationId, reply: turn.result.reply, actions: turn.result.actions });
  });

  // SSE: `delta` {text} as the reply is produced, then one `action` per tool call, `reply`
  // {conversationId, reply} (the whole text) and `done`. A bad request is answered before the
  // stream starts, as JSON with its status.
  app.post("/api/chat/stream", async (c) => {
    const prepared = await prepareTurn(c);
    if (prepared instanceof Response) return prepared;
    return streamSSE(
      c,
      async (stream) => {
        // A reader that went away stops hearing the turn, not the turn itself: it still runs and is kept.
        const send = async (event: string, data: unknown) => {
          if (stream.aborted || stream.closed) return;
          await stream.writeSSE({ event, data: JSON.stringify(data) });
        };
        const turn = await runTurn(prepared, (text) => send("delta", { text }));
        for (const action of turn.result.actions) await send("action", action);
        await send("reply", { conversationId: turn.conversationId, reply: turn.result.reply });
        await send("done", {});
      },
      async (error, stream) => {
        options.logger.error({ err: error, conversationId: prepared.conversationId }, "chat stream failed");
        await stream.writeSSE({
          event: "error",
          data: JSON.stringify({ error: { code: "internal", message: "The chat turn failed; please try again" } }),
        });
      },
    );
  });

  // The latest conversations, newest first, so a page signed in on another browser picks up where the user left off.
  app.get("/api/conversations", async (c) => {
    const parsed = ConversationListQuery.safeParse({ limit: c.req.query("limit") });
    if (!parsed.success) return errorJson(c, "invalid_input", describeZodError(parsed.error));
    const latest = await options.conversations.latest(c.get("user").id, parsed.data.limit);
    return c.json({
      conversations: latest.map((row) => ({ conversationId: row.id, updatedAt: row.updatedAt.toISOString(), title: row.title })),
    });
  });

  app.get("/api/conversations/:id", async (c) => {
    const id = c.req.param("id");
    const conversation = z.uuid().safeParse(id).success ? await options.conversations.open(c.get("user").id, id) : null;
    if (!conversation) return errorJson(c, "not_found", "No such conversation");
    const messages = await options.conversations.history(conversation.id, 100);
    return c.json({
      conversationId: conversation.id,
      messages: messages.map((m) => ({ role: m.role, content: m.content, at: m.createdAt.toISOString() })),
    });
  });
  return app;
}

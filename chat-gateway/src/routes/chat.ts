import { Hono, type Context } from "hono";
import { streamSSE } from "hono/streaming";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { describeZodError, SafeText, type Clock } from "@todo/services";
import type { Logger } from "pino";
import type { ConversationStore } from "../conversations.ts";
import { llmTurn, type LlmSettings } from "../llm/llm-turn.ts";
import { offlineTurn } from "../offline/offline-turn.ts";
import type { ToolClient } from "../tool-client.ts";
import type { TurnResult } from "../turn.ts";
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

  async function runTurn(
    c: Context<{ Variables: { user: ChatUser; token: string } }>,
  ): Promise<Response | { conversationId: string; result: TurnResult }> {
    const body: unknown = await c.req.json().catch(() => undefined);
    const parsed = ChatRequest.safeParse(body);
    if (!parsed.success)
      return errorJson(
        c,
        "invalid_input",
        body === undefined ? "The request body must be JSON: {message, conversationId?}" : describeZodError(parsed.error),
      );
    const user = c.get("user");
    const conversation = await options.conversations.open(user.id, parsed.data.conversationId);
    if (!conversation) return errorJson(c, "not_found", `No conversation ${parsed.data.conversationId}; omit conversationId to start one`);
    const history = await options.conversations.history(conversation.id);
    const tools = await options.connectTools(c.get("token"), user);
    try {
      const now = options.clock.now();
      const result = options.llm
        ? await llmTurn(
            {
              message: parsed.data.message,
              history: history.map((m) => ({ role: m.role, content: m.content })),
              timeZone: user.timeZone,
              now,
              tools,
            },
            options.llm,
          )
        : await offlineTurn({ message: parsed.data.message, timeZone: user.timeZone, now, tools, pending: history.at(-1)?.pending });
      // The turn's actions have happened: failing to keep the transcript must not turn them into an
      // error, or a retrying client repeats them (a second task). Answer, and say so in the log.
      try {
        await options.conversations.record(conversation.id, parsed.data.message, result.reply, { actions: result.actions, pending: result.pending });
      } catch (error) {
        options.logger.error(
          { err: error, conversationId: conversation.id, actions: result.actions.map((a) => a.tool) },
          "chat turn done but not recorded",
        );
      }
      return { conversationId: conversation.id, result };
    } finally {
      await tools.close();
    }
  }

  app.post("/api/chat", async (c) => {
    const turn = await runTurn(c);
    if (turn instanceof Response) return turn;
    return c.json({ conversationId: turn.conversationId, reply: turn.result.reply, actions: turn.result.actions });
  });

  app.post("/api/chat/stream", async (c) => {
    const turn = await runTurn(c);
    if (turn instanceof Response) return turn;
    return streamSSE(c, async (stream) => {
      for (const action of turn.result.actions) await stream.writeSSE({ event: "action", data: JSON.stringify(action) });
      await stream.writeSSE({ event: "reply", data: JSON.stringify({ conversationId: turn.conversationId, reply: turn.result.reply }) });
      await stream.writeSSE({ event: "done", data: "{}" });
    });
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

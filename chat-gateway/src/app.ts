import { Hono } from "hono";
import type { PrismaClient } from "@todo/db";
import { systemClock, type Clock } from "@todo/services";
import type { Logger } from "pino";
import { conversationStore } from "./conversations.ts";
import type { LlmSettings } from "./llm/llm-turn.ts";
import { chatRoutes, type ChatUser } from "./routes/chat.ts";
import { pageRoutes } from "./routes/page.ts";
import type { ToolClient } from "./tool-client.ts";

export interface GatewayOptions {
  prisma: PrismaClient;
  logger: Logger;
  authenticate: (token: string) => Promise<ChatUser | null>;
  /** An MCP client acting as the user: in-process when embedded, Streamable HTTP to mcp-server otherwise. */
  connectTools: (token: string, user: ChatUser) => Promise<ToolClient>;
  /** Set to use an OpenAI-compatible model; otherwise the offline engine answers. */
  llm?: LlmSettings;
  clock?: Clock;
}

/** The chat gateway: the web page at / and the chat API. */
export function createGatewayApp(options: GatewayOptions): Hono {
  const app = new Hono();
  app.route("/", pageRoutes());
  app.route(
    "/",
    chatRoutes({
      authenticate: options.authenticate,
      connectTools: options.connectTools,
      conversations: conversationStore(options.prisma),
      clock: options.clock ?? systemClock,
      logger: options.logger,
      llm: options.llm,
    }),
  );
  return app;
}

export type { ChatUser } from "./routes/chat.ts";
export { mcpToolClient, type ToolClient } from "./tool-client.ts";
export type { LlmSettings } from "./llm/llm-turn.ts";

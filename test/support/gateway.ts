import type { Database } from "@todo/db";
import { createGatewayApp, type LlmSettings } from "@todo/chat-gateway";
import { inProcessTools } from "@todo/embedded";
import { silentLogger, testApp } from "./app.ts";

/** Mounts the chat gateway on a test app (`testApp` or `testBackbone`) as the embedded start does. */
export function mountGateway(db: Database, t: ReturnType<typeof testApp>, llm?: LlmSettings): void {
  t.app.route(
    "/",
    createGatewayApp({
      prisma: db.prisma,
      logger: silentLogger,
      authenticate: t.accounts.authenticate,
      connectTools: inProcessTools(t.contextFor, silentLogger),
      llm,
      clock: t.clock,
    }),
  );
}

/** mcp-server's app with the chat gateway mounted, as the embedded start wires them. */
export function testGateway(db: Database, now: string, llm?: LlmSettings) {
  const t = testApp(db, now);
  mountGateway(db, t, llm);
  const chat = async (token: string, message: string, conversationId?: string) => {
    const response = await t.request("POST", "/api/chat", { token, body: conversationId ? { message, conversationId } : { message } });
    return {
      status: response.status,
      body: (await response.json()) as {
        conversationId: string;
        reply: string;
        actions: Array<{ tool: string; input: any; result?: any; error?: string }>;
      } & { error?: { message: string } },
    };
  };
  return { ...t, chat };
}

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { mcpToolClient, type ChatUser, type ToolClient } from "@todo/chat-gateway";
import type { Logger } from "@todo/http-kit";
import { createMcpServer, requestScopedContext, runInRequestContext } from "@todo/mcp-server";
import type { TaskContext } from "@todo/services";

/**
 * Embedded mode: the chat gateway's MCP client talks to an MCP server in this process over a
 * linked in-memory transport — the same protocol as over HTTP, without the network.
 *
 * One server and one client serve every turn of every user (building them, and the client's
 * JSON-schema validator, cost as much as a turn's tool call). The server's tools read the user
 * from a request-scoped context (as pooled HTTP servers do, see mcp-server's routes/mcp.ts): each
 * call runs inside `runInRequestContext` with that user's context, and the in-memory transport
 * delivers the request synchronously, so the server's handler runs in the caller's async context
 * and two users' calls at once never see each other's user. The server's `initialize` answer
 * (its instructions name the zone and date of the user whose turn connected it) goes only to this
 * client, which never reads it. `close()` on a user's tools is a no-op: the pair stays for the next turn.
 */
export function inProcessTools(contextFor: (user: ChatUser) => TaskContext, logger: Logger) {
  let shared: Promise<ToolClient> | undefined;
  const connect = async (): Promise<ToolClient> => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const server = createMcpServer({ context: requestScopedContext, logger });
    await server.connect(serverSide);
    const client = new Client({ name: "chat-gateway", version: "0.1.0" });
    await client.connect(clientSide);
    return mcpToolClient(client);
  };
  return async (_token: string, user: ChatUser): Promise<ToolClient> => {
    const context = contextFor(user);
    const inContext = <T>(work: () => Promise<T>) => runInRequestContext(context, work);
    // A failed connect is retried by the next turn rather than remembered.
    const tools = await inContext(
      () =>
        (shared ??= connect().catch((error: unknown) => {
          shared = undefined;
          throw error;
        })),
    );
    return {
      call: (name, args) => inContext(() => tools.call(name, args)),
      callByName: (name, args) => inContext(() => tools.callByName(name, args)),
      list: () => inContext(() => tools.list()),
      close: async () => {},
    };
  };
}

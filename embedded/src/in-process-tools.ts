import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { mcpToolClient, type ChatUser, type ToolClient } from "@todo/chat-gateway";
import type { Logger } from "@todo/http-kit";
import { createMcpServer } from "@todo/mcp-server";
import type { TaskContext } from "@todo/services";

/**
 * Embedded mode: the chat gateway's MCP client talks to an MCP server in this process over a
 * linked in-memory transport — the same protocol as over HTTP, without the network.
 */
export function inProcessTools(contextFor: (user: ChatUser) => TaskContext, logger: Logger) {
  return async (_token: string, user: ChatUser): Promise<ToolClient> => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const server = createMcpServer({ context: contextFor(user), logger });
    await server.connect(serverSide);
    const client = new Client({ name: "chat-gateway", version: "0.1.0" });
    await client.connect(clientSide);
    const tools = mcpToolClient(client);
    return {
      ...tools,
      async close() {
        await tools.close();
        await server.close();
      },
    };
  };
}

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { z } from "zod";
import type { ChatUser } from "./routes/chat.ts";
import { mcpToolClient, type ToolClient } from "./tool-client.ts";

/** Distributed mode: the MCP tools of mcp-server over Streamable HTTP, with the user's own token. */
export function remoteTools(mcpServerUrl: string) {
  return async (token: string): Promise<ToolClient> => {
    const client = new Client({ name: "chat-gateway", version: "0.1.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL("/mcp", mcpServerUrl), { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
    );
    return mcpToolClient(client);
  };
}

const MeResponse = z.object({ user: z.object({ id: z.string(), username: z.string(), timeZone: z.string() }) });

/** Distributed mode: who a token belongs to, asked of mcp-server. */
export function remoteAuthenticate(mcpServerUrl: string) {
  return async (token: string): Promise<ChatUser | null> => {
    const response = await fetch(new URL("/api/auth/me", mcpServerUrl), {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(5_000),
    });
    if (response.status === 401) return null;
    if (!response.ok) throw new Error(`mcp-server answered ${response.status} to /api/auth/me`);
    return MeResponse.parse(await response.json()).user;
  };
}

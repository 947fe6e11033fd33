import type { Client } from "@modelcontextprotocol/sdk/client/index.js";

export interface ToolOutcome {
  ok: boolean;
  /** structuredContent of a successful call */
  data?: Record<string, any>;
  /** The error text of a failed call (what the model is told to fix) */
  error?: string;
}

export interface ToolDescription {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

/** The MCP tools as the chat uses them, acting as one signed-in user. */
export interface ToolClient {
  call(name: string, args: Record<string, unknown>): Promise<ToolOutcome>;
  list(): Promise<ToolDescription[]>;
  close(): Promise<void>;
}

/** Wraps an MCP SDK client (over Streamable HTTP or an in-process transport). */
export function mcpToolClient(client: Client): ToolClient {
  return {
    async call(name, args) {
      const result = await client.callTool({ name, arguments: args });
      const text = Array.isArray(result.content) ? result.content.map((part: any) => (part.type === "text" ? part.text : "")).join("\n") : "";
      if (result.isError) return { ok: false, error: text };
      return { ok: true, data: (result.structuredContent ?? {}) as Record<string, any> };
    },
    async list() {
      const { tools } = await client.listTools();
      return tools.map((tool) => ({ name: tool.name, description: tool.description, inputSchema: tool.inputSchema as Record<string, unknown> }));
    },
    close: () => client.close(),
  };
}

import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { createMcpServer } from "../mcp/create-server.ts";
import type { Logger } from "@todo/http-kit";
import type { Backend } from "./backend.ts";

/** Runs until stdin closes: MCP over stdio for an IDE, acting as the token's user. */
export async function serveStdioMcp(backend: Backend, token: string, logger: Logger): Promise<void> {
  const stdio = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    stdio.onclose = resolve;
    process.stdin.once("end", resolve);
  });
  if (backend.kind === "server") {
    // Relay messages as they are to the running server's /mcp: one process owns the data.
    const remote = new StreamableHTTPClientTransport(new URL("/mcp", backend.url), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    });
    pipe(stdio, remote, logger);
    pipe(remote, stdio, logger);
    await remote.start();
    await stdio.start();
    await closed;
    await remote.close();
    return;
  }
  const user = await backend.app.accounts.authenticate(token);
  if (!user) throw new Error("TODO_TOKEN is unknown or revoked; create one with `npx todo token <username>`");
  const server = createMcpServer({ context: backend.app.contextFor(user), logger });
  await server.connect(stdio);
  logger.info({ user: user.username }, "MCP on stdio ready");
  await closed;
  await server.close();
}

function pipe(from: Transport, to: Transport, logger: Logger): void {
  from.onmessage = (message) => {
    to.send(message).catch((error: unknown) => logger.error({ err: error }, "MCP relay failed"));
  };
  from.onerror = (error) => logger.error({ err: error }, "MCP transport error");
}

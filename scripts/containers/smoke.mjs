// `node scripts/containers/smoke.mjs <mcp-server URL>`: the MCP smoke test for a deployed system
// (the kind job of .github/workflows/ci.yml; any cluster behind a port-forward). Signs a new user
// up, adds a daily task over MCP (Streamable HTTP, the official SDK client), completes it, and waits
// (up to two minutes) for the recurrence worker to create the next occurrence through Kafka.
// Exits 0 when it did, 1 otherwise, saying what it waited for.
import { randomUUID } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const base = process.argv[2];
if (!base) {
  console.error("usage: node scripts/containers/smoke.mjs <mcp-server URL, e.g. http://127.0.0.1:3000>");
  process.exit(2);
}
const deadline = Date.now() + 120_000;
const pause = () => new Promise((resolve) => setTimeout(resolve, 1_000));

// The port-forward may take a moment to listen.
let signup;
while (!signup) {
  try {
    const response = await fetch(new URL("/api/auth/signup", base), {
      method: "POST",
      body: JSON.stringify({ username: `smoke-${randomUUID().slice(0, 8)}`, password: "a long smoke password", timeZone: "UTC" }),
    });
    if (response.ok) signup = await response.json();
    else throw new Error(`signup answered ${response.status}`);
  } catch (error) {
    if (Date.now() > deadline) throw error;
    await pause();
  }
}
const mcp = new Client({ name: "smoke", version: "1" });
await mcp.connect(
  new StreamableHTTPClientTransport(new URL("/mcp", base), { requestInit: { headers: { authorization: `Bearer ${signup.token}` } } }),
);
const call = async (name, args) => {
  const result = await mcp.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.content)}`);
  return result.structuredContent;
};
const { task } = await call("add_task", { title: "smoke test", due: "tomorrow 9am", recurrence: "daily" });
await call("complete_task", { id: task.id });
for (;;) {
  const { tasks } = await call("list_tasks", { status: "all", recurring: true, limit: 100 });
  if (tasks.some((t) => t.seriesId === task.seriesId && t.occurrenceIndex === 2)) break;
  if (Date.now() > deadline) {
    console.error("the next occurrence did not appear within two minutes (recurrence worker, Dapr pub/sub or Kafka)");
    process.exit(1);
  }
  await pause();
}
await mcp.close();
console.log(`smoke test passed: ${base} added, completed and repeated a task over MCP`);

// `npm run distributed`: the distributed mode on this machine — Kafka (KRaft), Dapr's scheduler,
// and mcp-server, chat-gateway, notification and recurrence each beside its own daprd, on a fresh
// database of the PostgreSQL server at DATABASE_URL. Ctrl-C stops everything.
// Needs: scripts/build-tools.sh dapr kafka (once), Java 17+, a PostgreSQL server.
import webpush from "web-push";
import { DistributedRun, haveDistributedTools, newInternalToken } from "../test/support/distributed.ts";
import { distributedRunEnv } from "./env.ts";

const baseUrl = distributedRunEnv.DATABASE_URL;
if (!baseUrl || !haveDistributedTools()) {
  console.error("Set DATABASE_URL to a PostgreSQL server (a database is created on it) and run scripts/build-tools.sh dapr kafka first.");
  process.exit(2);
}
const run = new DistributedRun(baseUrl);
const vapid = webpush.generateVAPIDKeys();
const internal = newInternalToken();
const stop = async () => {
  await run.stopAll();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
try {
  await run.startInfrastructure();
  const common = { VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey, INTERNAL_API_TOKEN: internal };
  await run.startApp({
    appId: "mcp-server",
    entry: "mcp-server/src/main.ts",
    port: 13000,
    daprBase: 13500,
    env: { ...common, EVENT_BUS: "dapr", TODO_DATA_DIR: `${run.dir}/mcp` },
  });
  await run.startApp({ appId: "notification", entry: "services/notification/src/main.ts", port: 13003, daprBase: 13530, env: common });
  await run.startApp({ appId: "recurrence", entry: "services/recurrence/src/main.ts", port: 13002, daprBase: 13520, env: common });
  await run.startApp({
    appId: "chat-gateway",
    entry: "chat-gateway/src/main.ts",
    port: 13001,
    daprBase: 13510,
    env: { MCP_SERVER_URL: "http://127.0.0.1:13000" },
  });
  console.log(`Distributed run ready (database ${run.databaseUrl.replace(/\/\/[^@]*@/, "//…@")}):
  web page + chat   http://127.0.0.1:13001   (API and MCP at http://127.0.0.1:13000)
  notification      http://127.0.0.1:13003   recurrence http://127.0.0.1:13002
  Kafka             127.0.0.1:19092          Dapr scheduler 127.0.0.1:50006
Ctrl-C stops everything.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await run.stopAll();
  process.exit(1);
}

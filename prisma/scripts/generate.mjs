// Runs after `npm install`: generates the Prisma client offline, then prepares the migrated empty
// embedded database that a first start unpacks (see prisma/src/pglite-template.ts).
//
// Every prisma CLI command first tries to download the native schema engine, which these machines
// cannot reach; `generate` never runs it, so any executable satisfies the check
// (see ../shared/notes/prisma-offline.md).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { childEnvironment } from "./env.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const run = (args, env = {}) => {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit", env: childEnvironment(env) });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run([path.join(root, "node_modules", "prisma", "build", "index.js"), "generate", "--schema", "prisma/schema.prisma"], {
  PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
});
run(["--import", "tsx", path.join(root, "prisma", "scripts", "template.ts")]);

// `npm run dev`: the embedded server on port 3000 and Vite's dev server (hot reload) on 5173, which
// passes /api through to it. Open http://localhost:5173. Ctrl-C stops both.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { childEnvironment } from "../prisma/scripts/env.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const web = path.join(root, "web");
const { createServer } = await import("vite");
/** Must match DEV_API_PORT in web/vite.config.ts (where the dev server sends /api). */
const DEV_API_PORT = 3000;

const server = spawn(process.execPath, ["--import", "tsx", path.join(root, "embedded", "src", "main.ts")], {
  cwd: root,
  env: childEnvironment({ PORT: String(DEV_API_PORT) }),
  stdio: "inherit",
});
const vite = await createServer({ root: web, configFile: path.join(web, "vite.config.ts") });
await vite.listen();
vite.printUrls();

const stop = async () => {
  server.kill("SIGTERM");
  await vite.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
server.on("exit", (code) => {
  void vite.close().then(() => process.exit(code ?? 0));
});

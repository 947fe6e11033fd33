// `npm run build:web` (also after `npm install`, and before `npm start` when the sources are newer than
// the build): builds the React app in web/ with Vite into web/dist, which chat-gateway serves.
// `--if-stale`: only when web/dist is missing or older than a source file (web/, the shared formatter).
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const web = path.join(root, "web");
const built = path.join(web, "dist", "index.html");

/** The newest modification time (ms) under `target` (a file or a folder). */
function newest(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(target).map((name) => newest(path.join(target, name))));
}

const sources = ["src", "public", "index.html", "vite.config.ts", "package.json"].map((p) => path.join(web, p));
sources.push(path.join(root, "services", "src", "format"));
if (process.argv.includes("--if-stale") && existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources.map(newest))) process.exit(0);

const started = Date.now();
const { build } = await import("vite");
await build({ root: web, configFile: path.join(web, "vite.config.ts"), logLevel: "warn" });
process.stdout.write(`built web/dist in ${Date.now() - started} ms\n`);

// `npm run build`: compiles each deployable's entry to one JavaScript file, `<workspace>/dist/main.js`,
// which production runs with plain `node` (no TypeScript at run time). Our workspaces (@todo/*) are
// compiled in; npm packages stay external and load from node_modules as usual, so native and
// WebAssembly assets (PGlite, argon2, Prisma's engine) are found where npm put them.
import { build } from "esbuild";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** workspace folder → its process entry (src/main.ts everywhere). */
const DEPLOYABLES = ["embedded", "mcp-server", "chat-gateway", "services/recurrence", "services/notification"];

const externalPackages = {
  name: "external-npm-packages",
  setup(build) {
    // Bare specifiers that are not our workspaces stay imports; relative paths and @todo/* are bundled.
    build.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("@todo/") ? undefined : { path: args.path, external: true }));
  },
};

const only = process.argv.slice(2);
for (const workspace of DEPLOYABLES.filter((w) => only.length === 0 || only.includes(w))) {
  const started = Date.now();
  await build({
    entryPoints: [path.join(root, workspace, "src", "main.ts")],
    outfile: path.join(root, workspace, "dist", "main.js"),
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    sourcemap: true,
    plugins: [externalPackages],
    logLevel: "warning",
    // Bundled ESM has no require(); some CommonJS packages' interop needs one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  process.stdout.write(`built ${workspace}/dist/main.js in ${Date.now() - started} ms\n`);
}

// `npm run build`: compiles each deployable's entry to one JavaScript file, `<workspace>/dist/main.js`,
// which production runs with plain `node` (no TypeScript at run time). Our workspaces (@todo/*) are
// compiled in; npm packages stay external and load from node_modules as usual, so native and
// WebAssembly assets (PGlite, argon2, Prisma's engine) are found where npm put them. Production
// images compile npm packages in too (`selfContained`, see scripts/image-app.mjs).
import { build } from "esbuild";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** workspace folder → its process entry (src/main.ts everywhere). */
const DEPLOYABLES = ["embedded", "mcp-server", "chat-gateway", "services/recurrence", "services/notification"];

/**
 * npm packages that stay imports even in a self-contained bundle: they read files of their own at
 * run time (PGlite's WebAssembly and data, Prisma's schema engine WebAssembly, argon2's native addon).
 */
export const UNBUNDLED_PACKAGES = ["@electric-sql/pglite", "@prisma/schema-engine-wasm", "@node-rs/argon2"];

/** esbuild plugin: bare specifiers that are not our workspaces (or, self-contained, not in `keep`) stay imports. */
const externalPackages = (keep) => ({
  name: "external-npm-packages",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith("@todo/")) return undefined;
      if (keep && !keep.some((name) => args.path === name || args.path.startsWith(`${name}/`))) return undefined;
      return { path: args.path, external: true };
    });
  },
});

/**
 * esbuild options compiling `workspace`'s src/main.ts to one ESM file (default `<workspace>/dist/main.js`).
 * `selfContained` also compiles in every npm package but UNBUNDLED_PACKAGES (production images,
 * scripts/image-app.mjs); otherwise npm packages load from node_modules as usual.
 */
export function bundleOptions(workspace, { selfContained = false, outfile = path.join(root, workspace, "dist", "main.js") } = {}) {
  return {
    entryPoints: [path.join(root, workspace, "src", "main.ts")],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    sourcemap: true,
    plugins: [externalPackages(selfContained ? UNBUNDLED_PACKAGES : undefined)],
    logLevel: "warning",
    // Bundled ESM has no require(); some CommonJS packages' interop needs one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const only = process.argv.slice(2);
  for (const workspace of DEPLOYABLES.filter((w) => only.length === 0 || only.includes(w))) {
    const started = Date.now();
    await build(bundleOptions(workspace));
    process.stdout.write(`built ${workspace}/dist/main.js in ${Date.now() - started} ms\n`);
  }
}

// `node scripts/image-app.mjs <workspace> <out-dir>`: lays out in `<out-dir>` the /app folder of
// `<workspace>`'s production image (the Dockerfile's build stage runs it after `npm ci`):
//   <workspace>/dist/main.js   the service and every npm package it uses, compiled to one file
//                              (scripts/build.mjs, selfContained), no TypeScript at run time;
//   node_modules/              only what cannot be compiled in — build.mjs's UNBUNDLED_PACKAGES that
//                              the bundle imports (WebAssembly, data files, a native addon) and their
//                              dependencies — plus the migrated empty embedded database template;
//   prisma/, chat-gateway/, web/dist  what the code finds through the module resolver
//                              (schema.prisma + migrations; the built page), linked from
//                              node_modules/@todo/ as npm links workspaces.
// Prints what it laid out and its size.
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isBuiltin } from "node:module";
import { build } from "esbuild";
import { bundleOptions, UNBUNDLED_PACKAGES } from "./build.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [workspace, outArg] = process.argv.slice(2);
if (!workspace || !outArg) {
  console.error("usage: node scripts/image-app.mjs <workspace> <out-dir>");
  process.exit(2);
}
const outDir = path.resolve(outArg);
rmSync(outDir, { recursive: true, force: true });

/** The package name of a bare specifier: `@scope/name/sub/path` → `@scope/name`, `name/sub` → `name`. */
const packageOf = (specifier) =>
  specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/");

const result = await build({
  ...bundleOptions(workspace, { selfContained: true, outfile: path.join(outDir, workspace, "dist", "main.js") }),
  // Stack traces name the compiled file's lines; a source map of every npm package would double the image.
  sourcemap: false,
  metafile: true,
  logLevel: "error",
});
const wanted = new Set();
for (const output of Object.values(result.metafile.outputs))
  for (const imported of output.imports) if (imported.external && !isBuiltin(imported.path)) wanted.add(packageOf(imported.path));
// prisma/src/schema-engine.ts loads it through require.resolve (a string, not an import).
wanted.add("@prisma/schema-engine-wasm");

/** Finds `name` the way Node does from `fromDir`: the nearest node_modules/<name> upwards. */
function locate(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
    if (dir === root || dir === path.dirname(dir)) return undefined;
  }
}

const found = new Set();
const queue = [...wanted].map((name) => ({ name, from: path.join(root, workspace) }));
while (queue.length > 0) {
  const { name, from } = queue.shift();
  const dir = locate(name, from);
  // An optional require esbuild could not resolve (pg-native inside pg's try/catch): absent here too.
  if (!dir && from === path.join(root, workspace) && !UNBUNDLED_PACKAGES.includes(name)) continue;
  if (!dir) throw new Error(`${name} (needed from ${path.relative(root, from) || "."}) is not installed`);
  if (found.has(dir)) continue;
  found.add(dir);
  const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  for (const dep of Object.keys(manifest.dependencies ?? {})) queue.push({ name: dep, from: dir });
  // Platform builds (e.g. @node-rs/argon2-linux-x64-gnu): those npm installed for this machine.
  for (const dep of Object.keys(manifest.optionalDependencies ?? {})) if (locate(dep, dir)) queue.push({ name: dep, from: dir });
}

const nodeModules = path.join(outDir, "node_modules");
const packages = [...found].map((dir) => path.relative(path.join(root, "node_modules"), dir));
// A package nested in another's node_modules comes with its parent.
const tops = packages.filter((rel) => !rel.includes(`node_modules${path.sep}`)).sort();
// Source maps and type declarations are never loaded at run time (~6.5 MB, mostly PGlite's maps).
const runtimeFile = (source) => !/\.(map|d\.ts|d\.mts|d\.cts)$/.test(source);
for (const rel of tops)
  cpSync(path.join(root, "node_modules", rel), path.join(nodeModules, rel), { recursive: true, dereference: true, filter: runtimeFile });

const workspaceFiles = { "@todo/db": ["prisma", ["package.json", "schema.prisma", "migrations"]] };
if (workspace === "chat-gateway") {
  workspaceFiles["@todo/chat-gateway"] = ["chat-gateway", ["package.json"]];
  // The page: chat-gateway serves web/dist from beside its own folder (routes/page.ts, webDistDir).
  cpSync(path.join(root, "web", "dist"), path.join(outDir, "web", "dist"), { recursive: true });
}
mkdirSync(path.join(nodeModules, "@todo"), { recursive: true });
for (const [name, [dir, files]] of Object.entries(workspaceFiles)) {
  for (const file of files) cpSync(path.join(root, dir, file), path.join(outDir, dir, file), { recursive: true });
  symlinkSync(path.join("..", "..", dir), path.join(nodeModules, name));
}
// Made by prisma/scripts/generate.mjs at install: a first embedded start unpacks it instead of running initdb.
const templates = path.join(root, "node_modules", ".cache", "todo-chatbot");
if (existsSync(templates)) cpSync(templates, path.join(nodeModules, ".cache", "todo-chatbot"), { recursive: true });

const sizeOf = (p) => (lstatSync(p).isDirectory() ? readdirSync(p).reduce((sum, entry) => sum + sizeOf(path.join(p, entry)), 0) : lstatSync(p).size);
const mb = (p) => `${(sizeOf(p) / 1e6).toFixed(1)} MB`;
console.log(`${workspace}: ${mb(outDir)} (bundle ${mb(path.join(outDir, workspace, "dist"))}; node_modules ${mb(nodeModules)}: ${tops.join(", ")})`);

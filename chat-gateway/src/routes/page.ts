import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { brotliCompressSync, gzipSync, constants as zlib } from "node:zlib";
import { Hono, type Context } from "hono";

/**
 * The built web app (`npm run build:web`, also run after `npm install`): web/dist beside this
 * workspace. Found through the package, not this file, so the path holds when this code is bundled
 * elsewhere (dist/).
 */
export const webDistDir = path.join(path.dirname(createRequire(import.meta.url).resolve("@todo/chat-gateway/package.json")), "..", "web", "dist");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};
const COMPRESSIBLE = new Set([".html", ".js", ".css", ".json", ".webmanifest", ".svg"]);

const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

/** Paths the page never answers: the API and the protocol endpoints beside it. */
const NOT_PAGES = /^\/(api|mcp|oauth|\.well-known|healthz|readyz|metrics)(\/|$)/;

interface StaticFile {
  body: Uint8Array<ArrayBuffer>;
  br?: Uint8Array<ArrayBuffer>;
  gzip?: Uint8Array<ArrayBuffer>;
  type: string;
  /** Vite's content-hashed files under /assets never change: cached for a year. */
  immutable: boolean;
}

function readTree(dir: string, prefix = ""): Array<[string, Buffer]> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry): Array<[string, Buffer]> => {
    const full = path.join(dir, entry.name);
    const name = `${prefix}/${entry.name}`;
    return entry.isDirectory() ? readTree(full, name) : [[name, readFileSync(full)]];
  });
}

const bytes = (buffer: Buffer): Uint8Array<ArrayBuffer> => new Uint8Array(buffer);

/** Each file of web/dist, with Brotli and gzip copies made once at start for text worth compressing. */
function loadFiles(dir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const [name, body] of readTree(dir)) {
    const ext = path.extname(name);
    const compress = COMPRESSIBLE.has(ext) && body.length > 1024;
    files.set(name, {
      body: bytes(body),
      br: compress ? bytes(brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } })) : undefined,
      gzip: compress ? bytes(gzipSync(body, { level: 9 })) : undefined,
      type: TYPES[ext] ?? "application/octet-stream",
      immutable: name.startsWith("/assets/"),
    });
  }
  return files;
}

/**
 * The web page: the React app built into web/dist, read once at start, everything from this origin
 * (no CDN). Text files go out Brotli- or gzip-compressed when the browser accepts it. index.html
 * answers `/` and every other page path (`/today`, `/consent?request=…`; the app routes in the
 * browser), never `/api/…` or the protocol endpoints. `Service-Worker-Allowed` lets the worker at
 * /sw.js receive pushes for the whole site. Without a build, `/` says how to make one.
 */
export function pageRoutes(dir = webDistDir): Hono {
  const app = new Hono();
  if (!existsSync(path.join(dir, "index.html"))) {
    app.get("/", (c) => {
      c.header("content-security-policy", CSP);
      c.header("x-frame-options", "DENY");
      return c.text(`The web app is not built: run 'npm run build:web' (looked in ${dir}).`, 503);
    });
    return app;
  }
  const files = loadFiles(dir);
  const send = (c: Context, name: string, file: StaticFile) => {
    const accepted = c.req.header("accept-encoding") ?? "";
    const encoding = file.br && /\bbr\b/.test(accepted) ? "br" : file.gzip && /\bgzip\b/.test(accepted) ? "gzip" : null;
    const headers: Record<string, string> = {
      "content-type": file.type,
      "cache-control": file.immutable ? "public, max-age=31536000, immutable" : "no-cache",
      "x-content-type-options": "nosniff",
      vary: "accept-encoding",
    };
    if (encoding) headers["content-encoding"] = encoding;
    if (file.type.startsWith("text/html")) {
      headers["content-security-policy"] = CSP;
      // frame-ancestors for current browsers, X-Frame-Options for older ones: no site may frame the page (clickjacking).
      headers["x-frame-options"] = "DENY";
      headers["referrer-policy"] = "same-origin";
    }
    if (name === "/sw.js") headers["service-worker-allowed"] = "/";
    const body = encoding === "br" ? file.br : encoding === "gzip" ? file.gzip : file.body;
    return new Response(body ?? file.body, { headers });
  };
  const index = files.get("/index.html");
  if (!index) throw new Error(`The web page is missing: no index.html in ${dir}`);
  app.get("/", (c) => send(c, "/index.html", index));
  for (const [name, file] of files) if (name !== "/index.html") app.get(name, (c) => send(c, name, file));
  app.get("*", async (c, next) => {
    const pathname = c.req.path;
    // A page path: not the API, not a file (no extension), asked for by a browser.
    if (NOT_PAGES.test(pathname) || path.extname(pathname) !== "" || !(c.req.header("accept") ?? "text/html").includes("text/html")) return next();
    return send(c, "/index.html", index);
  });
  return app;
}

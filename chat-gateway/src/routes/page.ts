import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { Hono } from "hono";

// Found through the package, not this file, so the path holds when this code is bundled elsewhere (dist/).
const publicDir = path.join(path.dirname(createRequire(import.meta.url).resolve("@todo/chat-gateway/package.json")), "public");
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/manifest+json",
  ".svg": "image/svg+xml",
};

/**
 * The web page: a few static files read once at start, everything from this origin (no CDN).
 * `Service-Worker-Allowed` lets the worker at /sw.js receive pushes for the whole site.
 */
export function pageRoutes(): Hono {
  const files = new Map(readdirSync(publicDir).map((name) => [`/${name}`, readFileSync(path.join(publicDir, name))]));
  const app = new Hono();
  const send = (name: string, body: Uint8Array<ArrayBuffer>) => {
    const headers: Record<string, string> = {
      "content-type": TYPES[path.extname(name)] ?? "application/octet-stream",
      "cache-control": "no-cache",
      "x-content-type-options": "nosniff",
    };
    if (name === "/index.html") {
      headers["content-security-policy"] =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";
      // frame-ancestors for current browsers, X-Frame-Options for older ones: no site may frame the page (clickjacking).
      headers["x-frame-options"] = "DENY";
    }
    if (name === "/sw.js") headers["service-worker-allowed"] = "/";
    return new Response(body, { headers });
  };
  const index = files.get("/index.html");
  if (!index) throw new Error(`The web page is missing: no index.html in ${publicDir}`);
  app.get("/", () => send("/index.html", index));
  for (const [name, body] of files) if (name !== "/index.html") app.get(name, () => send(name, body));
  return app;
}

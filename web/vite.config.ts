// Builds the web app into web/dist (served by chat-gateway) and, for `npm run dev`, serves it with hot
// reload, passing the API through to the embedded server that scripts/dev.mjs starts beside it.
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";

/** Where `npm run dev` runs the embedded server (scripts/dev.mjs sets PORT to this). */
export const DEV_API_PORT = 3000;

/**
 * src/boot.ts as its own entry chunk, run by an `async` module script at the top of <head>: it starts
 * the signed-in page's first requests while the app's chunk is still downloading (Vite would fold every
 * module script of index.html into one entry, so the tag is added here, after the chunk is named).
 */
function bootScript(): Plugin {
  return {
    name: "todo-boot-script",
    transformIndexHtml: {
      order: "post",
      handler(_html, ctx) {
        const chunk = ctx.bundle && Object.values(ctx.bundle).find((c) => c.type === "chunk" && c.isEntry && c.name === "boot");
        const src = chunk ? `/${chunk.fileName}` : "/src/boot.ts";
        return [{ tag: "script", attrs: { type: "module", async: true, crossorigin: true, src }, injectTo: "head-prepend" }];
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), bootScript()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 400,
    rollupOptions: { input: { index: "index.html", boot: "src/boot.ts" } },
  },
  server: {
    port: 5173,
    proxy: { "/api": { target: `http://127.0.0.1:${DEV_API_PORT}`, changeOrigin: false } },
  },
});

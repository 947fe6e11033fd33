// Builds the web app into web/dist (served by chat-gateway) and, for `npm run dev`, serves it with hot
// reload, passing the API through to the embedded server that scripts/dev.mjs starts beside it.
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

/** Where `npm run dev` runs the embedded server (scripts/dev.mjs sets PORT to this). */
export const DEV_API_PORT = 3000;

export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", sourcemap: false, chunkSizeWarningLimit: 400 },
  server: {
    port: 5173,
    proxy: { "/api": { target: `http://127.0.0.1:${DEV_API_PORT}`, changeOrigin: false } },
  },
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**", "scratch/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: more workers only make PGlite's WebAssembly start-ups fight for CPU.
    maxWorkers: 2,
  },
});

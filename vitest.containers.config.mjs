import { defineConfig } from "vitest/config";

// `npm run test:containers`: the container end-to-end test alone (it builds the images and uses
// compose.yaml's ports, so it is not part of `npm test`; .ci/run runs it in its own step).
export default defineConfig({
  test: {
    include: ["test/containers/*.e2e.ts"],
    testTimeout: 300_000,
    hookTimeout: 3_000_000,
    maxWorkers: 1,
  },
});

import { defineConfig } from "vitest/config";

// `npm run test:k8s`: the Kubernetes smoke test alone (it starts a k3s cluster on this machine, so it
// is not part of `npm test`; .ci/run runs it in its own step, after the container test).
export default defineConfig({
  test: {
    include: ["test/kubernetes/*.e2e.ts"],
    testTimeout: 600_000,
    hookTimeout: 5_400_000,
    maxWorkers: 1,
  },
});

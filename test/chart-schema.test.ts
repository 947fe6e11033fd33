import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { testEnv } from "./support/env.ts";
import { repoRoot } from "./support/processes.ts";

// Every manifest the chart renders (all five values files) against the real API schemas:
// Kubernetes v1.34's OpenAPI (from the k8s.io/kubernetes Go module), Dapr's CRDs (github.com/dapr/dapr)
// and prometheus-operator's (ServiceMonitor, PodMonitor), made standalone and strict by
// scripts/k8s-schemas.mjs, checked by kubeconform -strict: an unknown field or a wrong type fails.
// Strimzi's kinds (Kafka, KafkaNodePool, KafkaTopic) are skipped: Strimzi ships its CRDs only with
// its release files, not in a package registry (its Maven artifact io.strimzi:api holds classes).
const bin = (name: string) => path.join(repoRoot, ".cache", "bin", name);
const helm = testEnv.HELM_PATH ?? bin("helm");
const kubeconform = bin("kubeconform");
const chart = path.join(repoRoot, "helm", "todo-chatbot");
const ready = existsSync(helm) && existsSync(kubeconform);
if (!ready) console.warn("the chart schema check needs helm and kubeconform in .cache/bin (scripts/build-tools.sh helm kubeconform; .ci/run does)");

const VALUES = ["values.yaml", "values-prod-azure.yaml", "values-prod-gcp.yaml", "values-prod-oracle.yaml", "values-local-k3s.yaml"];
const UNOBTAINABLE = "Kafka,KafkaNodePool,KafkaTopic";

describe.skipIf(!ready && !testEnv.CI)("the chart's manifests against the Kubernetes, Dapr and prometheus-operator schemas", () => {
  let schemas = "";
  const validate = (manifests: string) => {
    const result = spawnSync(
      kubeconform,
      [
        "-strict",
        "-summary",
        "-skip",
        UNOBTAINABLE,
        "-schema-location",
        `${schemas}/k8s/{{ .ResourceKind }}{{ .KindSuffix }}.json`,
        "-schema-location",
        `${schemas}/crds/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`,
        "-",
      ],
      { input: manifests, encoding: "utf8" },
    );
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };

  beforeAll(() => {
    // Cached in .cache/k8s-schemas (the modules in Go's module cache); ~7 s the first time.
    const made = spawnSync(process.execPath, [path.join(repoRoot, "scripts", "k8s-schemas.mjs")], {
      cwd: repoRoot,
      encoding: "utf8",
      timeout: 600_000,
    });
    expect(made.status, made.stderr).toBe(0);
    schemas = made.stdout.trim();
  }, 600_000);

  it.each(VALUES)("validates every resource rendered with %s", (values) => {
    const rendered = spawnSync(helm, ["template", "todo", chart, "--kube-version", "1.34.2", "-f", path.join(chart, values)], { encoding: "utf8" });
    expect(rendered.status, rendered.stderr).toBe(0);
    const { status, output } = validate(rendered.stdout);
    expect(output).toMatch(/Invalid: 0, Errors: 0/);
    expect(status, output).toBe(0);
  });

  it("rejects an unknown field and a wrong type (the schemas are strict)", () => {
    const deployment = (extra: string, replicas: string) =>
      [
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata: { name: x }",
        "spec:",
        `  replicas: ${replicas}`,
        "  selector: { matchLabels: { app: x } }",
        "  template:",
        "    metadata: { labels: { app: x } }",
        `    spec: { containers: [{ name: x, image: x${extra} }] }`,
      ].join("\n");
    expect(validate(deployment("", "1")).status).toBe(0);
    expect(validate(deployment(", imagePullPolicyy: Always", "1")).output).toMatch(/additional properties 'imagePullPolicyy' not allowed/);
    expect(validate(deployment("", '"two"')).output).toMatch(/replicas/);
  });
});

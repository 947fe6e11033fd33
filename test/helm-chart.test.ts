import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { repoRoot } from "./support/processes.ts";
import { testEnv } from "./support/env.ts";

const helm = testEnv.HELM_PATH ?? path.join(repoRoot, ".cache", "bin", "helm");
const chart = path.join(repoRoot, "helm", "todo-chatbot");
const haveHelm = existsSync(helm);
if (!haveHelm) console.warn(`chart tests need helm at ${helm}: run scripts/build-tools.sh helm (.ci/run does)`);

function run(args: string[]) {
  const result = spawnSync(helm, args, { encoding: "utf8", timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function render(valuesFile: string, extra: string[] = []): any[] {
  // A helm built from source reports an old default Kubernetes version; render for a current one.
  const result = run(["template", "todo", chart, "--kube-version", "1.31.0", "-f", path.join(chart, valuesFile), ...extra]);
  expect(result.status, result.stderr).toBe(0);
  return parseAllDocuments(result.stdout)
    .map((doc) => doc.toJSON())
    .filter(Boolean);
}

const VALUES = ["values.yaml", "values-prod-azure.yaml", "values-prod-gcp.yaml", "values-prod-oracle.yaml"];

describe.skipIf(!haveHelm && !testEnv.CI)("the Helm chart", () => {
  it.each(VALUES)("passes helm lint --strict with %s", (values) => {
    const result = run(["lint", "--strict", chart, "-f", path.join(chart, values)]);
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });

  it.each(VALUES)("renders four Dapr-enabled deployments with limits, probes and secrets (%s)", (values) => {
    const docs = render(values);
    const deployments = docs.filter((d) => d.kind === "Deployment");
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(["todo-chat-gateway", "todo-mcp-server", "todo-notification", "todo-recurrence"]);
    const secretName = values === "values.yaml" ? "todo-secrets" : "todo-chatbot-secrets";
    for (const deployment of deployments) {
      const annotations = deployment.spec.template.metadata.annotations;
      const container = deployment.spec.template.spec.containers[0];
      expect(annotations["dapr.io/enabled"]).toBe("true");
      expect(annotations["dapr.io/app-id"]).toBe(deployment.metadata.labels["app.kubernetes.io/name"]);
      expect(annotations["dapr.io/app-port"]).toBe(String(container.ports[0].containerPort));
      expect(annotations["dapr.io/config"]).toBe("todo-chatbot");
      expect(annotations["dapr.io/enable-metrics"]).toBe("true");
      expect(container.resources.requests).toMatchObject({ cpu: expect.anything(), memory: expect.anything() });
      expect(container.resources.limits).toMatchObject({ cpu: expect.anything(), memory: expect.anything() });
      expect(container.readinessProbe.httpGet.path).toBe("/healthz");
      expect(container.livenessProbe.httpGet.path).toBe("/healthz");
      expect(container.envFrom).toContainEqual({ secretRef: { name: secretName } });
      expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
      // The user per container: the pod's would also apply to the injected daprd, which must run as 65532.
      expect(deployment.spec.template.spec.securityContext.runAsUser).toBeUndefined();
      expect(container.securityContext).toMatchObject({ runAsUser: 10001, runAsGroup: 10001 });
      expect(container.args).toEqual(["node", expect.stringMatching(/\/dist\/main\.js$/)]);
    }
    expect(docs.filter((d) => d.kind === "Service")).toHaveLength(4);
    const hpa = docs.find((d) => d.kind === "HorizontalPodAutoscaler");
    expect(hpa.spec.scaleTargetRef.name).toBe("todo-chat-gateway");
    const ingress = docs.find((d) => d.kind === "Ingress");
    const paths = ingress.spec.rules[0].http.paths.map((p: any) => [p.path, p.backend.service.name]);
    expect(paths).toContainEqual(["/", "todo-chat-gateway"]);
    expect(paths).toContainEqual(["/mcp", "todo-mcp-server"]);
    expect(paths).toContainEqual(["/api/trash", "todo-mcp-server"]);
    expect(paths).toContainEqual(["/oauth", "todo-mcp-server"]);
    expect(paths).toContainEqual(["/.well-known/oauth-protected-resource", "todo-mcp-server"]);
    expect(paths).toContainEqual(["/api/notifications", "todo-notification"]);
  });

  it("wires Kafka, the state store and resiliency as Dapr components", () => {
    const minikube = render("values.yaml");
    const pubsub = minikube.find((d) => d.kind === "Component" && d.spec.type === "pubsub.kafka");
    const meta = Object.fromEntries(pubsub.spec.metadata.map((m: any) => [m.name, m.value ?? m.secretKeyRef]));
    expect(meta).toMatchObject({ brokers: "todo-kafka-kafka-bootstrap:9092", consumerGroup: "todo-chatbot-{appID}", authType: "none" });
    expect(minikube.find((d) => d.kind === "Component" && d.spec.type === "state.postgresql")).toBeDefined();
    expect(minikube.find((d) => d.kind === "Resiliency").spec.policies.circuitBreakers.upstream).toBeDefined();
    expect(minikube.filter((d) => d.kind === "KafkaTopic").map((d) => d.metadata.name)).toEqual(["task-events", "task-events-dlq"]);
    expect(minikube.find((d) => d.kind === "Secret").stringData.DATABASE_URL).toMatch(/^postgresql:/);

    const azure = render("values-prod-azure.yaml");
    const prodPubsub = azure.find((d) => d.kind === "Component" && d.spec.type === "pubsub.kafka");
    const password = prodPubsub.spec.metadata.find((m: any) => m.name === "saslPassword");
    expect(password.secretKeyRef).toEqual({ name: "todo-kafka-credentials", key: "password" });
    expect(azure.find((d) => d.kind === "Secret")).toBeUndefined();
    expect(azure.find((d) => d.kind === "Kafka")).toBeUndefined();
    expect(azure.find((d) => d.kind === "ServiceMonitor")).toBeDefined();
    expect(azure.find((d) => d.kind === "ConfigMap" && d.metadata.name.endsWith("grafana-dashboard"))).toBeDefined();
  });

  it("refuses values the schema does not allow, naming them", () => {
    const result = run(["template", "todo", chart, "--kube-version", "1.31.0", "--set", "kafka.mode=bogus"]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("/kafka/mode");
  });
});

// The Kubernetes smoke test (`npm run test:k8s`, its own step of .ci/run after the container test:
// it starts a cluster, so it runs alone). `npm run k8s:up` builds and starts a single-node k3s with
// CoreDNS, PostgreSQL, Kafka and Dapr's control plane from Dapr's own Helm chart (scripts/k8s/up.sh);
// the test installs helm/todo-chatbot with values-local-k3s.yaml (`helm install --wait`) and drives it
// through kubectl port-forwards: every service runs beside a daprd sidecar added by Dapr's injector,
// a reminder reaches a test push endpoint through a Dapr job, completing a repeating task creates the
// next occurrence through Kafka, and the gateway answers a chat message. Then `helm uninstall` and
// `npm run k8s:down` must leave nothing running. Each pod's status and restarts are printed at the
// end (also when something failed), and the cluster is always taken down.
// Skips only when the machine cannot run k3s (not root, or no podman to build images) and CI is unset.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { eventually } from "../support/eventually.ts";
import { browserSubscription, pushService } from "../support/push-service.ts";
import { childEnvironment, testEnv } from "../support/env.ts";
import { repoRoot } from "../support/processes.ts";

const root = process.getuid?.() === 0;
const podman = spawnSync("sh", ["-c", "command -v podman"]).status === 0;
const runnable = root && podman;
if (!runnable) console.warn("the Kubernetes smoke test needs root and podman (scripts/containers/engine.sh installs podman; .ci/run does)");

const STATE = "/var/lib/todo-chatbot-k3s"; // scripts/k8s/env.sh
const KUBECONFIG = path.join(STATE, "kubeconfig.yaml");
const BIN = path.join(homedir(), ".cache", "todo-chatbot", "k8s", "bin");
const HELM = path.join(repoRoot, ".cache", "bin", "helm");
const NAMESPACE = "todo";
const RELEASE = "todo";
const APPS = ["mcp-server", "chat-gateway", "recurrence", "notification"];
const env = () => childEnvironment({ KUBECONFIG });

/** Runs a command in the repository; returns its output, throws with it when it fails. */
function run(command: string, args: string[], timeoutMs = 600_000, input?: string): string {
  const result = spawnSync(command, args, { cwd: repoRoot, env: env(), encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 << 20, input });
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(" ")} failed (${result.status ?? result.signal}):\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-6000)}`,
    );
  return result.stdout;
}
const kubectl = (args: string[], input?: string) => run(path.join(BIN, "kubectl"), args, 300_000, input);
/** Runs a step and prints how long it took (seconds). */
function timed<T>(what: string, step: () => T): T {
  const started = Date.now();
  const result = step();
  console.log(`${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

interface PodJson {
  metadata: { namespace: string; name: string; labels?: Record<string, string> };
  spec: { containers: { name: string; image: string }[] };
  status: { phase: string; containerStatuses?: { name: string; ready: boolean; restartCount: number }[] };
}
const pods = (namespace?: string): PodJson[] =>
  (JSON.parse(kubectl(["get", "pods", ...(namespace ? ["-n", namespace] : ["-A"]), "-o", "json"])) as { items: PodJson[] }).items;

/** Every pod of the cluster: namespace/name, phase, and each container's readiness and restarts. */
function printPods() {
  try {
    const lines = pods().map((pod) => {
      const containers = (pod.status.containerStatuses ?? []).map((c) => `${c.name} ${c.ready ? "ready" : "not ready"} ${c.restartCount} restarts`);
      return `  ${`${pod.metadata.namespace}/${pod.metadata.name}`.padEnd(58)} ${pod.status.phase.padEnd(9)} ${containers.join(", ")}`;
    });
    console.log(`pods:\n${lines.join("\n")}`);
  } catch (error) {
    console.log(`pods: could not be listed (${String(error).slice(0, 300)})`);
  }
}

/** `kubectl port-forward svc/<service> 0:<port>`: resolves with the local URL once it listens. */
function portForward(service: string, port: number): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(path.join(BIN, "kubectl"), ["-n", NAMESPACE, "port-forward", `svc/${service}`, `0:${port}`, "--address", "127.0.0.1"], {
    env: env(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`port-forward to ${service} did not listen within 60 s: ${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${match[1]}`, child });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`port-forward to ${service} exited (${code}): ${output}`));
    });
  });
}

/** This machine's address on the pods' bridge (cni0): where pods reach a service running here. */
function bridgeAddress(): string {
  const shown = run("ip", ["-4", "-o", "addr", "show", "dev", "cni0"]);
  const match = /inet (\d+\.\d+\.\d+\.\d+)\//.exec(shown);
  if (!match?.[1]) throw new Error(`cni0 has no IPv4 address: ${shown}`);
  return match[1];
}

describe.skipIf(!runnable && !testEnv.CI)("the chart on a local k3s cluster with Dapr's control plane", () => {
  const workDir = mkdtempSync(path.join(tmpdir(), "todo-k8s-"));
  const forwards: ChildProcess[] = [];
  let push: Awaited<ReturnType<typeof pushService>> | undefined;
  let mcp: Client | undefined;
  let token = "";
  let urls: Record<"mcp" | "gateway" | "notification", string>;
  let down = false;

  const call = async (name: string, args: Record<string, unknown>) => {
    if (!mcp) throw new Error("no MCP session");
    const result = await mcp.callTool({ name, arguments: args });
    if (result.isError) throw new Error(JSON.stringify(result.content));
    return result.structuredContent as any;
  };

  beforeAll(async () => {
    // A cold start builds k3s, CoreDNS, Dapr's control plane and every image (~1 h on 2 cores).
    console.log(timed("k8s:up", () => run("bash", ["scripts/k8s/up.sh"], 4_200_000)).trim());
    push = await pushService(bridgeAddress());
    // notification may send to this private address and trusts the push service's certificate.
    kubectl(["apply", "-f", "-"], `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${NAMESPACE} }\n`);
    const configMap = kubectl([
      "-n",
      NAMESPACE,
      "create",
      "configmap",
      "push-ca",
      `--from-file=cert.pem=${push.certFile}`,
      "--dry-run=client",
      "-o",
      "yaml",
    ]);
    kubectl(["apply", "-f", "-"], configMap);
    const testValues = path.join(workDir, "values-test.yaml");
    writeFileSync(
      testValues,
      [
        "services:",
        "  notification:",
        "    extraEnv:",
        "      - { name: ALLOW_PRIVATE_PUSH_ENDPOINTS, value: 'true' }",
        "      - { name: NODE_EXTRA_CA_CERTS, value: /push-ca/cert.pem }",
        "    extraVolumes: [{ name: push-ca, configMap: { name: push-ca } }]",
        "    extraVolumeMounts: [{ name: push-ca, mountPath: /push-ca, readOnly: true }]",
        "",
      ].join("\n"),
    );
    const chart = path.join(repoRoot, "helm", "todo-chatbot");
    // A fresh install, also on a cluster an interrupted run left up (its release may have failed).
    run(HELM, ["uninstall", RELEASE, "-n", NAMESPACE, "--ignore-not-found", "--wait"], 400_000);
    try {
      timed("helm install --wait", () =>
        run(
          HELM,
          [
            "upgrade",
            "--install",
            RELEASE,
            chart,
            "-n",
            NAMESPACE,
            "-f",
            path.join(chart, "values-local-k3s.yaml"),
            "-f",
            testValues,
            "--wait",
            "--timeout",
            "10m",
          ],
          900_000,
        ),
      );
    } catch (error) {
      printPods();
      throw error;
    }
    const [mcpForward, gatewayForward, notificationForward] = await Promise.all([
      portForward(`${RELEASE}-mcp-server`, 3000),
      portForward(`${RELEASE}-chat-gateway`, 3001),
      portForward(`${RELEASE}-notification`, 3003),
    ]);
    forwards.push(mcpForward.child, gatewayForward.child, notificationForward.child);
    urls = { mcp: mcpForward.url, gateway: gatewayForward.url, notification: notificationForward.url };

    const signup = await fetch(`${urls.mcp}/api/auth/signup`, {
      method: "POST",
      body: JSON.stringify({ username: "k8s-user", password: "a long password", timeZone: "Europe/Paris" }),
    });
    expect(signup.status).toBe(201);
    token = ((await signup.json()) as { token: string }).token;
    mcp = new Client({ name: "k8s-smoke", version: "1" });
    await mcp.connect(
      new StreamableHTTPClientTransport(new URL("/mcp", urls.mcp), { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
    );
  }, 5_400_000);

  afterAll(async () => {
    await mcp?.close().catch(() => undefined);
    for (const child of forwards) child.kill();
    push?.close();
    if (!down) {
      printPods();
      run("bash", ["scripts/k8s/down.sh"], 300_000);
    }
    rmSync(workDir, { recursive: true, force: true });
  }, 400_000);

  it("runs every service beside a daprd sidecar added by Dapr's injector", () => {
    for (const app of APPS) {
      const pod = pods(NAMESPACE).find((p) => p.metadata.labels?.["app.kubernetes.io/name"] === app);
      expect(pod, app).toBeDefined();
      expect(pod?.spec.containers.map((c) => c.name).sort(), app).toEqual([app, "daprd"].sort());
      expect(pod?.spec.containers.find((c) => c.name === "daprd")?.image).toMatch(/^localhost\/dapr\/daprd:/);
      expect(pod?.status.phase, app).toBe("Running");
      expect(pod?.status.containerStatuses?.every((c) => c.ready)).toBe(true);
    }
  });

  it("delivers a reminder by Web Push through a Dapr job, then creates the next occurrence through Kafka", async () => {
    if (!push) throw new Error("no push service");
    const browser = browserSubscription(`${push.url}/push/k8s`);
    const subscribed = await fetch(`${urls.notification}/api/push/subscriptions`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(browser.json),
    });
    expect(subscribed.status).toBe(201);

    // Due in a minute, reminded at due time: the Dapr job fires in about a minute.
    const dueAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + 60_000).toISOString();
    const { task } = await call("add_task", { title: "stretch", dueAt, recurrence: "daily", reminderMinutesBefore: 0 });
    const received = await eventually(() => push?.received[0] ?? false, { what: "the reminder push", timeoutMs: 240_000, intervalMs: 500 });
    expect(JSON.parse(browser.decrypt(received.body).toString())).toMatchObject({ title: "Reminder: stretch", taskId: task.id });

    await call("complete_task", { id: task.id });
    const next = await eventually(
      async () => {
        const { tasks } = await call("list_tasks", { status: "all", recurring: true, limit: 100 });
        return (tasks as any[]).find((t) => t.seriesId === task.seriesId && t.occurrenceIndex === 2) ?? false;
      },
      { what: "the next occurrence", timeoutMs: 180_000, intervalMs: 1_000 },
    );
    expect(new Date(next.dueAt).getTime() - new Date(dueAt).getTime()).toBe(24 * 3_600_000);
  }, 600_000);

  it("answers a chat message through the gateway, which drives mcp-server over MCP", async () => {
    const response = await fetch(`${urls.gateway}/api/chat`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ message: "water the plants every 3 days" }),
    });
    expect(((await response.json()) as { reply: string }).reply).toMatch(/^Added 'water the plants' for today, repeating every 3 days\./);
  }, 120_000);

  it("leaves nothing running after helm uninstall and k8s:down", async () => {
    printPods();
    timed("helm uninstall --wait", () => run(HELM, ["uninstall", RELEASE, "-n", NAMESPACE, "--wait", "--timeout", "5m"], 400_000));
    // (--wait waits for the Deployments to go; their pods then stop within their grace period.)
    await eventually(() => pods(NAMESPACE).length === 0, { what: "the release's pods gone", timeoutMs: 180_000, intervalMs: 1_000 });
    for (const child of forwards) child.kill();
    down = true;
    timed("k8s:down", () => run("bash", ["scripts/k8s/down.sh"], 300_000));

    const processes = run("ps", ["-eo", "pid=,args="])
      .split("\n")
      .filter((line) => /\bk3s(-v[\d.+a-z]+)? server\b|containerd.*\/run\/k3s\/containerd/.test(line));
    expect(processes).toEqual([]);
    const mounts = readFileSync("/proc/self/mounts", "utf8")
      .split("\n")
      .filter((line) => / (\/run\/k3s|\/var\/lib\/kubelet|\/run\/netns\/cni-)/.test(line) || line.includes(STATE));
    expect(mounts).toEqual([]);
    expect(spawnSync("ip", ["link", "show", "cni0"]).status).not.toBe(0);
    expect(run("iptables-save", []).match(/^:(KUBE-|CNI-|FLANNEL)\S*/gm) ?? []).toEqual([]);
    expect(existsSync(STATE)).toBe(false);
  }, 900_000);
});

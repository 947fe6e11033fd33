// The container end-to-end test (`npm run test:containers`, its own step of .ci/run after npm test:
// it builds images and takes the compose ports, so it runs alone). It builds the four images
// (`npm run images`), starts compose.yaml — PostgreSQL, Kafka, Dapr's scheduler, the four services
// each with its daprd, all from images — and drives it through MCP the way
// test/distributed.test.ts drives the processes: a reminder reaches a test push endpoint through a
// Dapr job, completing a recurring task creates the next occurrence through Kafka, and the chat
// answers through the gateway. Everything is torn down (containers, network, volumes) afterwards,
// also when something failed. Skips only when no container engine is there and CI is unset.
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import webpush from "web-push";
import { eventually } from "../support/eventually.ts";
import { browserSubscription, pushService } from "../support/push-service.ts";
import { childEnvironment, testEnv } from "../support/env.ts";
import { repoRoot } from "../support/processes.ts";

const has = (command: string) => spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;
// A working docker first (GitHub's runners), as npm run images does; else podman (these machines).
const docker = has("docker") && spawnSync("docker", ["info"]).status === 0;
const podman = !docker && has("podman");
const engine = docker || podman;
if (!engine) console.warn("the container e2e test needs podman or docker (scripts/containers/engine.sh installs podman; .ci/run does)");

/** compose.yaml's ports (host networking). */
const MCP = "http://127.0.0.1:23000";
const GATEWAY = "http://127.0.0.1:23001";
const NOTIFICATION = "http://127.0.0.1:23003";
const SIDECARS = [23500, 23510, 23520, 23530];
const PROJECT = "todo-chatbot-e2e";

/** Runs a command in the repository; throws with its output when it fails. */
function run(command: string, args: string[], env: Record<string, string> = {}, timeoutMs = 1_500_000): string {
  const result = spawnSync(command, args, {
    cwd: repoRoot,
    env: childEnvironment(env),
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: 64 << 20,
  });
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(" ")} failed (${result.status ?? result.signal}):\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`,
    );
  return result.stdout;
}

/** podman-compose 1.6 (from scripts/containers/engine.sh's venv) with podman, else `docker compose`. */
const compose = (): [string, string[]] =>
  podman ? [path.join(homedir(), ".cache", "todo-chatbot", "podman-compose", "bin", "podman-compose"), []] : ["docker", ["compose"]];

const httpOk = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
    (r) => r.ok,
    () => false,
  );

describe.skipIf(!engine && !testEnv.CI)("the distributed system from container images, started by compose.yaml", () => {
  const workDir = mkdtempSync(path.join(tmpdir(), "todo-compose-"));
  const vapid = webpush.generateVAPIDKeys();
  const composeEnv: Record<string, string> = {
    INTERNAL_API_TOKEN: `internal-${Date.now()}-compose-e2e`,
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
    LOG_LEVEL: "warn",
  };
  let files: string[] = [];
  let push: Awaited<ReturnType<typeof pushService>>;
  let mcp: Client;
  let token: string;

  const composeRun = (args: string[], timeoutMs?: number) => {
    const [command, prefix] = compose();
    return run(command, [...prefix, "-p", PROJECT, ...files.flatMap((f) => ["-f", f]), ...args], composeEnv, timeoutMs);
  };
  const logs = () => {
    try {
      return composeRun(["logs", "--tail", "30"], 60_000);
    } catch (error) {
      return String(error);
    }
  };
  const call = async (name: string, args: Record<string, unknown>) => {
    const result = await mcp.callTool({ name, arguments: args });
    if (result.isError) throw new Error(JSON.stringify(result.content));
    return result.structuredContent as any;
  };

  beforeAll(async () => {
    if (podman) run("bash", ["scripts/containers/engine.sh"]);
    const built = run("bash", ["scripts/containers/images.sh"]);
    console.log(built.trim());
    const registry = !podman || spawnSync("timeout", ["30", "podman", "pull", "-q", "docker.io/library/postgres:17"]).status === 0;
    if (!registry) {
      // No image registry (these machines): local stand-ins for the public infrastructure images.
      for (const line of run("bash", ["scripts/containers/local-infra.sh"]).trim().split("\n")) {
        const [name, value] = line.split("=");
        if (name && value) composeEnv[name] = value;
      }
    }
    push = await pushService();
    // The test's push service is on loopback with its own certificate, which notification trusts
    // and may send to (tests only); the certificate goes in readable by the image's user.
    const caDir = path.join(workDir, "push-ca");
    mkdirSync(caDir);
    copyFileSync(push.certFile, path.join(caDir, "cert.pem"));
    chmodSync(workDir, 0o755);
    chmodSync(caDir, 0o755);
    chmodSync(path.join(caDir, "cert.pem"), 0o644);
    const override = path.join(workDir, "compose.e2e.yaml");
    writeFileSync(
      override,
      [
        "services:",
        "  notification:",
        "    environment:",
        "      ALLOW_PRIVATE_PUSH_ENDPOINTS: 'true'",
        "      NODE_EXTRA_CA_CERTS: /push-ca/cert.pem",
        "    volumes:",
        `      - ${caDir}:/push-ca:ro`,
        "",
      ].join("\n"),
    );
    files = [path.join(repoRoot, "compose.yaml"), override];
    composeRun(["down", "-v"], 300_000); // what a crashed earlier run may have left
    composeRun(["up", "-d"], 600_000);
    try {
      for (const url of [
        `${MCP}/healthz`,
        `${GATEWAY}/healthz`,
        "http://127.0.0.1:23002/healthz",
        `${NOTIFICATION}/healthz`,
        ...SIDECARS.map((p) => `http://127.0.0.1:${p}/v1.0/healthz`),
      ])
        await eventually(async () => (await httpOk(url)) || false, { what: url, timeoutMs: 240_000, intervalMs: 500 });
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${logs()}`, { cause: error });
    }

    const signup = await fetch(`${MCP}/api/auth/signup`, {
      method: "POST",
      body: JSON.stringify({ username: "compose-user", password: "a long password", timeZone: "Europe/Paris" }),
    });
    token = ((await signup.json()) as { token: string }).token;
    mcp = new Client({ name: "compose-e2e", version: "1" });
    await mcp.connect(new StreamableHTTPClientTransport(new URL("/mcp", MCP), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  }, 3_000_000);

  afterAll(async () => {
    await mcp?.close().catch(() => undefined);
    push?.close();
    if (files.length > 0) composeRun(["down", "-v", "-t", "5"], 300_000);
    rmSync(workDir, { recursive: true, force: true });
  }, 400_000);

  it("delivers a reminder by Web Push through a Dapr job, then creates the next occurrence through Kafka", async () => {
    const browser = browserSubscription(`${push.url}/push/compose`);
    const subscribed = await fetch(`${NOTIFICATION}/api/push/subscriptions`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(browser.json),
    });
    expect(subscribed.status).toBe(201);

    const dueAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + 6_000).toISOString();
    const { task } = await call("add_task", { title: "stretch", dueAt, recurrence: "daily", reminderMinutesBefore: 0 });
    const received = await eventually(() => push.received[0] ?? false, { what: "the reminder push", timeoutMs: 120_000, intervalMs: 250 });
    expect(JSON.parse(browser.decrypt(received.body).toString())).toMatchObject({ title: "Reminder: stretch", taskId: task.id });

    await call("complete_task", { id: task.id });
    const next = await eventually(
      async () => {
        const { tasks } = await call("list_tasks", { status: "all", recurring: true, limit: 100 });
        return (tasks as any[]).find((t) => t.seriesId === task.seriesId && t.occurrenceIndex === 2) ?? false;
      },
      { what: "the next occurrence", timeoutMs: 120_000, intervalMs: 500 },
    );
    expect(new Date(next.dueAt).getTime() - new Date(dueAt).getTime()).toBe(24 * 3_600_000);
  }, 300_000);

  it("answers the chat through the gateway image, which drives mcp-server over MCP", async () => {
    const response = await fetch(`${GATEWAY}/api/chat`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ message: "water the plants every 3 days" }),
    });
    expect(((await response.json()) as { reply: string }).reply).toMatch(/^Added 'water the plants' for today, repeating every 3 days\./);
  }, 60_000);
});

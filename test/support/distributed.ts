import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { repoRoot } from "./processes.ts";
import { eventually } from "./eventually.ts";
import { childEnvironment } from "./env.ts";

export const toolsDir = path.join(repoRoot, ".cache", "bin");
const kafkaLib = path.join(repoRoot, "dapr", "local", "kafka", "lib");
export const haveDistributedTools = () =>
  existsSync(path.join(toolsDir, "daprd")) && existsSync(path.join(toolsDir, "scheduler")) && existsSync(path.join(kafkaLib, "kafka_2.13-4.1.1.jar"));

interface Proc {
  name: string;
  child: ChildProcess;
  output: string[];
}

/** Waits for `check` to hold; fails at once, with its output, if one of `procs` exits meanwhile. */
async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 90_000, procs: Proc[] = []): Promise<void> {
  let exited: Proc | undefined;
  try {
    await eventually(
      async () => {
        exited = procs.find((p) => p.child.exitCode !== null);
        return exited !== undefined || (await check().catch(() => false));
      },
      { what, timeoutMs, intervalMs: 250 },
    );
  } catch (error) {
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\n${procs.map((p) => `--- ${p.name}\n${p.output.slice(-15).join("")}`).join("\n")}`,
      { cause: error },
    );
  }
  if (exited) throw new Error(`${exited.name} exited (${exited.child.exitCode}) while waiting for ${what}:\n${exited.output.slice(-30).join("")}`);
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });

const httpOk = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
    (r) => r.ok,
    () => false,
  );

export interface AppSpec {
  appId: string;
  entry: string;
  port: number;
  /** The sidecar's ports are derived from this base: http = base, grpc = base+1, internal = base+2, metrics = base+3. */
  daprBase: number;
  env: Record<string, string>;
}

/**
 * Everything the distributed run needs, on loopback: a KRaft Kafka broker, Dapr's scheduler, a
 * fresh PostgreSQL database, and each service beside its own daprd — all real processes.
 */
export class DistributedRun {
  readonly dir = mkdtempSync(path.join(tmpdir(), "todo-distributed-"));
  readonly procs = new Map<string, Proc[]>();
  databaseUrl = "";
  private dbName = "";

  constructor(private readonly baseDatabaseUrl: string) {}

  private start(name: string, command: string, args: string[], env: Record<string, string> = {}, group = name): Proc {
    const child = spawn(command, args, { cwd: repoRoot, env: childEnvironment(env), stdio: ["ignore", "pipe", "pipe"] });
    const output: string[] = [];
    const keep = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.length > 400) output.splice(0, 200);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const proc = { name, child, output };
    this.procs.set(group, [...(this.procs.get(group) ?? []), proc]);
    return proc;
  }

  async startInfrastructure(): Promise<void> {
    // A run that just ended may still be releasing its ports.
    for (const port of [19092, 19093, 50006, 13000, 13001, 13002, 13003]) {
      await waitFor(`port ${port} to be free`, async () => !(await portOpen(port)), 30_000);
    }
    this.dbName = `todo_dist_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: this.baseDatabaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${this.dbName}`);
    await admin.end();
    const url = new URL(this.baseDatabaseUrl);
    url.pathname = `/${this.dbName}`;
    this.databaseUrl = url.toString();
    // Migrations as `npm run db:migrate` would apply them.
    const migrate = spawnSync(process.execPath, ["--import", "tsx", "prisma/scripts/migrate.ts", "deploy"], {
      cwd: repoRoot,
      env: childEnvironment({ DATABASE_URL: this.databaseUrl }),
      encoding: "utf8",
    });
    if (migrate.status !== 0) throw new Error(`migrations failed: ${migrate.stderr}`);

    const kafkaDir = path.join(this.dir, "kafka");
    mkdirSync(kafkaDir);
    const properties = path.join(kafkaDir, "server.properties");
    writeFileSync(
      properties,
      [
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:19093",
        "listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093",
        "advertised.listeners=PLAINTEXT://127.0.0.1:19092",
        "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        `log.dirs=${path.join(kafkaDir, "logs")}`,
        "num.partitions=3",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=3",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "auto.create.topics.enable=true",
      ].join("\n"),
    );
    const classpath = `${kafkaLib}/*`;
    // A base64url id may start with "-", which the tool's argument parser takes for an option (1 run in 64).
    const clusterId = randomBytes(16).toString("base64url").slice(0, 22).replace(/^-/, "A");
    const format = spawnSync("java", ["-cp", classpath, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", properties], {
      encoding: "utf8",
    });
    if (format.status !== 0) throw new Error(`kafka storage format failed: ${format.stdout}${format.stderr}`);
    const kafka = this.start("kafka", "java", ["-Xms256m", "-Xmx768m", "-cp", classpath, "kafka.Kafka", properties]);
    await waitFor("Kafka on 127.0.0.1:19092", () => portOpen(19092), 90_000, [kafka]);
    for (const topic of ["task-events", "task-events-dlq"]) {
      const created = spawnSync(
        "java",
        [
          "-cp",
          classpath,
          "org.apache.kafka.tools.TopicCommand",
          "--bootstrap-server",
          "127.0.0.1:19092",
          "--create",
          "--if-not-exists",
          "--topic",
          topic,
          "--partitions",
          "3",
          "--replication-factor",
          "1",
        ],
        { encoding: "utf8" },
      );
      if (created.status !== 0) throw new Error(`creating topic ${topic} failed: ${created.stdout}${created.stderr}`);
    }

    const scheduler = this.start("scheduler", path.join(toolsDir, "scheduler"), [
      "--port",
      "50006",
      "--listen-address",
      "127.0.0.1",
      "--override-broadcast-host-port",
      "127.0.0.1:50006",
      "--etcd-data-dir",
      path.join(this.dir, "scheduler"),
      "--etcd-client-port",
      "22379",
      "--etcd-initial-cluster",
      "dapr-scheduler-server-0=http://127.0.0.1:22380",
      "--healthz-port",
      "28080",
      "--healthz-listen-address",
      "127.0.0.1",
      "--metrics-port",
      "29090",
      "--metrics-listen-address",
      "127.0.0.1",
      "--log-level",
      "warn",
    ]);
    await waitFor("Dapr scheduler", () => httpOk("http://127.0.0.1:28080/healthz"), 60_000, [scheduler]);
  }

  /** Starts one service and its sidecar, and waits until both answer. */
  async startApp(spec: AppSpec): Promise<void> {
    const app = this.start(
      spec.appId,
      process.execPath,
      ["--import", "tsx", spec.entry],
      {
        PORT: String(spec.port),
        HOST: "127.0.0.1",
        DAPR_HTTP_ENDPOINT: `http://127.0.0.1:${spec.daprBase}`,
        DATABASE_URL: this.databaseUrl,
        LOG_LEVEL: "warn",
        ...spec.env,
      },
      spec.appId,
    );
    await waitFor(`${spec.appId} on ${spec.port}`, () => httpOk(`http://127.0.0.1:${spec.port}/healthz`), 60_000, [app]);
    const sidecar = this.start(
      `${spec.appId}-daprd`,
      path.join(toolsDir, "daprd"),
      [
        "--mode",
        "standalone",
        "--app-id",
        spec.appId,
        "--app-port",
        String(spec.port),
        "--app-channel-address",
        "127.0.0.1",
        "--dapr-listen-addresses",
        "127.0.0.1",
        "--dapr-http-port",
        String(spec.daprBase),
        "--dapr-grpc-port",
        String(spec.daprBase + 1),
        "--dapr-internal-grpc-port",
        String(spec.daprBase + 2),
        "--metrics-port",
        String(spec.daprBase + 3),
        "--resources-path",
        path.join(repoRoot, "dapr", "local", "components"),
        "--config",
        path.join(repoRoot, "dapr", "local", "config.yaml"),
        "--scheduler-host-address",
        "127.0.0.1:50006",
        "--placement-host-address",
        "",
        "--log-level",
        "warn",
      ],
      {},
      spec.appId,
    );
    await waitFor(`${spec.appId}'s sidecar`, () => httpOk(`http://127.0.0.1:${spec.daprBase}/v1.0/healthz`), 90_000, [app, sidecar]);
  }

  /** Stops a service and its sidecar (to test that nothing is lost while it is down). */
  async stopApp(appId: string): Promise<void> {
    const procs = this.procs.get(appId) ?? [];
    await Promise.all(procs.map((p) => stopProcess(p.child)));
    this.procs.delete(appId);
  }

  async stopAll(): Promise<void> {
    const groups = [...this.procs.keys()].reverse();
    for (const group of groups) await Promise.all((this.procs.get(group) ?? []).map((p) => stopProcess(p.child)));
    this.procs.clear();
    if (this.dbName) {
      const admin = new pg.Client({ connectionString: this.baseDatabaseUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${this.dbName} WITH (FORCE)`);
      await admin.end();
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  logs(appId: string): string {
    return (this.procs.get(appId) ?? []).map((p) => `--- ${p.name}\n${p.output.join("")}`).join("\n");
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => (clearTimeout(timer), resolve()));
    child.kill("SIGTERM");
  });
}

export const newInternalToken = () => `internal-${randomUUID()}`;

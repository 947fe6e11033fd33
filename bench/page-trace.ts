// Diagnostic (not part of `npm run bench`): where the dashboard's first load spends CPU, for two checkouts
// (A = argv[2], B = this one) run interleaved, each load traced by Chromium. Wall times on this machine
// swing with the other jobs and with memory gone cold; thread times (CPU the renderer's main thread
// used) and the server's CPU per load move far less, so those are what an A/B of a change should read.
// Usage: node --import tsx bench/page-trace.ts <A checkout> [runs=5]
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { percentile } from "./stats.ts";
import { benchEnv } from "./env.ts";
import { seedDashboardUser } from "./dashboard-seed.ts";

interface Server {
  url: string;
  pid: number;
  stop: () => void;
}

async function serve(root: string): Promise<Server> {
  const tsx = pathToFileURL(path.join(root, "node_modules", "tsx", "dist", "loader.mjs")).href;
  const child = spawn(process.execPath, ["--import", tsx, path.join(root, "embedded", "src", "main.ts")], {
    cwd: root,
    // eslint-disable-next-line no-restricted-properties -- a diagnostic passing its environment through
    env: { ...process.env, PORT: "0", LOG_LEVEL: "info", TODO_DATA_DIR: mkdtempSync(path.join(tmpdir(), "trace-")) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.on("exit", (code) => reject(new Error(`server ${root} exited ${code}:\n${out.slice(-3000)}`)));
    const check = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    };
    child.stdout.on("data", check);
    child.stderr.on("data", check);
  });
  return { url, pid: child.pid ?? 0, stop: () => child.kill() };
}

/** CPU time (user + system) a process has used so far, in ms (Linux clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { url?: string }; beginData?: { url?: string } };
}

/** Thread-time (ms) the page's renderer main thread spent in all (`total`) and by the trace event directly under each task, from a Chromium trace. */
function summarizeTrace(events: TraceEvent[], url: string): Record<string, number> {
  const mainThreads = events.filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain");
  const pagePid = events.find((e) => e.name === "ParseHTML" && (e.args?.beginData?.url ?? "").startsWith(url))?.pid;
  const main = mainThreads.find((e) => e.pid === pagePid);
  const out: Record<string, number> = {};
  if (!main) return out;
  const own = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === "X" && e.dur !== undefined).sort((a, b) => a.ts - b.ts);
  let taskEnd = -1;
  let childEnd = -1;
  for (const event of own) {
    const time = (event.tdur ?? event.dur ?? 0) / 1000;
    if (event.name === "RunTask" || event.name === "ThreadControllerImpl::RunTask") {
      if (event.ts >= taskEnd) {
        out.total = (out.total ?? 0) + time;
        taskEnd = event.ts + (event.dur ?? 0);
        childEnd = -1;
      }
      continue;
    }
    if (event.ts < taskEnd && event.ts >= childEnd) {
      out[event.name] = (out[event.name] ?? 0) + time;
      childEnd = event.ts + (event.dur ?? 0);
    }
  }
  return out;
}

async function load(browser: Browser, server: Server, token: string) {
  const context = await browser.newContext();
  await context.addInitScript((t) => {
    localStorage.setItem("todo.token", t);
    (window as unknown as { dashboardReady: Promise<number> }).dashboardReady = new Promise((resolve) => {
      new MutationObserver((_, observer) => {
        if (document.body?.dataset.ready !== "true") return;
        observer.disconnect();
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0));
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-ready"] });
    });
  }, token);
  const page = await context.newPage();
  await browser.startTracing(page, {
    categories: ["toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "v8.execute", "blink", "loading"],
  });
  const cpuBefore = cpuMs(server.pid);
  await page.goto(server.url);
  const ready = await page.evaluate(() => (window as unknown as { dashboardReady: Promise<number> }).dashboardReady);
  const serverCpu = cpuMs(server.pid) - cpuBefore;
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const tasks = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).find((r) => r.name.includes("/api/tasks?status=open"));
    return { dcl: nav.domContentLoadedEventEnd, tasksStart: tasks?.startTime ?? NaN, tasksEnd: tasks?.responseEnd ?? NaN };
  });
  const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
  await context.close();
  return { ready, serverCpu, ...timing, cpu: summarizeTrace(trace.traceEvents, server.url) };
}

/** fetch, tried again once when a reused keep-alive connection was reset (a loaded machine's slow turns). */
async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    return fetch(url, init);
  }
}

const roots = { A: process.argv[2] ?? "", B: process.cwd() };
const runs = Number(process.argv[3] ?? 5);
const servers = { A: await serve(roots.A), B: await serve(roots.B) };
const tokens: Record<string, string> = {};
for (const key of ["A", "B"] as const) {
  tokens[key] = await seedDashboardUser(servers[key].url, send);
}
const browser = await chromium.launch({
  executablePath: benchEnv.CHROMIUM_PATH,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const results: Record<string, Array<Awaited<ReturnType<typeof load>>>> = { A: [], B: [] };
for (let run = 0; run < runs; run++)
  for (const key of run % 2 ? (["B", "A"] as const) : (["A", "B"] as const)) results[key]?.push(await load(browser, servers[key], tokens[key] ?? ""));
const p50 = (values: number[]) => percentile(values, 50).toFixed(0);
for (const key of ["A", "B"] as const) {
  const list = results[key] ?? [];
  const median = (name: string) =>
    percentile(
      list.map((r) => r.cpu[name] ?? 0),
      50,
    );
  const headings = [...new Set(list.flatMap((r) => Object.keys(r.cpu)))].sort((a, b) => median(b) - median(a)).slice(0, 10);
  console.log(
    `${key} (${roots[key]}), p50 of ${list.length}: ready ${p50(list.map((r) => r.ready))} ms wall [${list.map((r) => r.ready.toFixed(0)).join(" ")}]; ` +
      `DCL ${p50(list.map((r) => r.dcl))}; open tasks fetched ${p50(list.map((r) => r.tasksStart))}→${p50(list.map((r) => r.tasksEnd))}; server CPU ${p50(list.map((r) => r.serverCpu))} ms`,
  );
  console.log(`   renderer main thread CPU (ms): ${headings.map((h) => `${h} ${p50(list.map((r) => r.cpu[h] ?? 0))}`).join(", ")}`);
}
await browser.close();
servers.A.stop();
servers.B.stop();
process.exit(0);

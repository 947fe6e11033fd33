// Diagnostic: the dashboard load of two checkouts (A = argv[2], B = this one), runs interleaved so both
// see the same machine load. Node-measured as `npm run bench -- page` does, plus the in-page ready time.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { percentile } from "./stats.ts";
import { benchEnv } from "./env.ts";
import { seedDashboardUser } from "./dashboard-seed.ts";

async function serve(root: string): Promise<{ url: string; stop: () => void }> {
  const tsx = pathToFileURL(path.join(root, "node_modules", "tsx", "dist", "loader.mjs")).href;
  const child = spawn(process.execPath, ["--import", tsx, path.join(root, "embedded", "src", "main.ts")], {
    cwd: root,
    // eslint-disable-next-line no-restricted-properties -- a diagnostic passing its environment through
    env: { ...process.env, PORT: "0", LOG_LEVEL: "info", TODO_DATA_DIR: mkdtempSync(path.join(tmpdir(), "ab-")) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.on("exit", (code) => console.error(`server ${root} exited ${code}:\n${out.slice(-3000)}`));
  const url = await new Promise<string>((resolve) => {
    const check = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout.on("data", check);
    child.stderr.on("data", check);
  });
  return { url, stop: () => child.kill() };
}

const roots = { A: process.argv[2]!, B: process.cwd() };
const runs = Number(process.argv[3] ?? 7);
const servers = { A: await serve(roots.A), B: await serve(roots.B) };
const tokens: Record<string, string> = {};
for (const key of ["A", "B"] as const) {
  tokens[key] = await seedDashboardUser(servers[key].url);
}
const browser = await chromium.launch({
  executablePath: benchEnv.CHROMIUM_PATH,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const times: Record<string, number[]> = { A: [], B: [] };
const inPage: Record<string, number[]> = { A: [], B: [] };
for (let run = 0; run < runs; run++) {
  for (const key of run % 2 ? (["B", "A"] as const) : (["A", "B"] as const)) {
    const context = await browser.newContext();
    await context.addInitScript((t) => {
      localStorage.setItem("todo.token", t);
      new MutationObserver((_, obs) => {
        if (document.body?.dataset.ready === "true") {
          obs.disconnect();
          requestAnimationFrame(() => setTimeout(() => ((window as unknown as { __ready: number }).__ready = performance.now()), 0));
        }
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-ready"] });
    }, tokens[key]);
    const page = await context.newPage();
    const start = performance.now();
    await page.goto(servers[key].url);
    await page.waitForSelector("body[data-ready='true']");
    times[key]!.push(performance.now() - start);
    await page.waitForFunction(() => (window as unknown as { __ready?: number }).__ready !== undefined);
    inPage[key]!.push(await page.evaluate(() => (window as unknown as { __ready: number }).__ready));
    await context.close();
  }
}
for (const key of ["A", "B"] as const)
  console.log(
    `${key} (${roots[key]}): bench p50 ${percentile(times[key]!, 50).toFixed(0)} ms [${times[key]!.map((t) => t.toFixed(0)).join(" ")}]; in-page ready p50 ${percentile(inPage[key]!, 50).toFixed(0)} ms [${inPage[key]!.map((t) => t.toFixed(0)).join(" ")}]`,
  );
await browser.close();
servers.A.stop();
servers.B.stop();
process.exit(0);

// Diagnostic (not part of `npm run bench`): where the dashboard's first load spends its time.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { startEmbedded } from "../test/support/processes.ts";
import { ensureWebBuilt } from "../test/support/web-page.ts";
import { benchEnv } from "./env.ts";
import { seedDashboardUser } from "./dashboard-seed.ts";

ensureWebBuilt();
const dataDir = mkdtempSync(path.join(tmpdir(), "bench-page-"));
const server = await startEmbedded({ TODO_DATA_DIR: dataDir, LOG_LEVEL: "warn" });
const browser = await chromium.launch({
  executablePath: benchEnv.CHROMIUM_PATH,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const token = await seedDashboardUser(server.url);
const runs = Number(process.argv[2] ?? 5);
for (let run = 0; run < runs; run++) {
  const context = await browser.newContext();
  await context.addInitScript((t) => {
    localStorage.setItem("todo.token", t);
    new MutationObserver((_, obs) => {
      if (document.body?.dataset.ready === "true") {
        (window as any).__ready = performance.now();
        obs.disconnect();
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-ready"] });
  }, token);
  const page = await context.newPage();
  const start = performance.now();
  const wallStart = Date.now();
  await page.goto(server.url);
  const gotoDone = performance.now() - start;
  await page.waitForSelector("body[data-ready='true']");
  const total = performance.now() - start;
  const info = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const res = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).map(
      (r) =>
        `${r.name.replace(location.origin, "")} ${r.startTime.toFixed(0)}→${r.responseEnd.toFixed(0)} (ttfb ${(r.responseStart - r.requestStart).toFixed(0)}, ${r.transferSize}B)`,
    );
    const marks = performance.getEntriesByType("mark").map((m) => `${m.name}@${m.startTime.toFixed(0)}`);
    return {
      nav: `html ${nav.requestStart.toFixed(0)}→${nav.responseEnd.toFixed(0)} domInteractive ${nav.domInteractive.toFixed(0)} DCL ${nav.domContentLoadedEventEnd.toFixed(0)} load ${nav.loadEventEnd.toFixed(0)}`,
      res,
      marks,
      ready: (window as any).__ready as number,
      origin: performance.timeOrigin,
    };
  });
  const wallEnd = Date.now();
  console.log(
    `run ${run}: node-measured ${total.toFixed(0)} ms (goto ${gotoDone.toFixed(0)}), in-page ready @${info.ready?.toFixed(0)}; before navigation start ${(info.origin - wallStart).toFixed(0)} ms, after ready ${(wallEnd - info.origin - info.ready).toFixed(0)} ms`,
  );
  console.log(`  ${info.nav}`);
  for (const r of info.res) console.log(`  ${r}`);
  if (info.marks.length) console.log(`  marks: ${info.marks.join(" ")}`);
  await context.close();
}
await browser.close();
await server.stop();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);

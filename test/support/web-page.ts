import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Page } from "playwright-core";
import { childEnvironment } from "./env.ts";
import { repoRoot } from "./processes.ts";

/**
 * Builds the web app (web/dist) when it is missing or older than its sources, as `npm start` does:
 * a checkout installed without scripts, or with edited sources, still tests the current page.
 */
export function ensureWebBuilt(): void {
  // NODE_ENV=production: under vitest NODE_ENV is "test", which Vite would keep, building React's
  // development bundle (StrictMode's doubled effects, 3x the code) that the bench then measured too.
  const result = spawnSync(process.execPath, [path.join(repoRoot, "scripts", "build-web.mjs"), "--if-stale"], {
    cwd: repoRoot,
    encoding: "utf8",
    env: childEnvironment({ NODE_ENV: "production" }),
  });
  if (result.status !== 0) throw new Error(`building the web app failed:\n${result.stdout}\n${result.stderr}`);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (WCAG 2.x A/AA rules) in the page and returns the serious and critical violations.
 * The source is evaluated through the DevTools protocol, which the page's CSP (script-src 'self')
 * does not govern, so the page under test keeps its real policy.
 */
export async function axeSeriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: any[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n: { target: string[] }) => n.target.join(" ")) }));
  });
}

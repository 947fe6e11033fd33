import { afterAll, beforeAll, expect, onTestFinished } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { uniqueUsername } from "./app.ts";
import { childEnvironment, testEnv } from "./env.ts";
import { repoRoot, startEmbedded } from "./processes.ts";

export const DESKTOP = { width: 1280, height: 900 };
export const MOBILE = { width: 375, height: 812 };
/** A real server process and a real browser: on a loaded 2-core machine, more than vitest's default minute. */
export const BROWSER_TEST_TIMEOUT_MS = 180_000;
/** Where browser tests leave their screenshots (kept by CI as artifacts). */
export const artifacts = path.join(repoRoot, "test-artifacts");

const browserPath = testEnv.CHROMIUM_PATH;
const haveBrowser = existsSync(browserPath);
if (!haveBrowser) console.warn(`browser tests need Chromium at ${browserPath} (apt-get install -y chromium); .ci/run installs it`);
/** False when Chromium is missing outside CI (the browser suites skip); on CI a missing browser fails them instead. */
export const canRunBrowserTests = haveBrowser || testEnv.CI;

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

/** Expects no serious or critical axe-core violations on what the page shows now; `what` names it in a failure. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  expect(await axeSeriousViolations(page), `axe on ${what}`).toEqual([]);
}

/** Saves what the page shows now as test-artifacts/<name>.png. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: options.fullPage ?? false });
}

/** A user signed up through the API, and a JSON client for the API as them (null for a 204). */
export interface ApiUser {
  username: string;
  token: string;
  api: (method: string, route: string, body?: unknown) => Promise<any>;
}

/** Signs up a new user ("<prefix>-<8 hex>", password "a long password") on the server at `serverUrl`. */
export async function signUpThroughApi(serverUrl: string, zone: string, prefix = "browser"): Promise<ApiUser> {
  const username = uniqueUsername(prefix);
  const signup = await fetch(`${serverUrl}/api/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: "a long password", timeZone: zone }),
  });
  if (signup.status !== 201) throw new Error(`sign-up failed: ${signup.status} ${await signup.text()}`);
  const { token } = (await signup.json()) as { token: string };
  const api = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${serverUrl}${route}`, {
      method,
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return response.status === 204 ? null : response.json();
  };
  return { username, token, api };
}

export interface SignedInPage extends ApiUser {
  page: Page;
  /** The ids of the tasks made for the user, in the order given. */
  ids: string[];
}

export interface WebTestBed {
  /** The embedded server's address ("http://127.0.0.1:<port>"). */
  readonly url: string;
  readonly browser: Browser;
  /** A page in a fresh browser profile (its own storage) in the bed's zone, closed when the test ends. */
  newPage(options?: { viewport?: { width: number; height: number }; acceptDownloads?: boolean }): Promise<Page>;
  /** A new user on the bed's server, in the bed's zone. */
  signUp(prefix?: string): Promise<ApiUser>;
  /** A new page signed in as the user of `token` at `path` (default "/"), once the app is ready; `beforeLoad` runs on the page before it navigates. */
  openAs(
    token: string,
    options?: { viewport?: { width: number; height: number }; path?: string; acceptDownloads?: boolean; beforeLoad?: (page: Page) => void },
  ): Promise<Page>;
  /**
   * A new user (through the API) with `tasks` made for them first, and a page signed in as them at
   * `path` (default "/"), once the app is ready: the tasks are there from the first load, not raced
   * against the live stream. `beforeLoad` runs on the page before it navigates (listeners to attach).
   */
  signedIn(options?: {
    tasks?: Array<Record<string, unknown>>;
    viewport?: { width: number; height: number };
    path?: string;
    prefix?: string;
    acceptDownloads?: boolean;
    beforeLoad?: (page: Page) => void;
  }): Promise<SignedInPage>;
}

/**
 * The embedded server (on its own data folder, built web app) and a headless Chromium for the
 * enclosing describe block: started in beforeAll, stopped (and the folder removed) in afterAll.
 * Call inside `describe`; `zone` is the IANA zone of the browser and of the users it signs up.
 */
export function webTestBed(options: { zone: string; name: string }): WebTestBed {
  let dataDir: string | undefined;
  let server: Awaited<ReturnType<typeof startEmbedded>> | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    ensureWebBuilt();
    dataDir = mkdtempSync(path.join(tmpdir(), `todo-${options.name}-`));
    server = await startEmbedded({ TODO_DATA_DIR: dataDir });
    browser = await chromium.launch({
      executablePath: browserPath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  }, BROWSER_TEST_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the web test bed is used before its beforeAll ran");
    return value;
  };
  const bed: WebTestBed = {
    get url() {
      return started(server).url;
    },
    get browser() {
      return started(browser);
    },
    async newPage({ viewport = DESKTOP, acceptDownloads = false } = {}) {
      const context = await bed.browser.newContext({ timezoneId: options.zone, viewport, acceptDownloads });
      onTestFinished(() => context.close());
      return context.newPage();
    },
    signUp: (prefix = options.name) => signUpThroughApi(bed.url, options.zone, prefix),
    async openAs(token, { viewport, path: at = "/", acceptDownloads, beforeLoad } = {}) {
      const page = await bed.newPage({ viewport, acceptDownloads });
      beforeLoad?.(page);
      await page.addInitScript((value) => localStorage.setItem("todo.token", value), token);
      await page.goto(`${bed.url}${at}`);
      await page.locator("body[data-ready='true']").waitFor();
      return page;
    },
    async signedIn({ tasks = [], viewport, path: at = "/", prefix, acceptDownloads, beforeLoad } = {}) {
      const user = await bed.signUp(prefix);
      const ids: string[] = [];
      for (const task of tasks) ids.push((await user.api("POST", "/api/tasks", task)).task.id);
      const page = await bed.openAs(user.token, { viewport, path: at, acceptDownloads, beforeLoad });
      return { ...user, page, ids };
    },
  };
  return bed;
}

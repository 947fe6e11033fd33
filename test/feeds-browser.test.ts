import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { uniqueUsername } from "./support/app.ts";
import { eventually } from "./support/eventually.ts";
import { repoRoot, startEmbedded } from "./support/processes.ts";
import { testEnv } from "./support/env.ts";
import { axeSeriousViolations, ensureWebBuilt } from "./support/web-page.ts";

const browserPath = testEnv.CHROMIUM_PATH;
const haveBrowser = existsSync(browserPath);
const ZONE = "America/New_York";
const BROWSER_TEST_TIMEOUT_MS = 180_000;
const artifacts = path.join(repoRoot, "test-artifacts");
const DESKTOP = { width: 1280, height: 900 };
const MOBILE = { width: 375, height: 812 };
const todoistSample = path.join(repoRoot, "test", "data", "todoist-sample.csv");

describe.skipIf(!haveBrowser && !testEnv.CI)("the Trash and Settings screens in headless Chromium", () => {
  let dataDir: string;
  let server: Awaited<ReturnType<typeof startEmbedded>>;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    mkdirSync(artifacts, { recursive: true });
    dataDir = mkdtempSync(path.join(tmpdir(), "todo-feeds-browser-"));
    server = await startEmbedded({ TODO_DATA_DIR: dataDir });
    browser = await chromium.launch({
      executablePath: browserPath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  }, BROWSER_TEST_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A new user (through the API) with `tasks`, and a page signed in as them at `/`. */
  async function signedIn(tasks: Array<Record<string, unknown>>, viewport = DESKTOP) {
    const signup = await fetch(`${server.url}/api/auth/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: uniqueUsername("feeds"), password: "a long password", timeZone: ZONE }),
    });
    const { token } = (await signup.json()) as { token: string };
    const api = async (method: string, route: string, body?: unknown) => {
      const response = await fetch(`${server.url}${route}`, {
        method,
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return response.status === 204 ? null : response.json();
    };
    const ids: string[] = [];
    for (const task of tasks) ids.push((await api("POST", "/api/tasks", task)).task.id);
    const context = await browser.newContext({ timezoneId: ZONE, viewport, acceptDownloads: true });
    onTestFinished(() => context.close());
    const page = await context.newPage();
    await page.addInitScript((value) => localStorage.setItem("todo.token", value), token);
    await page.goto(`${server.url}/`);
    await page.locator("body[data-ready='true']").waitFor();
    return { page, api, ids };
  }

  async function expectAccessible(page: Page, what: string) {
    expect(await axeSeriousViolations(page), `axe on ${what}`).toEqual([]);
  }

  it(
    "lists trashed tasks with when they were deleted; Restore, Delete forever and Empty trash (after confirming) work; axe-clean at 1280 and 375 px",
    async () => {
      const { page, api, ids } = await signedIn([{ title: "old plan" }, { title: "wrong idea" }, { title: "spare" }]);
      for (const id of ids) await api("DELETE", `/api/tasks/${id}`);
      await page.getByRole("button", { name: "Trash" }).click();
      await page.waitForURL(/\/trash$/);
      const items = page.getByRole("list", { name: "Deleted tasks" }).getByRole("listitem");
      await eventually(async () => expect(await items.count()).toBe(3));
      await eventually(async () => expect(await items.first().textContent()).toContain("deleted just now"));
      for (const viewport of [DESKTOP, MOBILE]) {
        await page.setViewportSize(viewport);
        await expectAccessible(page, `the trash at ${viewport.width}`);
        await page.screenshot({ path: path.join(artifacts, `trash-${viewport.width}.png`) });
      }
      await page.setViewportSize(DESKTOP);

      await page.getByRole("button", { name: "Restore old plan" }).click();
      await eventually(async () => expect(await items.count()).toBe(2));
      expect((await api("GET", "/api/tasks")).tasks.map((t: { title: string }) => t.title)).toEqual(["old plan"]);

      await page.getByRole("button", { name: "Delete forever wrong idea" }).click();
      await eventually(async () => expect(await items.count()).toBe(1));

      await page.getByRole("button", { name: "Empty trash" }).click();
      const confirm = page.getByRole("alertdialog", { name: "Empty the trash?" });
      await eventually(async () => expect(await confirm.textContent()).toContain("Delete this task forever?"));
      await confirm.getByRole("button", { name: "Cancel" }).click();
      expect(await items.count()).toBe(1);
      await page.getByRole("button", { name: "Empty trash" }).click();
      await page.getByRole("button", { name: "Yes, empty trash" }).click();
      await page.getByText("The trash is empty.").waitFor();
      expect((await api("GET", "/api/trash")).tasks).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "makes, copies, regenerates and turns off the calendar feed; exports JSON; imports a Todoist CSV and shows what was skipped; axe-clean at 1280 and 375 px",
    async () => {
      const { page, api } = await signedIn([{ title: "dentist", dueAt: "2030-03-05T14:30:00" }]);
      await page.getByRole("button", { name: "Settings" }).click();
      await page.waitForURL(/\/settings$/);
      await page.getByRole("button", { name: "Create calendar feed" }).click();
      const address = page.getByLabel("Feed address (shown only now)");
      await address.waitFor();
      const first = await address.inputValue();
      expect(first).toMatch(new RegExp(`^${server.url}/calendar/[A-Za-z0-9_-]{43}\\.ics$`));
      const feed = await fetch(first);
      expect(feed.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
      expect(await feed.text()).toContain("SUMMARY:dentist");

      await page.getByRole("button", { name: "Regenerate address" }).click();
      await eventually(async () => expect(await address.inputValue()).not.toBe(first));
      expect((await fetch(first)).status).toBe(404);
      expect((await fetch(await address.inputValue())).status).toBe(200);

      const download = page.waitForEvent("download");
      await page.getByRole("button", { name: "Export JSON" }).click();
      const saved = await (await download).path();
      expect(JSON.parse(readFileSync(saved, "utf8"))).toMatchObject({
        format: "todo-chatbot-export",
        tasks: [expect.objectContaining({ title: "dentist" })],
      });

      await page.getByLabel("File type").selectOption("todoist-csv");
      await page.getByLabel("File", { exact: true }).setInputFiles(todoistSample);
      await page.getByRole("button", { name: "Import" }).click();
      const result = page.locator(".import-result");
      await eventually(async () => expect(await result.textContent()).toContain("Imported 7 tasks; skipped 2 rows:"));
      expect(await result.textContent()).toContain("Row 13: PRIORITY must be 1-4");
      expect((await api("GET", "/api/tasks?limit=100")).tasks).toHaveLength(8);

      for (const viewport of [DESKTOP, MOBILE]) {
        await page.setViewportSize(viewport);
        await expectAccessible(page, `settings at ${viewport.width}`);
        await page.screenshot({ path: path.join(artifacts, `settings-${viewport.width}.png`), fullPage: true });
      }
      await page.setViewportSize(DESKTOP);
      await page.getByRole("button", { name: "Turn off feed" }).click();
      await page.getByRole("button", { name: "Create calendar feed" }).waitFor();
      expect((await api("GET", "/api/calendar-feed")).active).toBe(false);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});

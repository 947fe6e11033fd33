// Lists on the web page (issue 13), in headless Chromium against the embedded server: create a list,
// add a task into it through the task dialog, see it (and the count) in the list's view, then delete
// the list choosing Inbox (the task is in Inbox) and another choosing the trash (the task is in /trash);
// axe-clean and screenshotted at 1280 and 375 px.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
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

describe.skipIf(!haveBrowser && !testEnv.CI)("lists on the web page in headless Chromium", () => {
  let dataDir: string;
  let server: Awaited<ReturnType<typeof startEmbedded>>;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    mkdirSync(artifacts, { recursive: true });
    dataDir = mkdtempSync(path.join(tmpdir(), "todo-lists-browser-"));
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

  async function signedIn() {
    const signup = await fetch(`${server.url}/api/auth/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: uniqueUsername("lists"), password: "a long password", timeZone: ZONE }),
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
    const context = await browser.newContext({ timezoneId: ZONE, viewport: DESKTOP });
    onTestFinished(() => context.close());
    const page = await context.newPage();
    await page.addInitScript((value) => localStorage.setItem("todo.token", value), token);
    await page.goto(`${server.url}/`);
    await page.locator("body[data-ready='true']").waitFor();
    return { page, api };
  }

  async function expectAccessible(page: Page, what: string) {
    expect(await axeSeriousViolations(page), `axe on ${what}`).toEqual([]);
  }

  /** Creates a list through the New list dialog; the page then shows it. */
  async function createList(page: Page, name: string) {
    await page.getByRole("button", { name: "New list" }).click();
    const dialog = page.getByRole("dialog", { name: "New list" });
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByRole("radio").nth(1).check();
    await dialog.getByRole("button", { name: "Create list" }).click();
    await page.getByRole("heading", { level: 1, name }).waitFor();
  }

  /** Adds a task through the task dialog; its list picker starts on the list in view. */
  async function addTask(page: Page, title: string, list: string) {
    await page.getByRole("button", { name: "New task" }).click();
    const dialog = page.getByRole("dialog", { name: "New task" });
    await dialog.getByLabel("Title").fill(title);
    const picker = dialog.getByLabel("List");
    await eventually(async () => expect(await picker.locator("option:checked").textContent()).toBe(list));
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.waitFor({ state: "detached" });
  }

  const sidebarLink = (page: Page, name: string) =>
    page.getByRole("navigation", { name: "Lists" }).getByRole("link", { name: new RegExp(`^${name}`) });

  it(
    "creates a list, adds a task into it, shows it with the count; deleting the list moves the task to Inbox, deleting another trashes it",
    async () => {
      const { page, api } = await signedIn();
      await sidebarLink(page, "Inbox").waitFor();

      await createList(page, "Groceries");
      expect(page.url()).toMatch(/\/lists\/[0-9a-f-]{36}$/);
      await addTask(page, "buy milk", "Groceries");
      const tasks = page.getByRole("list", { name: "Tasks in Groceries" });
      await tasks.getByText("buy milk").waitFor();
      await eventually(async () => expect(await sidebarLink(page, "Groceries").getByLabel("1 open").textContent()).toBe("1"));
      const stored = (await api("GET", "/api/tasks?list=Groceries")).tasks;
      expect(stored.map((t: { title: string }) => t.title)).toEqual(["buy milk"]);

      // In another view the card names its list.
      await page.getByRole("link", { name: /^All/ }).click();
      await eventually(async () => expect(await page.locator("[data-task-id] .task-list-name").textContent()).toContain("Groceries"));

      await sidebarLink(page, "Groceries").click();
      await tasks.getByText("buy milk").waitFor();
      for (const viewport of [DESKTOP, MOBILE]) {
        await page.setViewportSize(viewport);
        await expectAccessible(page, `a list's view at ${viewport.width}`);
        await page.screenshot({ path: path.join(artifacts, `lists-${viewport.width}.png`) });
      }
      await expect(page.getByLabel("List", { exact: true }).inputValue()).resolves.toMatch(/^[0-9a-f-]{36}$/);
      await page.setViewportSize(DESKTOP);

      // Delete, moving its task to Inbox.
      await page.getByRole("button", { name: "Delete list" }).click();
      const ask = page.getByRole("dialog", { name: "Delete “Groceries”?" });
      await expectAccessible(page, "the delete-list question");
      await ask.getByLabel("Move its 1 task to Inbox").check();
      await ask.getByRole("button", { name: "Delete list" }).click();
      await page.getByRole("heading", { level: 1, name: "Inbox" }).waitFor();
      await page.getByRole("list", { name: "Tasks in Inbox" }).getByText("buy milk").waitFor();
      await eventually(async () => expect(await sidebarLink(page, "Groceries").count()).toBe(0));
      expect((await api("GET", "/api/tasks?list=Inbox")).tasks.map((t: { title: string }) => t.title)).toEqual(["buy milk"]);

      // Delete another, moving its task to the trash.
      await createList(page, "Someday");
      await addTask(page, "learn the oboe", "Someday");
      await page.getByRole("list", { name: "Tasks in Someday" }).getByText("learn the oboe").waitFor();
      await page.getByRole("button", { name: "Delete list" }).click();
      const again = page.getByRole("dialog", { name: "Delete “Someday”?" });
      await again.getByLabel("Move them to the trash").check();
      await again.getByRole("button", { name: "Delete list" }).click();
      await page.getByRole("heading", { level: 1, name: "Inbox" }).waitFor();
      await page.getByRole("button", { name: "Trash" }).click();
      await page.waitForURL(/\/trash$/);
      await page.getByRole("button", { name: "Restore learn the oboe" }).waitFor();
      expect((await api("GET", "/api/lists")).lists.map((l: { name: string }) => l.name)).toEqual(["Inbox"]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});

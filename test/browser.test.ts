import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { uniqueUsername } from "./support/app.ts";
import { eventually, EVENTUALLY_TIMEOUT_MS } from "./support/eventually.ts";
import { repoRoot, startEmbedded } from "./support/processes.ts";
import { testEnv } from "./support/env.ts";

const browserPath = testEnv.CHROMIUM_PATH;
const haveBrowser = existsSync(browserPath);
if (!haveBrowser) console.warn(`browser tests need Chromium at ${browserPath} (apt-get install -y chromium); .ci/run installs it`);
const ZONE = "America/New_York";
// A real server process and a real browser: on a loaded 2-core machine, more than vitest's default minute.
const BROWSER_TEST_TIMEOUT_MS = 180_000;

describe.skipIf(!haveBrowser && !testEnv.CI)("the web page in headless Chromium", () => {
  let dataDir: string;
  let server: Awaited<ReturnType<typeof startEmbedded>>;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "todo-browser-"));
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

  /** A fresh browser profile (its own storage), closed when the test ends. */
  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ timezoneId: ZONE, viewport: { width: 1280, height: 900 } });
    onTestFinished(() => context.close());
    return context.newPage();
  }

  /**
   * Each test signs up its own user (through the API), adds `tasks` for them, and opens the page
   * signed in as them: the tasks are there from the first load, not raced against the live stream.
   */
  async function signedIn(tasks: Array<Record<string, unknown>> = []) {
    const username = uniqueUsername("browser");
    const signup = await fetch(`${server.url}/api/auth/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: "a long password", timeZone: ZONE }),
    });
    const { token } = (await signup.json()) as { token: string };
    const api = async (method: string, route: string, body?: unknown) => {
      const response = await fetch(`${server.url}${route}`, {
        method,
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return response.json();
    };
    for (const task of tasks) await api("POST", "/api/tasks", task);
    const page = await newPage();
    const requested: string[] = [];
    page.on("request", (request) => requested.push(request.url()));
    await page.addInitScript((value) => localStorage.setItem("todo.token", value), token);
    // Resolves once the page's live-update stream is open (the server answers it after subscribing).
    const live = page.waitForResponse((response) => response.url().includes("/api/notifications/stream"), { timeout: EVENTUALLY_TIMEOUT_MS });
    live.catch(() => undefined); // only the live-update test awaits it
    await page.goto(server.url);
    await eventually(async () => expect(await page.locator("#who").textContent()).toContain(username));
    const cards = () => page.locator("#task-list .task-title");
    return { page, api, cards, live, token, requested };
  }

  /** The weekly meeting the dialog test makes, made through the API for the tests that need one. */
  const teamSync = { title: "Team sync", priority: "high", tags: ["work", "meetings"], dueAt: "2030-01-07T10:30:00-05:00", recurrence: "weekly" };

  it(
    "signs up and shows an empty dashboard",
    async () => {
      const page = await newPage();
      const username = uniqueUsername("browser");
      await page.goto(server.url);
      await page.getByLabel("Username").fill(username);
      await page.getByLabel("Password").fill("a long password");
      await page.getByRole("button", { name: "Create account" }).click();
      await eventually(async () => expect(await page.locator("#who").textContent()).toContain(`${username} · ${ZONE}`));
      await eventually(async () => expect(await page.locator("#task-count").textContent()).toBe("No tasks here."));
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "creates a task through the dialog with priority, tags, a due time and weekly repeat",
    async () => {
      const { page, api } = await signedIn();
      await page.getByRole("button", { name: "New task" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Title", { exact: true }).fill("Team sync");
      await dialog.getByLabel("Priority").selectOption("high");
      await dialog.getByLabel("Tags").fill("work, meetings");
      await dialog.getByLabel("Due date").fill("2030-01-07");
      await dialog.getByLabel("Time (optional)").fill("10:30");
      await dialog.getByLabel("Repeat", { exact: true }).selectOption("weekly");
      await dialog.getByRole("button", { name: "Save" }).click();
      const card = page.locator(".task", { hasText: "Team sync" });
      await card.waitFor();
      expect(await card.locator(".badge").textContent()).toBe("high");
      expect(await card.locator(".chip").allTextContents()).toEqual(["#work", "#meetings"]);
      expect(await card.locator(".recurring").textContent()).toContain("Repeats");
      expect(await card.locator(".due").textContent()).toMatch(/Due Mon, Jan 7,? 2030,? 10:30\s?AM/);
      const stored = await api("GET", "/api/tasks?search=team");
      expect(stored.tasks[0]).toMatchObject({ recurrence: "FREQ=WEEKLY;BYDAY=MO", dueAt: "2030-01-07T10:30:00-05:00", tags: ["work", "meetings"] });
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "filters, searches and sorts what it shows",
    async () => {
      const { page, cards } = await signedIn([
        teamSync,
        { title: "buy groceries", priority: "low", tags: ["home"], dueDate: "2030-01-02" },
        { title: "file taxes", priority: "urgent", tags: ["home"], dueDate: "2030-03-01" },
      ]);
      const shown = (titles: string[]) => eventually(async () => expect(await cards().allTextContents()).toEqual(titles));
      await shown(["buy groceries", "Team sync", "file taxes"]);
      const filters = page.getByRole("search");
      await filters.getByLabel("Sort").selectOption("priority");
      await shown(["file taxes", "Team sync", "buy groceries"]);
      await filters.getByLabel("Priority").selectOption("low");
      await shown(["buy groceries"]);
      await filters.getByLabel("Priority").selectOption("");
      await filters.getByLabel("Tag").fill("home");
      await shown(["file taxes", "buy groceries"]);
      await filters.getByLabel("Tag").fill("");
      await filters.getByLabel("Search").fill("tax");
      await shown(["file taxes"]);
      await filters.getByLabel("Search").fill("");
      await filters.getByLabel("Sort").selectOption("dueAt");
      await shown(["buy groceries", "Team sync", "file taxes"]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "adds a task from the chat and shows it without a reload",
    async () => {
      const { page } = await signedIn();
      await page.getByLabel("Message").fill("remind me to call mom tomorrow at 6pm");
      await page.getByRole("button", { name: "Send" }).click();
      await page.locator(".chat-log .assistant", { hasText: "Added 'call mom' for tomorrow 6:00 PM" }).waitFor();
      await page.locator(".task", { hasText: "call mom" }).waitFor();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "updates live when a task changes elsewhere (another MCP or API client)",
    async () => {
      const { page, api, live } = await signedIn();
      await live;
      await eventually(async () => expect(await page.locator("#task-count").textContent()).toBe("No tasks here."));
      await api("POST", "/api/tasks", { title: "added from elsewhere" });
      await page.locator(".task", { hasText: "added from elsewhere" }).waitFor();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "highlights an overdue task",
    async () => {
      const { page } = await signedIn([{ title: "renew passport", dueAt: "2020-05-01T09:00:00Z" }]);
      const card = page.locator(".task", { hasText: "renew passport" });
      await card.waitFor();
      expect(await card.getAttribute("class")).toContain("overdue");
      expect(await card.locator(".overdue-label").textContent()).toBe("Overdue");
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "shows the next occurrence after completing a repeating task",
    async () => {
      const { page } = await signedIn([teamSync]);
      await page.getByRole("checkbox", { name: "Complete Team sync" }).check();
      const next = page.locator(".task", { hasText: "Team sync" });
      await eventually(async () =>
        expect(
          (await next
            .locator(".due")
            .textContent()
            .catch(() => "")) ?? "",
        ).toMatch(/Mon, Jan 14,? 2030,? 10:30\s?AM/),
      );
      mkdirSync(path.join(repoRoot, "test-artifacts"), { recursive: true });
      await page.screenshot({ path: path.join(repoRoot, "test-artifacts", "dashboard.png"), fullPage: true });
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "says clearly what happened when asked to enable push notifications",
    async () => {
      const { page } = await signedIn();
      // Headless Chromium has no push service: with permission granted, subscribing is refused.
      await page.context().grantPermissions(["notifications"], { origin: server.url });
      await page.getByRole("button", { name: "Enable notifications" }).click();
      await eventually(async () =>
        expect(await page.locator("#push-status").textContent()).toMatch(/refused push notifications: .+|Notifications are on/),
      );
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "opens the live stream with a ticket, never with the token in a URL",
    async () => {
      const { token, live, requested } = await signedIn();
      await live;
      expect(requested.some((url) => url.includes("/api/notifications/stream?ticket="))).toBe(true);
      expect(requested.filter((url) => url.includes(token))).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "ends the session on the server when signing out",
    async () => {
      const { page, token } = await signedIn();
      const me = () => fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
      expect(await me()).toBe(200);
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByRole("button", { name: "Create account" }).waitFor();
      await eventually(async () => expect(await me()).toBe(401));
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { repoRoot, startEmbedded } from "./support/processes.ts";

const browserPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const haveBrowser = existsSync(browserPath);
if (!haveBrowser) console.warn(`browser tests need Chromium at ${browserPath} (apt-get install -y chromium); .ci/run installs it`);
const ZONE = "America/New_York";

describe.skipIf(!haveBrowser && !process.env.CI)("the web page in headless Chromium", () => {
  let dataDir: string;
  let server: Awaited<ReturnType<typeof startEmbedded>>;
  let browser: Browser;
  let page: Page;
  let token: string;
  const requested: string[] = [];

  const api = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${server.url}${route}`, {
      method,
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return response.json() as Promise<any>;
  };
  const cards = () => page.locator("#task-list .task-title");

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "todo-browser-"));
    server = await startEmbedded({ TODO_DATA_DIR: dataDir });
    browser = await chromium.launch({ executablePath: browserPath, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
    const context = await browser.newContext({ timezoneId: ZONE, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on("request", (request) => requested.push(request.url()));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("signs up and shows an empty dashboard", async () => {
    await page.goto(server.url);
    await page.getByLabel("Username").fill("browser-user");
    await page.getByLabel("Password").fill("a long password");
    await page.getByRole("button", { name: "Create account" }).click();
    // Sign-up hashes with argon2: on a busy machine that takes longer than expect.poll's default second.
    await expect.poll(() => page.locator("#who").textContent(), { timeout: 20_000 }).toContain(`browser-user · ${ZONE}`);
    await expect.poll(() => page.locator("#task-count").textContent(), { timeout: 20_000 }).toBe("No tasks here.");
    token = (await page.evaluate(() => localStorage.getItem("todo.token")))!;
  });

  it("creates a task through the dialog with priority, tags, a due time and weekly repeat", async () => {
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
  });

  it("filters, searches and sorts what it shows", async () => {
    await api("POST", "/api/tasks", { title: "buy groceries", priority: "low", tags: ["home"], dueDate: "2030-01-02" });
    await api("POST", "/api/tasks", { title: "file taxes", priority: "urgent", tags: ["home"], dueDate: "2030-03-01" });
    await page.reload();
    await expect.poll(() => cards().allTextContents()).toEqual(["buy groceries", "Team sync", "file taxes"]);
    const filters = page.getByRole("search");
    await filters.getByLabel("Sort").selectOption("priority");
    await expect.poll(() => cards().allTextContents()).toEqual(["file taxes", "Team sync", "buy groceries"]);
    await filters.getByLabel("Priority").selectOption("low");
    await expect.poll(() => cards().allTextContents()).toEqual(["buy groceries"]);
    await filters.getByLabel("Priority").selectOption("");
    await filters.getByLabel("Tag").fill("home");
    await expect.poll(() => cards().allTextContents()).toEqual(["file taxes", "buy groceries"]);
    await filters.getByLabel("Tag").fill("");
    await filters.getByLabel("Search").fill("tax");
    await expect.poll(() => cards().allTextContents()).toEqual(["file taxes"]);
    await filters.getByLabel("Search").fill("");
    await filters.getByLabel("Sort").selectOption("dueAt");
    await expect.poll(() => cards().allTextContents()).toEqual(["buy groceries", "Team sync", "file taxes"]);
  });

  it("adds a task from the chat and shows it without a reload", async () => {
    await page.getByLabel("Message").fill("remind me to call mom tomorrow at 6pm");
    await page.getByRole("button", { name: "Send" }).click();
    await page.locator(".chat-log .assistant", { hasText: "Added 'call mom' for tomorrow 6:00 PM" }).waitFor();
    await page.locator(".task", { hasText: "call mom" }).waitFor();
  });

  it("updates live when a task changes elsewhere (another MCP or API client)", async () => {
    await api("POST", "/api/tasks", { title: "added from elsewhere" });
    await page.locator(".task", { hasText: "added from elsewhere" }).waitFor({ timeout: 10_000 });
  });

  it("highlights an overdue task", async () => {
    await api("POST", "/api/tasks", { title: "renew passport", dueAt: "2020-05-01T09:00:00Z" });
    const card = page.locator(".task", { hasText: "renew passport" });
    await card.waitFor();
    expect(await card.getAttribute("class")).toContain("overdue");
    expect(await card.locator(".overdue-label").textContent()).toBe("Overdue");
  });

  it("shows the next occurrence after completing a repeating task", async () => {
    await page.getByRole("checkbox", { name: "Complete Team sync" }).check();
    const next = page.locator(".task", { hasText: "Team sync" });
    await expect.poll(async () => (await next.locator(".due").textContent().catch(() => "")) ?? "", { timeout: 10_000 }).toMatch(/Mon, Jan 14,? 2030,? 10:30\s?AM/);
    mkdirSync(path.join(repoRoot, "test-artifacts"), { recursive: true });
    await page.screenshot({ path: path.join(repoRoot, "test-artifacts", "dashboard.png"), fullPage: true });
  });

  it("says clearly what happened when asked to enable push notifications", async () => {
    // Headless Chromium has no push service: with permission granted, subscribing is refused.
    await page.context().grantPermissions(["notifications"], { origin: server.url });
    await page.getByRole("button", { name: "Enable notifications" }).click();
    await expect.poll(() => page.locator("#push-status").textContent(), { timeout: 15_000 }).toMatch(/refused push notifications: .+|Notifications are on/);
  });

  it("opens the live stream with a ticket, never with the token in a URL", () => {
    expect(requested.some((url) => url.includes("/api/notifications/stream?ticket="))).toBe(true);
    expect(requested.filter((url) => url.includes(token))).toEqual([]);
  });

  it("ends the session on the server when signing out", async () => {
    const me = () => fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await me()).toBe(200);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Create account" }).waitFor();
    await expect.poll(me, { timeout: 20_000 }).toBe(401);
  });
});

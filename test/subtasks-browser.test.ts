import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DateTime } from "luxon";
import { chromium, type Browser } from "playwright-core";
import { uniqueUsername } from "./support/app.ts";
import { eventually } from "./support/eventually.ts";
import { startEmbedded } from "./support/processes.ts";
import { testEnv } from "./support/env.ts";
import { axeSeriousViolations, ensureWebBuilt } from "./support/web-page.ts";

const browserPath = testEnv.CHROMIUM_PATH;
const haveBrowser = existsSync(browserPath);
const ZONE = "America/New_York";
const BROWSER_TEST_TIMEOUT_MS = 180_000;
const today = () => DateTime.now().setZone(ZONE).toISODate()!;

describe.skipIf(!haveBrowser && !testEnv.CI)("subtasks on the web page in headless Chromium", () => {
  let dataDir: string;
  let server: Awaited<ReturnType<typeof startEmbedded>>;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    dataDir = mkdtempSync(path.join(tmpdir(), "todo-subtasks-browser-"));
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

  for (const viewport of [
    { width: 1280, height: 900 },
    { width: 375, height: 812 },
  ]) {
    it(
      `shows subtasks under their parent with a done count, adds one inline, and asks before completing the parent (${viewport.width} px)`,
      async () => {
        const signup = await fetch(`${server.url}/api/auth/signup`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username: uniqueUsername("nest"), password: "a long password", timeZone: ZONE }),
        });
        const { token } = (await signup.json()) as { token: string };
        const api = async (method: string, route: string, body?: unknown) =>
          (
            await fetch(`${server.url}${route}`, {
              method,
              headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
              body: body === undefined ? undefined : JSON.stringify(body),
            })
          ).json();
        const trip = (await api("POST", "/api/tasks", { title: "trip planning", dueDate: today() })).task;
        await api("POST", "/api/tasks", { title: "book flights", parentId: trip.id });

        const context = await browser.newContext({ timezoneId: ZONE, viewport });
        onTestFinished(() => context.close());
        const page = await context.newPage();
        await page.addInitScript((value) => localStorage.setItem("todo.token", value), token);
        await page.goto(`${server.url}/`);
        await page.locator("body[data-ready='true']").waitFor();

        const parent = page.locator("main .task", { has: page.locator(":scope > .task-body > .task-title", { hasText: "trip planning" }) });
        const nested = page.getByRole("list", { name: "Subtasks of trip planning" });
        await eventually(async () => expect(await nested.locator(".task-title").allTextContents()).toEqual(["book flights"]));
        await expect(parent.getByLabel("0 of 1 subtasks done").textContent()).resolves.toBe("0/1");

        await page.getByRole("button", { name: "Add a subtask to trip planning" }).click();
        await page.getByLabel("New subtask of trip planning").fill("pack bags");
        await page.getByLabel("New subtask of trip planning").press("Enter");
        await eventually(async () => expect(await nested.locator(".task-title").allTextContents()).toEqual(["book flights", "pack bags"]));
        expect(await axeSeriousViolations(page)).toEqual([]);
        // Nothing overflows the narrow screen.
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

        // Completing the parent asks first; "Cancel" leaves everything open, "OK" completes all three.
        const questions: string[] = [];
        let answer = false;
        page.on("dialog", (dialog) => {
          questions.push(dialog.message());
          void (answer ? dialog.accept() : dialog.dismiss());
        });
        await page.getByRole("checkbox", { name: "Complete trip planning" }).click();
        await eventually(() => expect(questions).toEqual(["“trip planning” has 2 open subtasks. Complete its 2 open subtasks too?"]));
        expect((await api("GET", `/api/tasks/${trip.id}`)).task.status).toBe("open");
        answer = true;
        await page.getByRole("checkbox", { name: "Complete trip planning" }).click();
        await eventually(async () => {
          const shown = await api("GET", `/api/tasks/${trip.id}`);
          expect([shown.task.status, ...shown.subtasks.map((s: { status: string }) => s.status)]).toEqual(["done", "done", "done"]);
        });
      },
      BROWSER_TEST_TIMEOUT_MS,
    );
  }
});

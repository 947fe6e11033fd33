// Lists on the web page (issue 13), in headless Chromium against the embedded server: create a list,
// add a task into it through the task dialog, see it (and the count) in the list's view, then delete
// the list choosing Inbox (the task is in Inbox) and another choosing the trash (the task is in /trash);
// axe-clean and screenshotted at 1280 and 375 px.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { eventually } from "./support/eventually.ts";
import { BROWSER_TEST_TIMEOUT_MS, canRunBrowserTests, DESKTOP, expectAccessible, MOBILE, screenshot, webTestBed } from "./support/web-page.ts";

const ZONE = "America/New_York";

describe.skipIf(!canRunBrowserTests)("lists on the web page in headless Chromium", () => {
  const bed = webTestBed({ zone: ZONE, name: "lists-browser" });

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
      const { page, api } = await bed.signedIn({ prefix: "lists" });
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
        await screenshot(page, `lists-${viewport.width}`);
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

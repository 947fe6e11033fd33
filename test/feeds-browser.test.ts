import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { eventually } from "./support/eventually.ts";
import { repoRoot } from "./support/processes.ts";
import { BROWSER_TEST_TIMEOUT_MS, canRunBrowserTests, DESKTOP, expectAccessible, MOBILE, screenshot, webTestBed } from "./support/web-page.ts";

const ZONE = "America/New_York";
const todoistSample = path.join(repoRoot, "test", "data", "todoist-sample.csv");

describe.skipIf(!canRunBrowserTests)("the Trash and Settings screens in headless Chromium", () => {
  const bed = webTestBed({ zone: ZONE, name: "feeds-browser" });
  /** A new user (through the API) with `tasks`, and a page signed in as them at `/` that may download files. */
  const signedIn = (tasks: Array<Record<string, unknown>>) => bed.signedIn({ tasks, prefix: "feeds", acceptDownloads: true });

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
        await screenshot(page, `trash-${viewport.width}`);
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
      expect(first).toMatch(new RegExp(`^${bed.url}/calendar/[A-Za-z0-9_-]{43}\\.ics$`));
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
        await screenshot(page, `settings-${viewport.width}`, { fullPage: true });
      }
      await page.setViewportSize(DESKTOP);
      await page.getByRole("button", { name: "Turn off feed" }).click();
      await page.getByRole("button", { name: "Create calendar feed" }).waitFor();
      expect((await api("GET", "/api/calendar-feed")).active).toBe(false);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});

import { describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { eventually } from "./support/eventually.ts";
import { axeSeriousViolations, BROWSER_TEST_TIMEOUT_MS, canRunBrowserTests, DESKTOP, MOBILE, webTestBed } from "./support/web-page.ts";

const ZONE = "America/New_York";
const today = () => DateTime.now().setZone(ZONE).toISODate()!;

describe.skipIf(!canRunBrowserTests)("subtasks on the web page in headless Chromium", () => {
  const bed = webTestBed({ zone: ZONE, name: "subtasks-browser" });

  for (const viewport of [DESKTOP, MOBILE]) {
    it(
      `shows subtasks under their parent with a done count, adds one inline, and asks in its own dialog before completing the parent (${viewport.width} px)`,
      async () => {
        const user = await bed.signUp("nest");
        const trip = (await user.api("POST", "/api/tasks", { title: "trip planning", dueDate: today() })).task;
        await user.api("POST", "/api/tasks", { title: "book flights", parentId: trip.id });
        const page = await bed.openAs(user.token, { viewport });

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

        // Completing the parent asks first, in the app's own dialog (never the browser's confirm()).
        const browserDialogs: string[] = [];
        page.on("dialog", (dialog) => {
          browserDialogs.push(dialog.message());
          void dialog.dismiss();
        });
        const checkbox = page.getByRole("checkbox", { name: "Complete trip planning" });
        await checkbox.click();
        const question = page.getByRole("alertdialog", { name: "Complete “trip planning”?" });
        await question.waitFor();
        expect(await question.getAttribute("aria-describedby").then((id) => page.locator(`#${id}`).textContent())).toBe(
          "It has 2 open subtasks. Complete all completes all 2 too.",
        );
        expect(await axeSeriousViolations(page)).toEqual([]);
        // Focus starts inside and stays inside: Tab from the last button wraps to the other one, never to the page behind.
        await eventually(async () => expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Complete all"));
        for (let i = 0; i < 4; i++) {
          await page.keyboard.press("Tab");
          expect(await page.evaluate(() => Boolean(document.activeElement?.closest("[role='alertdialog']")))).toBe(true);
        }
        // "Cancel" (and Escape) leave everything open, and focus goes back to the checkbox.
        await question.getByRole("button", { name: "Cancel" }).click();
        await question.waitFor({ state: "detached" });
        await eventually(async () => expect(await checkbox.evaluate((element) => element === document.activeElement)).toBe(true));
        await checkbox.click();
        await question.waitFor();
        await page.keyboard.press("Escape");
        await question.waitFor({ state: "detached" });
        expect((await user.api("GET", `/api/tasks/${trip.id}`)).task.status).toBe("open");

        // "Complete all" completes the parent and its subtasks.
        await checkbox.click();
        await question.getByRole("button", { name: "Complete all" }).click();
        await eventually(async () => {
          const shown = await user.api("GET", `/api/tasks/${trip.id}`);
          expect([shown.task.status, ...shown.subtasks.map((s: { status: string }) => s.status)]).toEqual(["done", "done", "done"]);
        });
        expect(browserDialogs).toEqual([]);

        // Undo puts back exactly what "Complete all" changed: the parent and the subtasks it completed are open again.
        const toast = page.locator(".toast", { hasText: "Done: “trip planning”" });
        await toast.getByRole("button", { name: "Undo" }).click();
        await eventually(async () => {
          const shown = await user.api("GET", `/api/tasks/${trip.id}`);
          expect([shown.task.status, ...shown.subtasks.map((s: { status: string }) => s.status)]).toEqual(["open", "open", "open"]);
          expect(shown.task.subtaskCount).toEqual({ total: 2, done: 0 });
        });
        await eventually(async () => expect(await parent.getByLabel("0 of 2 subtasks done").textContent()).toBe("0/2"));
        expect(await nested.getByRole("checkbox", { name: "Complete book flights" }).isChecked()).toBe(false);
      },
      BROWSER_TEST_TIMEOUT_MS,
    );
  }
});

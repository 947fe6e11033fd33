import { describe, expect, it, onTestFinished } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DateTime } from "luxon";
import type { Page } from "playwright-core";
import { uniqueUsername } from "./support/app.ts";
import { eventually, EVENTUALLY_TIMEOUT_MS } from "./support/eventually.ts";
import { startEmbedded } from "./support/processes.ts";
import {
  BROWSER_TEST_TIMEOUT_MS,
  canRunBrowserTests,
  DESKTOP,
  expectAccessible,
  MOBILE,
  screenshot,
  signUpThroughApi,
  webTestBed,
} from "./support/web-page.ts";
import { scriptedModel } from "./support/scripted-model.ts";

const ZONE = "America/New_York";

/** Calendar dates relative to today in the test user's zone ("YYYY-MM-DD"). */
const day = (offset: number) => DateTime.now().setZone(ZONE).plus({ days: offset }).toISODate()!;
const at = (offset: number, time: string) => `${day(offset)}T${time}`;

describe.skipIf(!canRunBrowserTests)("the web page in headless Chromium", () => {
  const bed = webTestBed({ zone: ZONE, name: "browser" });
  const newPage = (viewport = DESKTOP) => bed.newPage({ viewport });

  /**
   * Each test signs up its own user (through the API), adds `tasks` for them, and opens the page
   * signed in as them at `path`: the tasks are there from the first load, not raced against the live stream.
   */
  async function signedIn(tasks: Array<Record<string, unknown>> = [], options: { viewport?: typeof DESKTOP; path?: string } = {}) {
    const requested: string[] = [];
    let live: Promise<unknown> = Promise.resolve();
    const user = await bed.signedIn({
      ...options,
      tasks,
      prefix: "browser",
      beforeLoad: (page) => {
        page.on("request", (request) => requested.push(request.url()));
        // Resolves once the page's live-update stream is open (the server answers it after subscribing).
        live = page.waitForResponse((response) => response.url().includes("/api/notifications/stream"), { timeout: EVENTUALLY_TIMEOUT_MS });
        live.catch(() => undefined); // only the live-update tests await it
      },
    });
    const { page } = user;
    const cards = () => page.locator("main .task-title");
    const card = (title: string) => page.locator("main .task", { has: page.locator(".task-title", { hasText: title }) });
    return { ...user, cards, card, live, requested };
  }

  const shown = (page: Page, titles: string[]) =>
    eventually(async () => expect(await page.locator("main .task-title").allTextContents()).toEqual(titles));

  /** The weekly meeting the dialog test makes, made through the API for the tests that need one. */
  const teamSync = { title: "Team sync", priority: "high", tags: ["work", "meetings"], dueAt: "2030-01-07T10:30:00-05:00", recurrence: "weekly" };

  it(
    "signs up, lands on an empty Today, and passes axe on the sign-in page at both widths",
    async () => {
      for (const viewport of [DESKTOP, MOBILE]) {
        const page = await newPage(viewport);
        await page.goto(bed.url);
        await page.getByRole("button", { name: "Create account" }).waitFor();
        await expectAccessible(page, `sign-in at ${viewport.width}`);
        await screenshot(page, `sign-in-${viewport.width}`);
      }
      const page = await newPage();
      const username = uniqueUsername("browser");
      await page.goto(bed.url);
      await page.getByLabel("Username").fill(username);
      await page.getByLabel("Password").fill("a long password");
      await page.getByRole("button", { name: "Create account" }).click();
      await eventually(async () => expect(await page.locator(".who").textContent()).toBe(`${username} · ${ZONE}`));
      expect(await page.getByRole("heading", { level: 1 }).allTextContents()).toEqual(["Today"]);
      await page.getByText("Nothing due today. Enjoy!").waitFor();
      // Signing in again from the sign-in form (after signing out) works too.
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByLabel("Username").fill(username);
      await page.getByLabel("Password").fill("a long password");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { level: 1, name: "Today" }).waitFor();
      // A wrong password is said in words, on the form.
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByLabel("Username").fill(username);
      await page.getByLabel("Password").fill("not the password");
      await page.getByRole("button", { name: "Sign in" }).click();
      await eventually(async () => expect(await page.getByRole("alert").textContent()).toMatch(/.+/));
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "shows Today, Upcoming, All and Done with counts, plain-word dates and overdue highlighted; axe-clean at 1280 and 375 px",
    async () => {
      const seed = [
        { title: "renew passport", dueAt: at(-1, "09:00"), reminderMinutesBefore: 1440 },
        { title: "pay rent", dueAt: at(0, "17:00") },
        { title: "water plants", dueDate: day(0) },
        { title: "dentist", dueDate: day(1) },
        { title: "team lunch", dueAt: at(3, "12:30"), recurrence: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", priority: "urgent", tags: ["work"] },
        { title: "book flights", dueDate: day(3) },
        { title: "far away", dueDate: day(30) },
        { title: "someday", description: "no date at all" },
        { title: "already done", dueDate: day(-2) },
      ];
      const { page, api, ids, card } = await signedIn(seed);
      await api("POST", `/api/tasks/${ids.at(-1)}/complete`);
      await page.reload();
      await page.locator("body[data-ready='true']").waitFor();

      const counts = async () =>
        Object.fromEntries(
          (await page.getByRole("navigation", { name: "Views" }).getByRole("link").allTextContents()).map((text) => {
            const m = /^(.*?)\s*(\d+)$/.exec(text.trim())!;
            return [m[1], Number(m[2])];
          }),
        );
      await eventually(async () => expect(await counts()).toEqual({ Today: 3, Upcoming: 5, All: 8, Done: 1 }));

      // Today: overdue first and highlighted, then today's, with "Today 5:00 PM".
      await shown(page, ["renew passport", "water plants", "pay rent"]);
      expect(await card("renew passport").getAttribute("class")).toContain("overdue");
      expect(await card("renew passport").locator(".overdue-label").textContent()).toBe("Overdue");
      expect(await card("renew passport").locator(".due").textContent()).toBe("Yesterday 9:00 AM");
      expect(await card("renew passport").locator(".reminder").textContent()).toBe("Reminder 1 day before");
      expect(await card("pay rent").locator(".due").textContent()).toBe("Today 5:00 PM");
      expect(await card("water plants").locator(".due").textContent()).toBe("Today");
      for (const viewport of [DESKTOP, MOBILE]) {
        await page.setViewportSize(viewport);
        await expectAccessible(page, `Today at ${viewport.width}`);
        await screenshot(page, `today-${viewport.width}`);
      }
      // Dark mode follows the system's setting and keeps its contrast.
      await page.emulateMedia({ colorScheme: "dark" });
      await expectAccessible(page, "Today in dark mode");
      await screenshot(page, `today-${MOBILE.width}-dark`);
      await page.emulateMedia({ colorScheme: "light" });
      await page.setViewportSize(DESKTOP);

      // Upcoming: grouped by day for the next two weeks, all-day and timed together.
      await page.getByRole("link", { name: /^Upcoming/ }).click();
      await page.getByRole("heading", { level: 1, name: "Upcoming" }).waitFor();
      const headings = await page.locator("main h2").allTextContents();
      const weekday = DateTime.fromISO(day(3), { zone: ZONE }).toFormat("cccc d LLLL");
      expect(headings).toEqual(["Today", "Tomorrow", weekday]);
      await shown(page, ["water plants", "pay rent", "dentist", "book flights", "team lunch"]);
      expect(await card("team lunch").locator(".due").textContent()).toBe("12:30 PM");
      expect(await card("team lunch").locator(".recurring").textContent()).toBe("Repeats every 2 weeks on Monday");
      expect(page.url()).toBe(`${bed.url}/upcoming`);
      for (const viewport of [DESKTOP, MOBILE]) {
        await page.setViewportSize(viewport);
        await expectAccessible(page, `Upcoming at ${viewport.width}`);
        await screenshot(page, `upcoming-${viewport.width}`);
      }
      await page.setViewportSize(DESKTOP);

      // All: every open task, by due date, undated last; later dates as "Fri 11 Dec".
      await page.getByRole("link", { name: /^All/ }).click();
      await shown(page, ["renew passport", "water plants", "pay rent", "dentist", "book flights", "team lunch", "far away", "someday"]);
      const far = DateTime.fromISO(day(30), { zone: ZONE });
      expect(await card("far away").locator(".due").textContent()).toBe(
        far.toFormat(far.year === DateTime.now().setZone(ZONE).year ? "ccc d LLL" : "ccc d LLL yyyy"),
      );
      expect(await card("dentist").locator(".due").textContent()).toBe("Tomorrow");
      expect(await card("book flights").locator(".due").textContent()).toBe(DateTime.fromISO(day(3), { zone: ZONE }).toFormat("ccc"));
      for (const viewport of [DESKTOP, MOBILE]) {
        await page.setViewportSize(viewport);
        await expectAccessible(page, `All at ${viewport.width}`);
        await screenshot(page, `all-${viewport.width}`);
      }
      await page.setViewportSize(DESKTOP);

      // Done.
      await page.getByRole("link", { name: /^Done/ }).click();
      await shown(page, ["already done"]);
      expect(await page.getByRole("checkbox", { name: "Reopen already done" }).isChecked()).toBe(true);
      for (const viewport of [DESKTOP, MOBILE]) {
        await page.setViewportSize(viewport);
        await expectAccessible(page, `Done at ${viewport.width}`);
        await screenshot(page, `done-${viewport.width}`);
      }
      // Each view is its own address: a reload stays there.
      await page.reload();
      await page.getByRole("heading", { level: 1, name: "Done" }).waitFor();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "creates a task through the dialog: plain-word errors next to the field, weekly repeat, axe-clean dialog",
    async () => {
      const { page, api, card } = await signedIn([], { path: "/all" });
      await page.getByRole("button", { name: "New task" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Title", { exact: true }).waitFor();
      for (const viewport of [DESKTOP, MOBILE]) {
        await page.setViewportSize(viewport);
        await expectAccessible(page, `the new-task dialog at ${viewport.width}`);
        await screenshot(page, `dialog-${viewport.width}`);
      }
      await page.setViewportSize(DESKTOP);
      // Saving without a title says so next to the title, and keeps the dialog open.
      await dialog.getByRole("button", { name: "Save" }).click();
      await dialog.getByText("Give the task a title").waitFor();
      expect(await dialog.getByLabel("Title", { exact: true }).getAttribute("aria-describedby")).toBe("title-error");
      // A reminder without a due date, likewise.
      await dialog.getByLabel("Title", { exact: true }).fill("Team sync");
      await dialog.getByRole("button", { name: "Add reminder" }).click();
      await dialog.getByLabel("Reminder 1", { exact: true }).selectOption({ label: "1 day before" });
      await dialog.getByRole("button", { name: "Save" }).click();
      await dialog.getByText("A reminder before the due time needs a due date").waitFor();
      await dialog.getByLabel("Priority").selectOption("high");
      await dialog.getByLabel("Tags").fill("work, meetings");
      await dialog.getByLabel("Due date").fill("2030-01-07");
      await dialog.getByLabel("Time (optional)").fill("10:30");
      await dialog.getByLabel("Repeat", { exact: true }).selectOption("weekly");
      await dialog.getByText("Repeats weekly on Monday").waitFor();
      await dialog.getByRole("button", { name: "Save" }).click();
      await card("Team sync").waitFor();
      expect(await card("Team sync").locator(".badge").textContent()).toBe("high");
      expect(await card("Team sync").locator(".chip").allTextContents()).toEqual(["#work", "#meetings"]);
      expect(await card("Team sync").locator(".recurring").textContent()).toBe("Repeats weekly on Monday");
      expect(await card("Team sync").locator(".due").textContent()).toBe("Mon 7 Jan 2030 10:30 AM");
      expect(await card("Team sync").locator(".reminder").textContent()).toBe("Reminder 1 day before");
      const stored = await api("GET", "/api/tasks?search=team");
      expect(stored.tasks[0]).toMatchObject({
        recurrence: "FREQ=WEEKLY;BYDAY=MO",
        dueAt: "2030-01-07T10:30:00-05:00",
        tags: ["work", "meetings"],
        reminderMinutesBefore: 1440,
      });
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "edits several reminders in the dialog: presets, a custom offset, a date and time, at most five; the card says them",
    async () => {
      const { page, api, card } = await signedIn([{ title: "Quarterly report", dueAt: "2030-03-15T17:00:00-04:00", reminderMinutesBefore: 60 }], {
        path: "/all",
      });
      await card("Quarterly report").getByRole("button", { name: /Edit/ }).click();
      const dialog = page.getByRole("dialog");
      expect(await dialog.getByLabel("Reminder 1", { exact: true }).inputValue()).toBe("60"); // the migrated one: 1 hour before
      const add = dialog.getByRole("button", { name: "Add reminder" });
      await add.click();
      await dialog.getByLabel("Reminder 2", { exact: true }).selectOption({ label: "At due time" });
      await add.click();
      await dialog.getByLabel("Reminder 3", { exact: true }).selectOption({ label: "Custom…" });
      await dialog.getByLabel("Reminder 3: how many").fill("2");
      await dialog.getByLabel("Reminder 3: unit").selectOption({ label: "days before" });
      await add.click();
      await dialog.getByLabel("Reminder 4", { exact: true }).selectOption({ label: "On a date and time" });
      await dialog.getByLabel("Reminder 4: date and time").fill("2030-03-14T08:00");
      await add.click();
      expect(await add.isDisabled()).toBe(true);
      await dialog.getByText("At most 5 reminders per task").waitFor();
      await dialog.getByRole("button", { name: "Remove reminder 5" }).click();
      await expectAccessible(page, "the reminders editor");
      await dialog.getByRole("button", { name: "Save" }).click();
      await eventually(async () =>
        expect(await card("Quarterly report").locator(".reminder").textContent()).toBe(
          "Reminder 1 hour before, at due time, 2 days before, Thu 14 Mar 2030, 8:00 AM",
        ),
      );
      const stored = (await api("GET", "/api/tasks?search=quarterly")).tasks[0];
      expect(stored.reminders.map((r: { minutesBefore?: number; at?: string }) => r.minutesBefore ?? r.at)).toEqual([
        60,
        0,
        2880,
        "2030-03-14T08:00:00-04:00",
      ]);

      // Reopened, the dialog reads them back; removing one keeps the others.
      await card("Quarterly report").getByRole("button", { name: /Edit/ }).click();
      expect(await dialog.getByLabel("Reminder 3: how many").inputValue()).toBe("2");
      expect(await dialog.getByLabel("Reminder 4: date and time").inputValue()).toBe("2030-03-14T08:00");
      await dialog.getByRole("button", { name: "Remove reminder 1" }).click();
      await dialog.getByRole("button", { name: "Save" }).click();
      await eventually(async () =>
        expect(await card("Quarterly report").locator(".reminder").textContent()).toBe(
          "Reminder at due time, 2 days before, Thu 14 Mar 2030, 8:00 AM",
        ),
      );
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "builds a custom repeat in plain words (every 2 weeks on Mon and Fri, 5 times) and reads it back when editing",
    async () => {
      const { page, api, card } = await signedIn([{ title: "gym", dueDate: "2030-01-07" }], { path: "/all" });
      await page.getByRole("button", { name: "Edit gym" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Repeat", { exact: true }).selectOption("custom");
      const custom = dialog.getByRole("group", { name: "Custom repeat" });
      await custom.getByLabel("Every").fill("2");
      await custom.getByLabel("Unit").selectOption("WEEKLY");
      expect(await custom.getByRole("checkbox", { name: "Monday" }).isChecked()).toBe(true); // the due date's weekday
      await custom.getByRole("checkbox", { name: "Friday" }).check();
      await custom.getByRole("radio", { name: "After" }).check();
      await custom.getByLabel("Number of times").fill("5");
      await dialog.getByText("Repeats every 2 weeks on Monday and Friday, 5 times").waitFor();
      // An impossible count is refused next to the field, in words.
      await custom.getByLabel("Number of times").fill("0");
      await dialog.getByRole("button", { name: "Save" }).click();
      await dialog.getByText("End after 1 to 1000 times").waitFor();
      await custom.getByLabel("Number of times").fill("5");
      await dialog.getByRole("button", { name: "Save" }).click();
      await eventually(async () =>
        expect(await card("gym").locator(".recurring").textContent()).toBe("Repeats every 2 weeks on Monday and Friday, 5 times"),
      );
      const stored = await api("GET", "/api/tasks?search=gym");
      expect(stored.tasks[0].recurrence).toBe("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR;COUNT=5");
      // Opening it again shows the same settings, not a rule.
      await page.getByRole("button", { name: "Edit gym" }).click();
      expect(await dialog.getByLabel("Repeat", { exact: true }).inputValue()).toBe("custom");
      expect(await custom.getByLabel("Every").inputValue()).toBe("2");
      expect(await custom.getByRole("checkbox", { name: "Friday" }).isChecked()).toBe(true);
      expect(await custom.getByLabel("Number of times").inputValue()).toBe("5");
      // Ending on a date.
      await custom.getByRole("radio", { name: "On" }).check();
      await custom.getByLabel("Last date").fill("2030-06-30");
      await dialog.getByRole("button", { name: "Save" }).click();
      await eventually(async () =>
        expect(await card("gym").locator(".recurring").textContent()).toBe("Repeats every 2 weeks on Monday and Friday, until 2030-06-30"),
      );
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "filters, searches and sorts the All view (title sort included)",
    async () => {
      const { page } = await signedIn(
        [
          teamSync,
          { title: "buy groceries", priority: "low", tags: ["home"], dueDate: "2030-01-02" },
          { title: "file taxes", priority: "urgent", tags: ["home"], dueDate: "2030-03-01" },
        ],
        { path: "/all" },
      );
      await shown(page, ["buy groceries", "Team sync", "file taxes"]);
      const filters = page.getByRole("search");
      await filters.getByLabel("Sort").selectOption("priority");
      await shown(page, ["file taxes", "Team sync", "buy groceries"]);
      await filters.getByLabel("Sort").selectOption("title");
      // The API orders titles by code point: capitals first.
      await shown(page, ["Team sync", "buy groceries", "file taxes"]);
      await filters.getByLabel("Priority").selectOption("low");
      await shown(page, ["buy groceries"]);
      await filters.getByLabel("Priority").selectOption("");
      await filters.getByLabel("Tag").fill("home");
      await shown(page, ["buy groceries", "file taxes"]);
      await filters.getByLabel("Tag").fill("");
      await filters.getByLabel("Search").fill("tax");
      await shown(page, ["file taxes"]);
      expect(await page.locator("#task-count").textContent()).toBe("1 task");
      await filters.getByLabel("Search").fill("");
      await filters.getByLabel("Sort").selectOption("dueAt");
      await shown(page, ["buy groceries", "Team sync", "file taxes"]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "completes at once with Undo; a repeating task's toast names the next date, and Undo takes the next one back",
    async () => {
      const { page, api } = await signedIn([{ title: "call mom", dueDate: day(0) }, teamSync], { path: "/all" });
      // click, not check: the task leaves the list at once, so there is no checked box to wait for.
      await page.getByRole("checkbox", { name: "Complete call mom" }).click();
      await shown(page, ["Team sync"]);
      const toast = page.locator(".toast", { hasText: "Done: “call mom”" });
      await toast.waitFor();
      await toast.getByRole("button", { name: "Undo" }).click();
      await shown(page, ["call mom", "Team sync"]);
      expect((await api("GET", "/api/tasks?search=mom")).tasks[0].status).toBe("open");

      await page.getByRole("checkbox", { name: "Complete Team sync" }).click();
      const repeatToast = page.locator(".toast", { hasText: "Done: “Team sync”. Next one: Mon 14 Jan 2030 10:30 AM" });
      await repeatToast.waitFor();
      // The next occurrence appears by itself (made by the series worker, pushed over the live stream).
      await eventually(async () => expect(await page.locator("main .task .due").allTextContents()).toContain("Mon 14 Jan 2030 10:30 AM"));
      await repeatToast.getByRole("button", { name: "Undo" }).click();
      await eventually(async () => expect(await page.locator("main .task .due").allTextContents()).toEqual(["Today", "Mon 7 Jan 2030 10:30 AM"]));
      const open = await api("GET", "/api/tasks?search=team");
      expect(open.tasks.map((t: { dueAt: string }) => t.dueAt)).toEqual(["2030-01-07T10:30:00-05:00"]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "deletes at once with Undo (restored from the trash)",
    async () => {
      const { page, api, ids } = await signedIn(
        [
          { title: "old idea", tags: ["someday"], dueDate: "2030-02-01" },
          { title: "keep me", dueDate: "2030-02-02" },
        ],
        { path: "/all" },
      );
      await page.getByRole("button", { name: "Delete old idea" }).click();
      await shown(page, ["keep me"]);
      const toast = page.locator(".toast", { hasText: "Deleted “old idea”" });
      await toast.getByRole("button", { name: "Undo" }).click();
      await shown(page, ["old idea", "keep me"]);
      expect((await api("GET", `/api/tasks/${ids[0]}`)).task).toMatchObject({ title: "old idea", tags: ["someday"] });
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "edits at once with Undo",
    async () => {
      const { page, api, ids } = await signedIn([{ title: "buy milk", priority: "low" }], { path: "/all" });
      await page.getByRole("button", { name: "Edit buy milk" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Title", { exact: true }).fill("buy oat milk");
      await dialog.getByRole("button", { name: "Save" }).click();
      await shown(page, ["buy oat milk"]);
      await page.locator(".toast", { hasText: "Saved “buy oat milk”" }).getByRole("button", { name: "Undo" }).click();
      await shown(page, ["buy milk"]);
      expect((await api("GET", `/api/tasks/${ids[0]}`)).task).toMatchObject({ title: "buy milk", priority: "low" });
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "recovers from an edit conflict: 'Reload and keep my changes' keeps mine and theirs; 'Discard mine' shows theirs",
    async () => {
      const { page, api, ids } = await signedIn([{ title: "quarterly report", priority: "low" }], { path: "/all" });
      const dialog = page.getByRole("dialog");
      await page.getByRole("button", { name: "Edit quarterly report" }).click();
      await dialog.getByLabel("Title", { exact: true }).fill("Q4 report");
      // Meanwhile, another client raises the priority.
      await api("PATCH", `/api/tasks/${ids[0]}`, { priority: "urgent" });
      await dialog.getByRole("button", { name: "Save" }).click();
      await dialog.getByText("This task was changed somewhere else since you opened it.").waitFor();
      await dialog.getByRole("button", { name: "Reload and keep my changes" }).click();
      await dialog.getByText("Loaded the latest version. Your changes are still here: Save to apply them.").waitFor();
      expect(await dialog.getByLabel("Title", { exact: true }).inputValue()).toBe("Q4 report");
      expect(await dialog.getByLabel("Priority").inputValue()).toBe("urgent");
      await dialog.getByRole("button", { name: "Save" }).click();
      await shown(page, ["Q4 report"]);
      expect((await api("GET", `/api/tasks/${ids[0]}`)).task).toMatchObject({ title: "Q4 report", priority: "urgent" });

      await page.getByRole("button", { name: "Edit Q4 report" }).click();
      await dialog.getByLabel("Title", { exact: true }).fill("mine");
      await api("PATCH", `/api/tasks/${ids[0]}`, { title: "theirs" });
      await dialog.getByRole("button", { name: "Save" }).click();
      await dialog.getByRole("button", { name: "Discard mine" }).click();
      await eventually(async () => expect(await dialog.getByLabel("Title", { exact: true }).inputValue()).toBe("theirs"));
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await shown(page, ["theirs"]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "works at 375 px: tasks first, chat behind a tab, icon buttons labelled, the dialog's Save in view",
    async () => {
      const { page } = await signedIn([{ title: "a rather long task title that has to wrap on a phone screen", dueDate: day(0), tags: ["home"] }], {
        viewport: MOBILE,
      });
      const first = page.locator("main .task").first();
      await first.waitFor();
      expect(await page.locator("aside.chat").isVisible()).toBe(false);
      const box = (await first.boundingBox())!;
      expect(box.y).toBeLessThan(MOBILE.height / 2);
      expect(box.x + box.width).toBeLessThanOrEqual(MOBILE.width);
      expect(await page.getByRole("button", { name: /^Edit a rather long/ }).textContent()).toBe("");
      // No sideways scrolling.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(MOBILE.width);
      await page.getByRole("button", { name: "Chat" }).click();
      await page.getByLabel("Message").waitFor();
      expect(await page.locator("main").isVisible()).toBe(false);
      const input = (await page.getByLabel("Message").boundingBox())!;
      expect(input.y + input.height).toBeLessThanOrEqual(MOBILE.height);
      await expectAccessible(page, "the chat at 375");
      await screenshot(page, "chat-375");
      await page.getByRole("button", { name: "Tasks" }).click();
      await page.getByRole("button", { name: "New task" }).click();
      await page.getByRole("dialog").getByLabel("Repeat", { exact: true }).selectOption("custom");
      const save = (await page.getByRole("dialog").getByRole("button", { name: "Save" }).boundingBox())!;
      expect(save.y + save.height).toBeLessThanOrEqual(MOBILE.height);
      await screenshot(page, "dialog-custom-repeat-375");
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "can be used with the keyboard alone: n, /, ?, a trapped dialog focus, and focus on the next task after completing",
    async () => {
      const { page } = await signedIn([
        { title: "first", dueAt: at(0, "08:00") },
        { title: "second", dueAt: at(0, "09:00") },
      ]);
      const focused = () => page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? document.activeElement?.id ?? "");
      await page.keyboard.press("n");
      await eventually(async () => expect(await focused()).toBe("task-title"));
      await page.keyboard.type("third");
      // Tab cycles inside the dialog.
      for (let i = 0; i < 30; i++) await page.keyboard.press("Tab");
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest("dialog")))).toBe(true);
      await page.getByLabel("Title", { exact: true }).focus();
      await page.keyboard.press("Enter");
      await page.getByRole("dialog").waitFor({ state: "detached" });
      // Complete "first" with Space: focus moves to "second", not to <body>.
      await page.getByRole("checkbox", { name: "Complete first" }).focus();
      await page.keyboard.press("Space");
      await shown(page, ["second"]);
      await eventually(async () => expect(await focused()).toBe("Complete second"));
      // ? opens the shortcuts; Escape closes them.
      await page.keyboard.press("Escape");
      await page.keyboard.press("?");
      await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
      await page.keyboard.press("Escape");
      await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor({ state: "detached" });
      // / goes to the search of all tasks.
      await page.keyboard.press("/");
      await eventually(async () => expect(await focused()).toBe("filter-search"));
      await page.keyboard.type("third");
      await shown(page, ["third"]);
      // A focus ring is visible.
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
      expect(outline).toBe("solid");
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "chats beside the list: a greeting with examples, the reply, the task appearing without a reload; axe-clean",
    async () => {
      const { page, card } = await signedIn();
      const chat = page.getByRole("complementary", { name: "Chat" });
      await chat.getByText("Hi! Tell me what you need to do").waitFor();
      expect(await chat.getByRole("button").allTextContents()).toEqual(expect.arrayContaining(["remind me to call mom tomorrow at 6pm"]));
      // On common desktop windows the chat fits below the header: its Send button is inside the window
      // without scrolling the page (issue 17).
      for (const viewport of [{ width: 1280, height: 800 }, { width: 1280, height: 720 }, { width: 1440, height: 900 }, DESKTOP]) {
        await page.setViewportSize(viewport);
        await eventually(async () => {
          const send = (await chat.getByRole("button", { name: "Send" }).boundingBox())!;
          expect(send.y).toBeGreaterThanOrEqual(0);
          expect(send.y + send.height, `Send's bottom at ${viewport.width}×${viewport.height}`).toBeLessThanOrEqual(viewport.height);
          expect(await page.evaluate(() => [window.scrollY, document.documentElement.scrollHeight])).toEqual([0, viewport.height]);
        });
      }
      await expectAccessible(page, "the chat at 1280");
      await screenshot(page, "chat-1280");
      await chat.getByRole("button", { name: "remind me to call mom tomorrow at 6pm" }).click();
      await chat.locator(".message.assistant", { hasText: /call mom/ }).waitFor();
      // What the assistant did is said in plain words under its reply (the action's summary), never as a tool name.
      const steps = chat.locator(".message.assistant").last().getByRole("list", { name: "What I did" });
      await eventually(async () => expect(await steps.getByRole("listitem").allTextContents()).toEqual(["Added 'call mom'"]));
      expect(await chat.textContent()).not.toMatch(/add_task|_task/);
      await screenshot(page, "chat-actions-1280");
      await page.getByRole("link", { name: /^Upcoming/ }).click();
      await card("call mom").waitFor();
      // The chat keeps its own height: the input stays in view however long the conversation.
      const input = (await chat.getByLabel("Message").boundingBox())!;
      expect(input.y + input.height).toBeLessThanOrEqual(DESKTOP.height);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "restores the latest conversation after signing in on another browser",
    async () => {
      const { token } = await bed.signUp("browser");
      const first = await fetch(`${bed.url}/api/chat`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ message: "add water the plants on friday" }),
      });
      const { reply } = (await first.json()) as { reply: string };
      const list = await fetch(`${bed.url}/api/conversations`, { headers: { authorization: `Bearer ${token}` } });
      expect((await list.json()).conversations).toMatchObject([{ title: "add water the plants on friday" }]);
      const bad = await fetch(`${bed.url}/api/conversations?limit=0`, { headers: { authorization: `Bearer ${token}` } });
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.message).toContain("limit");
      const page = await newPage();
      await page.addInitScript((value) => localStorage.setItem("todo.token", value), token);
      await page.goto(bed.url);
      const chat = page.getByRole("complementary", { name: "Chat" });
      await chat.locator(".message.user", { hasText: "add water the plants on friday" }).waitFor();
      expect(await chat.locator(".message.assistant").last().textContent()).toContain(reply);

      // A longer conversation, reopened on a phone: the Chat tab opens at the newest message.
      const { conversations } = (await (await fetch(`${bed.url}/api/conversations`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
        conversations: Array<{ conversationId: string }>;
      };
      for (let i = 1; i <= 10; i++) {
        const more = await fetch(`${bed.url}/api/chat`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ conversationId: conversations[0]!.conversationId, message: `what's due today? (${i})` }),
        });
        expect(more.status).toBe(200);
      }
      await page.setViewportSize(MOBILE);
      await page.reload();
      await page.locator("main").waitFor();
      await page.getByRole("button", { name: "Chat" }).click();
      const log = page.getByRole("list", { name: "Conversation" });
      await log.getByText("what's due today? (10)").waitFor();
      await eventually(async () => {
        const [logBox, last] = [(await log.boundingBox())!, (await log.locator(".message").last().boundingBox())!];
        expect(await log.evaluate((element) => element.scrollHeight > element.clientHeight)).toBe(true);
        expect(last.y).toBeGreaterThanOrEqual(logBox.y);
        expect(last.y + last.height).toBeLessThanOrEqual(logBox.y + logBox.height + 1);
      });
      await screenshot(page, "chat-reopened-375");
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "shows a model's reply as it streams in, before the whole reply has arrived",
    async () => {
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      const model = await scriptedModel([
        () => ({
          chunks: [{ role: "assistant", content: "Here is " }, { content: "what I found" }, { content: " for you." }],
          holdAfter: (i) => (i === 1 ? held : undefined),
        }),
      ]);
      const llmDir = mkdtempSync(path.join(tmpdir(), "todo-browser-llm-"));
      const llm = await startEmbedded({ TODO_DATA_DIR: llmDir, OPENAI_API_KEY: "test-key", OPENAI_BASE_URL: model.url, OPENAI_MODEL: "scripted" });
      onTestFinished(async () => {
        release();
        await llm.stop();
        model.close();
        rmSync(llmDir, { recursive: true, force: true });
      });
      const { token } = await signUpThroughApi(llm.url, ZONE, "stream");
      const page = await newPage();
      await page.addInitScript((value) => localStorage.setItem("todo.token", value), token);
      await page.goto(llm.url);
      const chat = page.getByRole("complementary", { name: "Chat" });
      await chat.getByLabel("Message").fill("what is on my list?");
      await chat.getByRole("button", { name: "Send" }).click();
      // The model is held after its second piece: the page already shows what came so far.
      await eventually(async () => expect(await chat.locator(".message.assistant").last().textContent()).toBe("Assistant: Here is what I found"));
      release();
      await eventually(async () =>
        expect(await chat.locator(".message.assistant").last().textContent()).toBe("Assistant: Here is what I found for you."),
      );
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "updates live when a task changes elsewhere (another MCP or API client)",
    async () => {
      const { page, api, live } = await signedIn([], { path: "/all" });
      await live;
      await page.getByText("No tasks match.").waitFor();
      await api("POST", "/api/tasks", { title: "added from elsewhere" });
      await shown(page, ["added from elsewhere"]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "says clearly what happened when asked to enable push notifications (the service worker registers)",
    async () => {
      const { page } = await signedIn();
      // Headless Chromium has no push service: with permission granted, subscribing is refused.
      await page.context().grantPermissions(["notifications"], { origin: bed.url });
      await page.getByRole("button", { name: "Enable notifications" }).click();
      await eventually(async () =>
        expect(await page.locator("#push-status").textContent()).toMatch(/refused push notifications: .+|Notifications are on/),
      );
      expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL)).toBe(`${bed.url}/sw.js`);
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
    "asks for the account and the open tasks once on a signed-in load, sent before the app's code runs",
    async () => {
      const { page, requested, live } = await signedIn([{ title: "Early bird", due: "today 5pm" }]);
      await live; // the page has done everything its first screen starts
      expect(await page.locator("main .task-title").allTextContents()).toEqual(["Early bird"]);
      const asked = (path: string) => requested.filter((url) => new URL(url).pathname + new URL(url).search === path).length;
      expect(asked("/api/auth/me")).toBe(1);
      expect(asked("/api/tasks?status=open&sort=dueAt&limit=100")).toBe(1);
      // The early requests are sent by the small boot script, which the page lists before its app chunk.
      const html = await (await fetch(bed.url)).text();
      expect(html.indexOf("/assets/boot-")).toBeGreaterThan(-1);
      expect(html.indexOf("/assets/boot-")).toBeLessThan(html.indexOf("/assets/index-"));
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "ends the session on the server when signing out",
    async () => {
      const { page, token } = await signedIn();
      const me = () => fetch(`${bed.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
      expect(await me()).toBe(200);
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByRole("button", { name: "Create account" }).waitFor();
      await eventually(async () => expect(await me()).toBe(401));
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "serves the app from this origin only: CSP, no framing, compressed, hashed assets cached, page paths fall back to the app",
    async () => {
      const index = await fetch(`${bed.url}/`, { headers: { "accept-encoding": "br" } });
      expect(index.headers.get("content-security-policy")).toContain("default-src 'self'");
      expect(index.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(index.headers.get("x-frame-options")).toBe("DENY");
      const html = await index.text();
      const script = /src="(\/assets\/index-[^"]+\.js)"/.exec(html)![1]!;
      const asset = await fetch(`${bed.url}${script}`, { headers: { "accept-encoding": "br" } });
      expect(asset.headers.get("content-encoding")).toBe("br");
      expect(asset.headers.get("cache-control")).toContain("immutable");
      for (const page of ["/consent?request=abc", "/upcoming"]) {
        const answer = await fetch(`${bed.url}${page}`, { headers: { accept: "text/html" } });
        expect(answer.status).toBe(200);
        expect(await answer.text()).toBe(html);
      }
      expect((await fetch(`${bed.url}/api/nothing-here`, { headers: { accept: "text/html" } })).status).toBe(404);
      const manifest = await fetch(`${bed.url}/manifest.webmanifest`);
      expect(manifest.headers.get("content-type")).toBe("application/manifest+json");
      expect((await manifest.json()).name).toBe("todo-chatbot");
      expect((await fetch(`${bed.url}/sw.js`)).headers.get("service-worker-allowed")).toBe("/");
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});

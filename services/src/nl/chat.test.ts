import { describe, expect, it } from "vitest";
import { interpret, isNo, isYes } from "./chat.ts";
import { matchTarget, readChoice } from "./target.ts";
import { actionInWords } from "../format/task-words.ts";

// Thursday 26 Nov 2026, 10:00 in New York.
const ctx = { now: new Date("2026-11-26T15:00:00Z"), timeZone: "America/New_York" };
const read = (message: string) => interpret(message, ctx);

describe("reading a chat message", () => {
  it.each(["undo", "undo that", "never mind", "Undo please", "oops, undo that", "nvm"])("'%s' is undo", (message) => {
    expect(read(message)).toEqual({ intent: "undo" });
  });

  it.each([
    "hey there",
    "thank you so much",
    "how's your day going?",
    "what's the weather like on saturday?",
    "lovely weather today",
    "lol that's funny",
  ])("'%s' is not a request", (message) => {
    expect(read(message).intent).toBe("not_a_request");
  });

  it.each([
    ["remimd me to call the bank", "remind me to call the bank"],
    ["ad bread tomorrow", "add bread tomorrow"],
    ["dleete the gym task", "delete the gym task"],
  ])("'%s' asks whether '%s' was meant", (message, suggestion) => {
    expect(read(message)).toEqual({ intent: "did_you_mean", suggestion });
  });

  it("fixes read-only command slips and shorthand silently", () => {
    expect(read("shw my tasks").intent).toBe("list_tasks");
    expect(read("wats on my list").intent).toBe("list_tasks");
    expect(read("pls remind me to call the vet tmrw")).toMatchObject({ intent: "add_task", title: "call the vet", dueDate: "2026-11-27" });
  });

  it.each([
    ["I called the plumber", "call the plumber"],
    ["paid the council tax", "pay the council tax"],
    ["just sent the contract", "send the contract"],
    ["I already took out the trash", "take out the trash"],
    ["emailed the landlord", "email the landlord"],
  ])("'%s' completes '%s' (past tense)", (message, target) => {
    expect(read(message)).toEqual({ intent: "complete_task", target, pastTense: true });
  });

  it.each([
    ["reopen clean the oven", "clean the oven"],
    ["the invoice isn't done", "invoice"],
    ["uncheck water the ferns", "water the ferns"],
    ["mark pack the suitcase as not done", "pack the suitcase"],
    ["the reports aren't done", "reports"],
  ])("'%s' reopens '%s'", (message, target) => {
    expect(read(message)).toEqual({ intent: "reopen_task", target });
  });

  it("reads notes as text, never as dates or tasks", () => {
    expect(read("add a note to plan the party: order the cake by thursday")).toEqual({
      intent: "add_note",
      target: "plan the party",
      note: "order the cake by thursday",
    });
    expect(read("note on renew the lease: ask about parking")).toMatchObject({ intent: "add_note", target: "renew the lease" });
  });

  it("reads bulk changes with their filters", () => {
    expect(read("move everything due today to tomorrow")).toEqual({
      intent: "bulk",
      action: "update",
      filter: { dueFrom: "2026-11-26", dueTo: "2026-11-26", status: "open" },
      changes: { due: "tomorrow" },
    });
    expect(read("complete all overdue tasks")).toMatchObject({ action: "complete", filter: { overdue: true, status: "open" } });
    expect(read("mark all #shopping tasks done")).toMatchObject({ action: "complete", filter: { tags: ["shopping"] } });
    expect(read("delete all completed tasks")).toMatchObject({ action: "delete", filter: { status: "done" } });
    expect(read("delete every completed task")).toMatchObject({ action: "delete", filter: { status: "done" } });
  });

  it("splits comma lists of things to do, and nothing else", () => {
    const titles = (message: string) => {
      const intent = read(message);
      return intent.intent === "add_tasks" ? intent.tasks.map((task) => task.title) : intent.intent === "add_task" ? [intent.title] : [];
    };
    expect(titles("add buy stamps, call the bank and book a haircut")).toEqual(["buy stamps", "call the bank", "book a haircut"]);
    expect(titles("buy stamps, call the bank, and book a haircut")).toEqual(["buy stamps", "call the bank", "book a haircut"]);
    expect(titles("buy milk and eggs")).toEqual(["buy milk and eggs"]);
    expect(titles("email Sam, Jo and Ali about the rota")).toEqual(["email Sam, Jo and Ali about the rota"]);
    expect(titles("renew the lease, high priority")).toEqual(["renew the lease"]);
    expect(titles("go running every monday, wednesday and friday at 7am")).toEqual(["go running"]);
    expect(titles("submit the report friday at 5pm, remind me 1 day before")).toEqual(["submit the report"]);
  });

  it("gives parts of day their time, and several times of a repeat as BYHOUR", () => {
    expect(read("water the tomatoes tomorrow morning")).toMatchObject({ dueAt: "2026-11-27T09:00:00-05:00" });
    expect(read("stretch every tuesday evening")).toMatchObject({ recurrence: "FREQ=WEEKLY;BYDAY=TU", dueAt: "2026-12-01T19:00:00-05:00" });
    expect(read("pay the rent tonight")).toMatchObject({ dueDate: "2026-11-26" });
    expect(read("take my pills every day at 8am and 8pm")).toMatchObject({
      title: "take my pills",
      recurrence: "FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0",
      dueAt: "2026-11-26T20:00:00-05:00",
    });
  });

  it("reads yes and no", () => {
    expect(["yes", "y", "yes please", "Sure!"].every(isYes)).toBe(true);
    expect(["no", "nope", "n"].every(isNo)).toBe(true);
    expect(isYes("no")).toBe(false);
  });
});

describe("finding the task a request names", () => {
  const tasks = [
    { title: "take out the trash" },
    { title: "write Q3 report" },
    { title: "write Q4 report" },
    { title: "schedule the vaccination" },
    { title: "call the dentist" },
  ];
  it("matches word forms, distinctive words and small typos", () => {
    expect(matchTarget("the thing about trash", tasks)).toEqual({ kind: "one", task: tasks[0] });
    expect(matchTarget("vacination", tasks)).toEqual({ kind: "one", task: tasks[3] });
    expect(matchTarget("calling the dentist", tasks)).toEqual({ kind: "one", task: tasks[4] });
    expect(matchTarget("reports", tasks)).toEqual({ kind: "several", tasks: [tasks[1], tasks[2]] });
    expect(matchTarget("buy a kayak", tasks).kind).toBe("none");
  });
  it("prefers an exactly named title", () => {
    const similar = [{ title: "call mom about the trip" }, { title: "call mom" }];
    expect(matchTarget("call mom", similar)).toEqual({ kind: "one", task: similar[1] });
  });
  it("reads answers to 'Which one?' by number, ordinal or words", () => {
    const options = [{ title: "book flights to Lisbon" }, { title: "book flights to Oslo" }];
    expect(readChoice("2", options)).toBe(options[1]);
    expect(readChoice("the second one", options)).toBe(options[1]);
    expect(readChoice("the first", options)).toBe(options[0]);
    expect(readChoice("the one for Oslo", options)).toBe(options[1]);
    expect(readChoice("what's due today", options)).toBeUndefined();
  });
});

describe("follow-ups and questions about the list", () => {
  it.each(["remind me 20 minutes before", "and set a reminder 1 day before", "remind me 2 hours before please"])(
    "'%s' sets the reminder of 'it'",
    (message) => {
      const intent = read(message);
      expect(intent).toMatchObject({ intent: "update_task", target: "it" });
      expect(intent).toHaveProperty("reminderMinutesBefore");
    },
  );

  it("a reminder with a task stays an add", () => {
    expect(read("remind me to water the plants 1 hour before")).toMatchObject({ intent: "add_task", title: "water the plants" });
  });

  it.each(["clear my list", "empty the whole to-do list", "wipe all my tasks", "delete everything"])(
    "'%s' is a bulk delete of open tasks",
    (message) => {
      expect(read(message)).toEqual({ intent: "bulk", action: "delete", filter: { status: "open" }, changes: {} });
    },
  );

  it("'clear the gutters' is still a task", () => {
    expect(read("clear the gutters")).toMatchObject({ intent: "add_task", title: "clear the gutters" });
  });

  it.each(["what's next?", "whats coming up", "what should I do next"])("'%s' lists open tasks soonest first", (message) => {
    expect(read(message)).toEqual({ intent: "list_tasks", filter: { status: "open" }, sort: { by: "dueAt", order: "asc" } });
  });

  it.each([
    ["what did I finish today", "2026-11-26", "2026-11-26"],
    ["what have I completed yesterday?", "2026-11-25", "2026-11-25"],
    ["what did I get done this week", "2026-11-23", "2026-11-26"],
    ["completed tasks today", "2026-11-26", "2026-11-26"],
  ])("'%s' lists tasks completed %s to %s", (message, from, to) => {
    expect(read(message)).toEqual({ intent: "list_completed", from, to });
  });
});

describe("the chat's steps in words", () => {
  it("never names a tool", () => {
    expect(actionInWords({ tool: "add_task", input: {}, result: { task: { title: "buy milk" } } })).toBe("Added 'buy milk'");
    expect(actionInWords({ tool: "complete_task", input: { id: "x", reopen: true }, result: { task: { title: "water the ferns" } } })).toBe(
      "Reopened 'water the ferns'",
    );
    expect(actionInWords({ tool: "list_tasks", input: {}, result: { count: 12 } })).toBe("Looked through 12 tasks");
    expect(actionInWords({ tool: "update_task", input: {}, error: "no such task" })).toBe("Couldn't change the task");
  });
});

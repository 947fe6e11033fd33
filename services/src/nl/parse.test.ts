import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "./parse.ts";

interface Case {
  now: string;
  tz: string;
  text: string;
  expect: Record<string, unknown>;
}

const dataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "test-data");
const load = (file: string): Case[] =>
  readFileSync(path.join(dataDir, file), "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Case);

const norm = (value: unknown) =>
  String(value)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
const normTarget = (value: unknown) =>
  norm(value)
    .replace(/^(the|my|a|an)\s+/, "")
    .replace(/\s+(task|todo|item|reminder)$/, "");
const minute = (iso: unknown) => Math.floor(Date.parse(String(iso)) / 60_000);

/** The same judgement as ../shared/nl/score.mjs, for the fields these cases use. */
function expectMatch(actual: Record<string, any>, expected: Record<string, any>): void {
  expect(actual.intent).toBe(expected.intent);
  if (expected.intent === "list_tasks") {
    const { status = "open", ...filter } = (expected.filter ?? {}) as Record<string, unknown>;
    const { status: actualStatus = "open", ...actualFilter } = (actual.filter ?? {}) as Record<string, unknown>;
    expect(actualStatus).toBe(status);
    const clean = (f: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(f)
          .filter(([, v]) => v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0))
          .map(([k, v]) => [k, Array.isArray(v) ? [...v].sort() : k === "search" ? norm(v) : v]),
      );
    expect(clean(actualFilter)).toEqual(clean(filter));
    if (expected.sort) expect(actual.sort).toEqual(expected.sort);
    return;
  }
  if (expected.intent === "unknown") return;
  for (const field of ["title", "target", "priority", "tags", "dueAt", "dueDate", "recurrence", "recurrenceMode", "reminderMinutesBefore"]) {
    const e = expected[field];
    const a = actual[field];
    if (field === "recurrenceMode") {
      expect(a ?? "schedule", field).toBe(e ?? "schedule");
    } else if (!(field in expected)) {
      expect(a === undefined || a === null || (Array.isArray(a) && a.length === 0), `${field} should be absent, got ${JSON.stringify(a)}`).toBe(true);
    } else if (e === null) {
      expect(a, field).toBeNull();
    } else if (field === "title") {
      expect(norm(a)).toBe(norm(e));
    } else if (field === "target") {
      expect(normTarget(a)).toBe(normTarget(e));
    } else if (field === "tags") {
      expect([...(a as string[])].sort()).toEqual([...(e as string[])].sort());
    } else if (field === "dueAt") {
      expect(minute(a), `dueAt ${a}`).toBe(minute(e));
    } else {
      expect(a, field).toEqual(e);
    }
  }
}

describe.each(["dev-set.jsonl", "extra-set.jsonl", "blind-spots-set.jsonl"])("the language engine on %s", (file) => {
  it.each(load(file).map((c) => [c.text, c] as const))("understands %j", (_text, c) => {
    expectMatch(parse(c.text, { now: new Date(c.now), timeZone: c.tz }) as Record<string, any>, c.expect);
  });
});

describe("the language engine on input it cannot use", () => {
  const ctx = { now: new Date("2026-11-26T15:00:00Z"), timeZone: "America/New_York" };
  it.each(["", "   ", "🙂🙂🙂", "???", "こんにちは", "x".repeat(10_000), "tomorrow at 5pm"])("answers %j without throwing", (text) => {
    const result = parse(text, ctx);
    expect(["unknown", "add_task"]).toContain(result.intent);
  });

  it("calls chit-chat and general questions unknown", () => {
    for (const text of ["hi", "thanks a lot", "what's the weather in Paris?", "how tall is mount everest", "tomorrow at 5pm"]) {
      expect(parse(text, ctx).intent, text).toBe("unknown");
    }
  });

  it("cuts a very long title to the 500 characters a task can hold", () => {
    const result = parse(`write ${"very ".repeat(3_000)}long essay`, ctx);
    if (result.intent !== "add_task") throw new Error(`expected add_task, got ${result.intent}`);
    expect(result.title.length).toBeLessThanOrEqual(500);
    expect(result.title.startsWith("write very very")).toBe(true);
  });
});

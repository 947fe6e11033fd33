import { describe, expect, it } from "vitest";
import { runTodo } from "./support/processes.ts";

describe("npx todo parse", () => {
  const flags = ["--now", "2026-06-10T14:00:00Z", "--tz", "America/Chicago"];

  it("prints one JSON object for an utterance given as an argument", () => {
    const result = runTodo(["parse", ...flags, "call the landlord tomorrow at 4pm"], {});
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ intent: "add_task", title: "call the landlord", dueAt: "2026-06-11T16:00:00-05:00" });
  });

  it("answers every stdin line in order, even empty, huge, emoji or foreign ones", () => {
    const lines = ["buy milk", "", "x".repeat(10_000), "🙂🙂", "Rufe Mama morgen an", "show overdue tasks"];
    const result = runTodo(["parse", ...flags], {}, lines.join("\n") + "\n");
    expect(result.status).toBe(0);
    const outputs = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(outputs).toHaveLength(lines.length);
    expect(outputs[0]).toMatchObject({ intent: "add_task", title: "buy milk" });
    expect(outputs[1]).toEqual({ intent: "unknown" });
    expect(outputs[3]).toEqual({ intent: "unknown" });
    expect(outputs[5]).toMatchObject({ intent: "list_tasks", filter: { overdue: true } });
  });

  it("reads a --now without an offset as wall-clock time in --tz, whatever the process's zone", () => {
    const result = runTodo(["parse", "--now", "2026-06-30T00:30", "--tz", "Pacific/Kiritimati", "stretch in 1 hour"], {});
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ intent: "add_task", title: "stretch", dueAt: "2026-06-30T01:30:00+14:00" });
  });

  it("exits 2 naming the flag when --tz or --now is invalid", () => {
    const badZone = runTodo(["parse", "--tz", "Mars/Olympus", "buy milk"], {});
    expect(badZone.status).toBe(2);
    expect(badZone.stderr).toContain("--tz");
    const badNow = runTodo(["parse", "--now", "yesterday", "buy milk"], {});
    expect(badNow.status).toBe(2);
    expect(badNow.stderr).toContain("--now");
  });
});

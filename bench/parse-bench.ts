import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { nextOccurrence, parse } from "@todo/services";

const dataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "services", "test-data");

/** Parse throughput on one core over the development set, repeated, and nextOccurrence cost. */
export function benchParse(): string[] {
  const cases = ["dev-set.jsonl", "extra-set.jsonl"].flatMap((file) =>
    readFileSync(path.join(dataDir, file), "utf8")
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as { now: string; tz: string; text: string }),
  );
  const contexts = cases.map((c) => ({ text: c.text, ctx: { now: new Date(c.now), timeZone: c.tz } }));
  for (let i = 0; i < 3; i++) for (const { text, ctx } of contexts) parse(text, ctx);
  const rounds = 40;
  const start = performance.now();
  for (let i = 0; i < rounds; i++) for (const { text, ctx } of contexts) parse(text, ctx);
  const ms = performance.now() - start;
  const utterances = rounds * contexts.length;

  const task = {
    recurrence: "FREQ=WEEKLY;BYDAY=MO,WE,FR",
    recurrenceMode: "schedule" as const,
    dueAt: new Date("2026-03-02T14:00:00Z"),
    dueDate: null,
  };
  const completedAt = new Date("2026-11-26T15:00:00Z");
  for (let i = 0; i < 200; i++) nextOccurrence(task, { timeZone: "America/New_York", completedAt });
  const n = 2_000;
  const occStart = performance.now();
  for (let i = 0; i < n; i++) nextOccurrence(task, { timeZone: "America/New_York", completedAt });
  const occMs = performance.now() - occStart;
  const onTime = { ...task, dueAt: new Date("2026-11-25T14:00:00Z") };
  const onTimeStart = performance.now();
  for (let i = 0; i < n; i++) nextOccurrence(onTime, { timeZone: "America/New_York", completedAt });
  const onTimeMs = performance.now() - onTimeStart;
  return [
    `parse: ${utterances} utterances in ${ms.toFixed(0)} ms = ${((utterances / ms) * 1000).toFixed(0)} utterances/s (one core, ${contexts.length} distinct)`,
    `nextOccurrence (weekly MO/WE/FR, completed on time): ${((onTimeMs / n) * 1000).toFixed(1)} µs per call`,
    `nextOccurrence (weekly MO/WE/FR, catching up 9 months): ${((occMs / n) * 1000).toFixed(1)} µs per call`,
  ];
}

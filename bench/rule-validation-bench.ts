import { nextOccurrence, resolveRecurrence } from "@todo/services";

// Rules that stress the bounded search: ones that never occur (the full 10-year search), rare
// ones, dense ones with BYSETPOS, and the largest INTERVALs. Each is timed warm, best of 5 runs
// (the median would hide nothing here: the work is deterministic).
const RULES = [
  "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31",
  "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;BYDAY=MO",
  "FREQ=DAILY;INTERVAL=1000;BYMONTH=2;BYMONTHDAY=29",
  "FREQ=WEEKLY;BYMONTH=2;BYDAY=MO;BYSETPOS=5",
  "FREQ=WEEKLY;INTERVAL=1000;BYMONTH=6",
  "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6",
  "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30",
  "FREQ=MONTHLY;BYDAY=5MO;BYMONTH=2",
  "FREQ=MONTHLY;INTERVAL=1000",
  "FREQ=YEARLY;BYWEEKNO=53;BYMONTH=6",
  "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO",
  "FREQ=YEARLY;BYYEARDAY=366;BYMONTH=1",
  "FREQ=YEARLY;BYDAY=53FR;BYMONTH=1",
  "FREQ=YEARLY;INTERVAL=1000;BYMONTH=2;BYMONTHDAY=29",
  "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
  "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
  "FREQ=DAILY",
  "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=TU",
  "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=TU",
  "FREQ=YEARLY;BYWEEKNO=53;BYDAY=TH",
];

function time(run: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** Time to accept or refuse each rule, and to find the next occurrence of each accepted one. */
export function benchRuleValidation(): string[] {
  const context = { now: new Date("2026-06-10T14:00:00Z"), timeZone: "America/New_York" };
  for (let i = 0; i < 3; i++)
    for (const rule of RULES)
      try {
        resolveRecurrence(rule, context);
      } catch {
        /* warm-up */
      }
  const lines: string[] = [];
  let slowestAccepted = { rule: "", ms: 0 };
  let slowestRefused = { rule: "", ms: 0 };
  for (const rule of RULES) {
    let accepted = true;
    const ms = time(() => {
      try {
        resolveRecurrence(rule, context);
      } catch {
        accepted = false;
      }
    });
    let nextMs = 0;
    if (accepted) {
      nextMs = time(() => {
        nextOccurrence(
          { recurrence: rule, recurrenceMode: "schedule", dueAt: null, dueDate: "2026-06-10" },
          { timeZone: context.timeZone, completedAt: context.now },
        );
      });
      if (ms > slowestAccepted.ms) slowestAccepted = { rule, ms };
    } else if (ms > slowestRefused.ms) slowestRefused = { rule, ms };
    lines.push(
      `  ${accepted ? "accepted" : "refused "} ${ms.toFixed(2).padStart(7)} ms${accepted ? `  (next occurrence ${nextMs.toFixed(2)} ms)` : ""}  ${rule}`,
    );
  }
  return [
    "rule validation (resolveRecurrence, warm, best of 5):",
    ...lines,
    `slowest accepted rule: ${slowestAccepted.rule} ${slowestAccepted.ms.toFixed(2)} ms`,
    `slowest refused rule: ${slowestRefused.rule} ${slowestRefused.ms.toFixed(2)} ms`,
  ];
}

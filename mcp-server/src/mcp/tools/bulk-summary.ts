import type { BulkChangeResult } from "@todo/services";
import { describeTask } from "../describe-task.ts";

/** The text of an update_tasks / complete_tasks result: what changed (or would), task by task. */
export function bulkSummary(verb: { done: string; dry: string }, result: BulkChangeResult): string {
  const head = result.dryRun
    ? `Dry run: would ${verb.dry} ${result.changed} of ${result.matched} matching task(s); nothing was changed`
    : `${verb.done} ${result.changed} of ${result.matched} matching task(s)`;
  const lines = result.results.map(
    ({ task, changedFields }) => `- ${describeTask(task)}${changedFields.length ? ` [${changedFields.join(", ")}]` : " (unchanged)"}`,
  );
  return [head, ...lines].join("\n");
}

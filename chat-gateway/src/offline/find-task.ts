import type { TaskView } from "@todo/services";
import type { ChatAction } from "../turn.ts";
import type { ToolClient } from "../tool-client.ts";

const normalize = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();

/** Similarity of two titles: shared words, with a bonus for one containing the other. */
function similarity(a: string, b: string): number {
  const left = new Set(normalize(a).split(" "));
  const right = new Set(normalize(b).split(" "));
  const shared = [...left].filter((word) => right.has(word) || [...right].some((other) => other.startsWith(word) || word.startsWith(other))).length;
  const score = shared / Math.max(left.size, right.size);
  return normalize(b).includes(normalize(a)) || normalize(a).includes(normalize(b)) ? score + 0.5 : score;
}

export type FoundTask = { kind: "one"; task: TaskView } | { kind: "several"; tasks: TaskView[] } | { kind: "none"; suggestions: TaskView[] };

/**
 * Finds the task a phrase names: an exact title wins, one search hit is it, several are a
 * question for the user, none means suggestions by similarity among their tasks.
 */
export async function findTask(tools: ToolClient, target: string, status: "open" | "all", actions: ChatAction[]): Promise<FoundTask> {
  const input = { search: target, status, limit: 10 };
  const searched = await tools.call("list_tasks", input);
  actions.push({ tool: "list_tasks", input, ...(searched.ok ? { result: searched.data } : { error: searched.message, code: searched.code }) });
  const hits = searched.ok ? searched.data.tasks : [];
  const exact = hits.filter((task) => normalize(task.title) === normalize(target));
  const [onlyExact] = exact;
  if (onlyExact && exact.length === 1) return { kind: "one", task: onlyExact };
  const [onlyHit] = hits;
  if (onlyHit && hits.length === 1) return { kind: "one", task: onlyHit };
  if (hits.length > 1) return { kind: "several", tasks: exact.length > 1 ? exact : hits };

  const everything = await tools.call("list_tasks", { status, limit: 100 });
  const candidates = (everything.ok ? everything.data.tasks : [])
    .map((task) => ({ task, score: similarity(target, task.title) }))
    .filter((entry) => entry.score > 0.3)
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .map((entry) => entry.task);
  return { kind: "none", suggestions: candidates };
}

/** Reads "2", "the second", "#1", "last" or a listed title as a choice among options. */
export function readChoice<T extends { title: string }>(message: string, options: T[]): T | undefined {
  const text = normalize(message)
    .replace(/^(the|number|no|option)\s+/, "")
    .replace(/\s+(one|please)$/, "");
  const ordinals: Record<string, number> = { first: 1, "1st": 1, second: 2, "2nd": 2, third: 3, "3rd": 3, fourth: 4, "4th": 4, fifth: 5, "5th": 5 };
  const index = /^\d+$/.test(text) ? Number(text) : text === "last" ? options.length : ordinals[text];
  if (index !== undefined) return options[index - 1];
  return options.find((option) => normalize(option.title) === text);
}

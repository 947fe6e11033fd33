import { isSmallTypo, lemmaOf } from "./words.ts";

/** Words that never tell tasks apart: articles, "task"/"one"/"thing", glue. */
const FILLER = new Set([
  "the",
  "my",
  "a",
  "an",
  "to",
  "of",
  "for",
  "about",
  "on",
  "in",
  "at",
  "with",
  "and",
  "that",
  "this",
  "thing",
  "things",
  "task",
  "tasks",
  "todo",
  "item",
  "one",
  "ones",
  "stuff",
  "re",
  "regarding",
]);

const words = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, " ")
    .split(/\s+/)
    .filter(Boolean);

/** The words that carry meaning, each with its base form: "the Q4 reports" → [{q4, q4}, {reports, report}]. */
function keyWords(text: string): Array<{ raw: string; lemma: string }> {
  return words(text)
    .filter((word) => !FILLER.has(word))
    .map((raw) => ({ raw, lemma: lemmaOf(raw) }));
}

/** A title without articles and a trailing "task"/"one": what "exactly named" compares. */
export function plainTitle(text: string): string {
  return words(text)
    .filter((word) => !["the", "my", "a", "an"].includes(word))
    .join(" ")
    .replace(/\s+(?:task|one)$/, "");
}

function wordMatches(said: { raw: string; lemma: string }, title: { raw: string; lemma: string }): boolean {
  if (said.lemma === title.lemma || said.raw === title.raw) return true;
  if (said.raw.length >= 4 && (title.raw.startsWith(said.raw) || title.lemma.startsWith(said.lemma))) return true;
  return isSmallTypo(said.raw, title.raw) || isSmallTypo(said.lemma, title.lemma);
}

export interface TargetScore {
  /** Every meaningful word said was found in the title (word forms and small typos allowed). */
  full: boolean;
  /** The title is exactly what was said (ignoring articles and "task"/"one"). */
  exact: boolean;
  /** Share of the words said that were found, 0-1. */
  said: number;
  /** Share of the title's meaningful words that were named, 0-1. */
  covered: number;
}

/** How well the words of a request name one title (conventions §9). */
export function scoreTarget(target: string, title: string): TargetScore {
  const exact = plainTitle(target) === plainTitle(title);
  const said = keyWords(target);
  const have = keyWords(title);
  if (said.length === 0) return { full: false, exact, said: 0, covered: 0 };
  const found = said.filter((word) => have.some((other) => wordMatches(word, other)));
  const named = have.filter((word) => said.some((other) => wordMatches(other, word)));
  return { full: found.length === said.length, exact, said: found.length / said.length, covered: have.length ? named.length / have.length : 0 };
}

export type TargetMatch<T> = { kind: "one"; task: T } | { kind: "several"; tasks: T[] } | { kind: "none"; suggestions: T[] };

/**
 * The task the words of a request name, among `tasks` (conventions §9): an exactly named title
 * wins; else the titles that contain every word said (word forms, small typos); one such title is
 * it, and among several a title whose every word was named beats those with more words; still
 * several → all of them, for a "Which one?" question. None → up to 3 close titles as suggestions.
 * `tasks` must be in the order a question lists them (soonest due first).
 */
export function matchTarget<T extends { title: string }>(target: string, tasks: readonly T[]): TargetMatch<T> {
  const scored = tasks.map((task) => ({ task, score: scoreTarget(target, task.title) }));
  const exact = scored.filter((entry) => entry.score.exact);
  const [onlyExact] = exact;
  if (onlyExact && exact.length === 1) return { kind: "one", task: onlyExact.task };
  if (exact.length > 1) return { kind: "several", tasks: exact.map((entry) => entry.task) };
  const full = scored.filter((entry) => entry.score.full);
  const [onlyFull] = full;
  if (onlyFull && full.length === 1) return { kind: "one", task: onlyFull.task };
  if (full.length > 1) {
    const best = Math.max(...full.map((entry) => entry.score.covered));
    const top = full.filter((entry) => entry.score.covered === best);
    const [onlyTop] = top;
    if (onlyTop && top.length === 1 && best === 1) return { kind: "one", task: onlyTop.task };
    return { kind: "several", tasks: full.map((entry) => entry.task) };
  }
  const suggestions = scored
    .filter((entry) => entry.score.said >= 0.3 || entry.score.covered >= 0.5)
    .sort((a, b) => b.score.said + b.score.covered - (a.score.said + a.score.covered))
    .slice(0, 3)
    .map((entry) => entry.task);
  return { kind: "none", suggestions };
}

const ORDINALS: Record<string, number> = {
  first: 1,
  "1st": 1,
  second: 2,
  "2nd": 2,
  third: 3,
  "3rd": 3,
  fourth: 4,
  "4th": 4,
  fifth: 5,
  "5th": 5,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
};

/**
 * Reads the answer to "Which one do you mean?" among listed options: a number ("2", "#2",
 * "number 2"), an ordinal ("the second one", "last"), or words that single one out ("the Q4 one",
 * "the one for Oslo"). Undefined when the message picks none of them.
 */
export function readChoice<T extends { title: string }>(message: string, options: readonly T[]): T | undefined {
  const text = words(message)
    .filter((word) => !["the", "number", "no", "option", "please", "pls", "one", "i", "mean", "meant", "it", "s", "is", "its"].includes(word))
    .join(" ");
  const number = /^#?(\d{1,2})$/.exec(text.replace(/^#/, ""));
  if (number?.[1]) return options[Number(number[1]) - 1];
  if (text === "last" || text === "latter") return options.at(-1);
  if (text === "former") return options[0];
  const ordinal = ORDINALS[text];
  if (ordinal !== undefined) return options[ordinal - 1];
  const exact = options.filter((option) => plainTitle(option.title) === plainTitle(message));
  if (exact.length === 1) return exact[0];
  // Words that single one out: found in exactly one option's title.
  const said = keyWords(message).filter((word) => !["first", "second", "third", "last"].includes(word.raw));
  if (said.length === 0 || said.length > 8) return undefined;
  const hits = options.map((option) => {
    const have = keyWords(option.title);
    return said.filter((word) => have.some((other) => wordMatches(word, other))).length;
  });
  const best = Math.max(...hits);
  if (best === 0) return undefined;
  const winners = options.filter((_, i) => hits[i] === best);
  return winners.length === 1 ? winners[0] : undefined;
}

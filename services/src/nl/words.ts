/**
 * English word knowledge for the chat: lemmas (base forms) and parts of speech.
 *
 * Lemmas come from `wink-lemmatizer` (WordNet exception lists plus the regular rules: "paid" →
 * "pay", "calling" → "call", "reports" → "report"), parts of speech from `wink-lexicon` (Penn
 * Treebank tags: VB base verb, VBD past tense, NN noun…). Both are plain data packages, offline,
 * without install scripts; a hand-made table would miss the irregular forms people actually type.
 * Edit distance for small typos is `fastest-levenshtein`.
 */
import { distance } from "fastest-levenshtein";
// Both packages are CommonJS (types in ./wink.d.ts); static imports so bundles (the production
// images compile every package in) carry them.
import lemmatizer from "wink-lemmatizer";
import winkLexicon from "wink-lexicon";

const LEXICON = winkLexicon.lexicon;

/** Common task verbs the lexicon lacks (it holds the 13,000 most frequent words). */
const EXTRA_VERBS = new Set([
  "renew",
  "email",
  "e-mail",
  "text",
  "phone",
  "vacuum",
  "mop",
  "hoover",
  "defrost",
  "declutter",
  "reschedule",
  "rsvp",
  "unpack",
  "unsubscribe",
  "recycle",
  "refill",
  "repot",
  "iron",
  "tidy",
  "dust",
  "sweep",
  "wash",
  "rinse",
  "sanitize",
  "sanitise",
  "proofread",
  "invoice",
  "venmo",
  "google",
  "ring",
  "cancel",
  "water",
  "feed",
  "walk",
  "mow",
  "weed",
]);

/** Penn Treebank tags the lexicon gives a lower-case word, or an empty list for a word it lacks. */
export function tagsOf(word: string): readonly string[] {
  const tags = LEXICON[word.toLowerCase()];
  return Array.isArray(tags) ? tags : [];
}

/** Whether the lexicon knows the word (or its lemma) at all. */
export function isKnownWord(word: string): boolean {
  const lower = word.toLowerCase();
  return tagsOf(lower).length > 0 || tagsOf(lemmatizer.verb(lower)).length > 0 || tagsOf(lemmatizer.noun(lower)).length > 0;
}

/** Whether the word can be a verb in its base form ("buy", "call", "renew"). */
export function canBeBaseVerb(word: string): boolean {
  const lower = word.toLowerCase();
  return tagsOf(lower).includes("VB") || EXTRA_VERBS.has(lower);
}

/**
 * The base form of a verb said in the past tense ("called" → "call", "paid" → "pay", "went" →
 * "go"), or undefined when the word is not a past-tense form.
 */
export function pastTenseLemma(word: string): string | undefined {
  const lower = word.toLowerCase();
  const lemma = lemmatizer.verb(lower);
  if (lemma === lower) return undefined;
  const tags = tagsOf(lower);
  if (tags.includes("VBD") || tags.includes("VBN")) return lemma;
  // Regular forms of verbs the lexicon lacks: "emailed", "renewed".
  if (/ed$/.test(lower) && (canBeBaseVerb(lemma) || tagsOf(lemma).length === 0)) return lemma;
  return undefined;
}

/** A word's base form for matching: "calling"/"called"/"calls" → "call", "reports" → "report", "flights" → "flight". */
export function lemmaOf(word: string): string {
  const lower = word.toLowerCase();
  const verb = lemmatizer.verb(lower);
  if (verb !== lower) return verb;
  const noun = lemmatizer.noun(lower);
  if (noun !== lower) return noun;
  return lower;
}

/** Edit distance (insertions, deletions, substitutions) between two words. */
export function editDistance(a: string, b: string): number {
  return distance(a, b);
}

/**
 * Whether `typed` is a small typo of `word`: for words of 5 letters or more, one or two letters
 * wrong, missing, extra or swapped (a swap is two substitutions); shorter words must be equal.
 */
export function isSmallTypo(typed: string, word: string): boolean {
  if (typed === word) return true;
  if (Math.min(typed.length, word.length) < 5) return false;
  return editDistance(typed, word) <= 2;
}

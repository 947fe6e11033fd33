/**
 * Reading what a grammar's regular expression captured. A pattern that matched has filled every
 * group it does not mark optional, and a word it matched from a lexicon pattern is a key of that
 * lexicon's table; these helpers say so in the types and fail loudly (an internal error, a bug in
 * the grammar) if the pattern and the code reading it ever disagree.
 */

/** The text captured by the named group `name`, which the pattern fills whenever it matches. Throws an Error when it did not. */
export function group(match: RegExpExecArray, name: string): string {
  const text = match.groups?.[name];
  if (text === undefined) throw new Error(`internal: the pattern matched '${match[0]}' without filling its group '${name}'`);
  return text;
}

/** The text captured by the named group `name`, or undefined when that optional part was not said. */
export function optionalGroup(match: RegExpExecArray, name: string): string | undefined {
  return match.groups?.[name];
}

/** The entry for `word` (lower-cased) in a lexicon table whose pattern matched it. Throws an Error when the table lacks it. */
export function lookup<T>(table: Readonly<Record<string, T>>, word: string): T {
  const value = table[word.toLowerCase()];
  if (value === undefined) throw new Error(`internal: '${word}' matched a lexicon pattern but is not in its table`);
  return value;
}

/** The text of numbered group `index` (1-based), which the pattern fills whenever it matches. Throws an Error when it did not. */
export function captured(match: RegExpExecArray, index: number): string {
  const text = match[index];
  if (text === undefined) throw new Error(`internal: the pattern matched '${match[0]}' without filling its group ${index}`);
  return text;
}

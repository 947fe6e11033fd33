/**
 * An utterance being taken apart: grammars find phrases in what is left and consume them, so that
 * what remains at the end is the task's own words. Consumed text is blanked, not cut, so match
 * positions stay comparable and words on either side never fuse.
 */
export class Utterance {
  private rest: string;

  constructor(readonly original: string) {
    this.rest = original;
  }

  /** The first match of `pattern` in what is left, consumed; null when there is none. */
  take(pattern: RegExp): RegExpExecArray | null {
    const flags = pattern.flags.includes("i") ? pattern.flags.replace("g", "") : pattern.flags.replace("g", "") + "i";
    const match = new RegExp(pattern.source, flags).exec(this.rest);
    if (!match) return null;
    this.rest = this.rest.slice(0, match.index) + " ".repeat(match[0].length) + this.rest.slice(match.index + match[0].length);
    return match;
  }

  /** Whether `pattern` matches what is left, without consuming anything. */
  has(pattern: RegExp): boolean {
    return new RegExp(pattern.source, pattern.flags.includes("i") ? pattern.flags : pattern.flags + "i").test(this.rest);
  }

  /** Consumes a span by position (from a match made on `remainingRaw`). */
  consume(index: number, length: number): void {
    this.rest = this.rest.slice(0, index) + " ".repeat(length) + this.rest.slice(index + length);
  }

  /** What is left, positions intact. */
  get remainingRaw(): string {
    return this.rest;
  }

  /** What is left, with whitespace collapsed. */
  get remaining(): string {
    return this.rest.replace(/\s+/g, " ").trim();
  }
}

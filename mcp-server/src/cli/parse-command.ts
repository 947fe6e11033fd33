import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { z } from "zod";
import { isValidTimeZone, machineTimeZone, parse, parseIsoDateTime } from "@todo/services";

export class FlagError extends Error {}

const Flags = z.object({
  now: z.string().optional(),
  tz: z
    .string()
    .refine(isValidTimeZone, { error: (issue) => `--tz must be an IANA time zone like America/New_York; got '${String(issue.input)}'` })
    .optional(),
});

/**
 * `--now` as an instant. One without an offset (2026-06-30T20:00) is wall-clock time in `--tz`, the
 * zone the utterance is read in, never the process's zone (Date.parse would take that).
 */
function readNow(value: string, timeZone: string): Date {
  try {
    return parseIsoDateTime(value, timeZone, "--now");
  } catch {
    throw new FlagError(`--now must be an ISO instant like 2026-11-26T15:00:00Z (or 2026-11-26T09:00 in --tz); got '${value}'`);
  }
}

/**
 * `npx todo parse [--now ISO] [--tz ZONE] ["utterance"]`: one JSON object for the utterance, or one
 * per stdin line, in order. Any utterance yields a line; only bad flags fail (exit 2).
 */
export async function runParse(argv: string[]): Promise<void> {
  let values: { now?: string; tz?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options: { now: { type: "string" }, tz: { type: "string" } }, allowPositionals: true }));
  } catch (error) {
    throw new FlagError(error instanceof Error ? error.message : String(error));
  }
  const flags = Flags.safeParse(values);
  if (!flags.success) throw new FlagError(flags.error.issues.map((issue) => issue.message).join("; "));
  const timeZone = flags.data.tz ?? machineTimeZone();
  const context = { now: flags.data.now ? readNow(flags.data.now, timeZone) : new Date(), timeZone };
  const answer = (line: string) => {
    let result: unknown;
    try {
      result = parse(line, context);
    } catch {
      result = { intent: "unknown" };
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
  };
  if (positionals.length > 0) {
    answer(positionals.join(" "));
    return;
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) answer(line);
}

import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { z } from "zod";
import { isValidTimeZone, machineTimeZone, parse } from "@todo/services";

export class FlagError extends Error {}

const Flags = z.object({
  now: z
    .string()
    .refine((value) => /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)), {
      error: (issue) => `--now must be an ISO instant like 2026-11-26T15:00:00Z; got '${String(issue.input)}'`,
    })
    .optional(),
  tz: z
    .string()
    .refine(isValidTimeZone, { error: (issue) => `--tz must be an IANA time zone like America/New_York; got '${String(issue.input)}'` })
    .optional(),
});

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
  const context = { now: flags.data.now ? new Date(flags.data.now) : new Date(), timeZone: flags.data.tz ?? machineTimeZone() };
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

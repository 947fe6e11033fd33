import { percentile } from "./stats.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The machine's memory state, printed first so every later number can be read against it: the time
 * to re-read a 32 MB array (one byte per 64-byte cache line) back to back, and after the process has
 * slept 1 s. On a normal host both are a few ms apart; on the 2-core VMs this project is measured on,
 * memory left untouched for about a second is slow to touch again (measured 2026-11-30: ~35 ms warm,
 * ~430 ms after 1 s idle), which inflates every benchmark with idle gaps (a browser starting, a poll).
 * Returns one line: `machine: re-read 32 MB warm p50 A ms, after 1 s idle p50 B ms`.
 */
export async function benchMachineMemory(): Promise<string[]> {
  const bytes = new Float64Array(4 * 1024 * 1024).fill(1);
  const reread = () => {
    const start = performance.now();
    let sum = 0;
    for (let i = 0; i < bytes.length; i += 8) sum += bytes[i] ?? 0;
    if (sum < 0) console.log(sum); // keeps the loop from being optimised away
    return performance.now() - start;
  };
  const warm: number[] = [];
  for (let run = 0; run < 5; run++) warm.push(reread());
  const afterIdle: number[] = [];
  for (let run = 0; run < 3; run++) {
    await sleep(1_000);
    afterIdle.push(reread());
  }
  return [
    `machine: re-read 32 MB warm p50 ${percentile(warm.slice(1), 50).toFixed(0)} ms, after 1 s idle p50 ${percentile(afterIdle, 50).toFixed(0)} ms (memory left idle is slow to touch again here; read idle-heavy numbers against it)`,
  ];
}

/** Percentile of a list of numbers (nearest-rank). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? NaN;
}

export function summarize(label: string, samplesMs: number[], wallMs?: number): string {
  const parts = [`p50 ${percentile(samplesMs, 50).toFixed(2)} ms`, `p99 ${percentile(samplesMs, 99).toFixed(2)} ms`];
  if (wallMs) parts.push(`${((samplesMs.length / wallMs) * 1000).toFixed(0)} calls/s`);
  return `${label.padEnd(44)} ${parts.join("  ")}  (n=${samplesMs.length})`;
}

export async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

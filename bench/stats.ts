/** Small helpers for benchmark figures: medians and MB/s. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function mbPerSecond(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1000);
}

export function timeMs(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** A number with thousands separators and `digits` decimals. */
export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Milliseconds as seconds, two decimals. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/**
 * One run of a side-by-side measurement: piimap first on even runs, the floor first on odd ones, so
 * neither always finds the caches warmed by the other.
 */
export async function inAlternatingOrder<P, F>(
  run: number,
  piimap: () => Promise<P>,
  floor: () => Promise<F>,
): Promise<[P, F]> {
  if (run % 2 === 0) {
    const first = await piimap();
    return [first, await floor()];
  }
  const second = await floor();
  return [await piimap(), second];
}

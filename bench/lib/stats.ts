/**
 * @module Small statistics for benchmark repetitions: the median, and a runner that repeats
 * a measurement and keeps every sample so the spread is visible in the result file.
 */

/**
 * The median of some numbers (the mean of the middle two for an even count).
 *
 * @param values Samples (not modified).
 * @returns The median, NaN when empty.
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Rounds to a number of significant decimals for display and JSON.
 *
 * @param value The number.
 * @param digits Decimals (default 3).
 * @returns The rounded number.
 */
export function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/**
 * The median of each numeric field over several runs of the same measurement.
 *
 * @param runs The runs' figures (same keys).
 * @returns Field to median.
 */
export function medianFields<K extends string>(
  runs: ReadonlyArray<Record<K, number>>,
): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const key of Object.keys(runs[0] ?? {}) as K[]) {
    out[key] = median(runs.map((run) => run[key]));
  }
  return out;
}

/**
 * Runs a synchronous measurement `repeats` times after `warmups` unmeasured runs, timing each
 * one, and returns the median rate.
 *
 * @param work Does the work and returns how many items it handled.
 * @param repeats Measured runs.
 * @param warmups Unmeasured runs first (JIT warm-up).
 * @returns Median items per second and every sample.
 */
export function rate(
  work: () => number,
  repeats: number,
  warmups = 1,
): { perSecond: number; samples: number[] } {
  for (let i = 0; i < warmups; i++) work();
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    const items = work();
    samples.push(items / ((performance.now() - started) / 1000));
  }
  return { perSecond: median(samples), samples: samples.map((s) => Math.round(s)) };
}

/**
 * @module The world update-time statistics behind `server info`: the last diff (TrinityCore's
 * `Update time diff: N.`) and AzerothCore's summary over the last 500 diffs (mean, median,
 * 95th/99th percentile, max), computed like `UpdateTime.cpp` does (integer milliseconds).
 */

/** Diffs kept for the summary (`AVG_DIFF_COUNT`). */
export const UPDATE_TIME_SAMPLES = 500;

/** A bounded ring of world update diffs. */
export class UpdateTimeStats {
  readonly #samples: number[] = [];
  #next = 0;
  #last = 0;

  /**
   * Records one world update's diff.
   *
   * @param diffMs Milliseconds the update took.
   */
  push(diffMs: number): void {
    const value = Math.max(0, Math.round(diffMs));
    if (this.#samples.length < UPDATE_TIME_SAMPLES) this.#samples.push(value);
    else this.#samples[this.#next] = value;
    this.#next = (this.#next + 1) % UPDATE_TIME_SAMPLES;
    this.#last = value;
  }

  /** Forgets every sample (a restarted process starts empty). */
  clear(): void {
    this.#samples.length = 0;
    this.#next = 0;
    this.#last = 0;
  }

  /** The last diff. */
  get last(): number {
    return this.#last;
  }

  /** How many diffs the summary covers. */
  get size(): number {
    return this.#samples.length;
  }

  /** Integer mean of the kept diffs. */
  mean(): number {
    if (this.#samples.length === 0) return 0;
    return Math.floor(this.#samples.reduce((sum, value) => sum + value, 0) / this.#samples.length);
  }

  /**
   * A percentile with linear interpolation between the two nearest ranks, truncated to an
   * integer; 100 is the maximum.
   *
   * @param p Percentile in [0, 100].
   * @returns Milliseconds.
   */
  percentile(p: number): number {
    if (this.#samples.length === 0) return 0;
    const sorted = [...this.#samples].sort((a, b) => a - b);
    const index = (p / 100) * (sorted.length - 1);
    const lower = Math.floor(index);
    const upper = Math.ceil(index);
    const fraction = index - lower;
    return Math.trunc(sorted[lower] * (1 - fraction) + sorted[upper] * fraction);
  }
}

/**
 * @module A fixed-bucket latency histogram (0.05 ms buckets up to 10 s) that can be
 * merged across processes as a plain array, for percentiles over millions of samples
 * without storing them.
 */

const BUCKET_MS = 0.05;
const BUCKETS = 200_000; // 10 s

/** Latency histogram. */
export class LatencyHistogram {
  readonly counts: Uint32Array;
  overflow = 0;
  total = 0;
  sum = 0;
  max = 0;

  constructor(counts?: ArrayLike<number>) {
    this.counts = new Uint32Array(BUCKETS);
    if (counts) this.counts.set(counts);
    if (counts) { for (const n of this.counts) this.total += n; }
  }

  /** Records one latency in ms (negative clock skew counts as 0). */
  record(ms: number): void {
    const value = ms < 0 ? 0 : ms;
    const bucket = Math.floor(value / BUCKET_MS);
    if (bucket >= BUCKETS) this.overflow++;
    else this.counts[bucket]++;
    this.total++;
    this.sum += value;
    if (value > this.max) this.max = value;
  }

  /** The latency at percentile `p` (0-100), in ms (upper bucket edge). */
  percentile(p: number): number {
    if (this.total === 0) return NaN;
    const rank = Math.ceil((p / 100) * this.total);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i];
      if (seen >= rank) return (i + 1) * BUCKET_MS;
    }
    return Infinity;
  }

  /** Mean latency, ms. */
  mean(): number {
    return this.total === 0 ? NaN : this.sum / this.total;
  }

  /** A compact, JSON-friendly form: [bucket, count] pairs of non-empty buckets. */
  toSparse(): { buckets: Array<[number, number]>; overflow: number; sum: number; max: number } {
    const buckets: Array<[number, number]> = [];
    for (let i = 0; i < BUCKETS; i++) if (this.counts[i]) buckets.push([i, this.counts[i]]);
    return { buckets, overflow: this.overflow, sum: this.sum, max: this.max };
  }

  /** Rebuilds a histogram from {@link toSparse}'s output. */
  static fromSparse(
    sparse: { buckets: Array<[number, number]>; overflow: number; sum: number; max: number },
  ): LatencyHistogram {
    const histogram = new LatencyHistogram();
    for (const [bucket, count] of sparse.buckets) {
      histogram.counts[bucket] = count;
      histogram.total += count;
    }
    histogram.overflow = sparse.overflow;
    histogram.total += sparse.overflow;
    histogram.sum = sparse.sum;
    histogram.max = sparse.max;
    return histogram;
  }
}

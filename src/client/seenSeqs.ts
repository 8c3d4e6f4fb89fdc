/**
 * @module The sequence numbers a subscription has delivered recently: tells a repeat (sent
 * again by a resume) from a late event (a stalled connection's queue is drained most urgent
 * first, so an older `seq` can arrive after a newer one, protocol §6.1). Bounded: beyond the
 * window, anything older than what was forgotten counts as seen.
 */

/** Default number of sequence numbers remembered. */
export const SEEN_SEQS_DEFAULT = 4096;

/** Remembers delivered sequence numbers of one subscription. */
export class SeenSeqs {
  readonly #capacity: number;
  readonly #seen = new Set<number>();
  readonly #order: number[] = [];
  #head = 0;
  /** Every seq at or below this counts as seen (the highest one forgotten). */
  #floor = -Infinity;
  /** The highest seq delivered. */
  #max: number | undefined;

  constructor(capacity = SEEN_SEQS_DEFAULT) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
    this.#capacity = capacity;
  }

  /** The highest seq delivered, if any. */
  get max(): number | undefined {
    return this.#max;
  }

  /** Whether `seq` was delivered already (or is too old to tell). */
  has(seq: number): boolean {
    return seq <= this.#floor || this.#seen.has(seq);
  }

  /** Records `seq` as delivered. */
  add(seq: number): void {
    if (this.has(seq)) return;
    this.#seen.add(seq);
    this.#order.push(seq);
    if (this.#order.length - this.#head > this.#capacity) {
      const forgotten = this.#order[this.#head++];
      this.#seen.delete(forgotten);
      if (forgotten > this.#floor) this.#floor = forgotten;
      // Compact now and then so the array does not grow without bound.
      if (this.#head >= this.#capacity) {
        this.#order.splice(0, this.#head);
        this.#head = 0;
      }
    }
    if (this.#max === undefined || seq > this.#max) this.#max = seq;
  }
}

/** @module A ring of recent items bounded by count and by bytes, oldest evicted first. */

/** Limits of a {@link BoundedHistory}. */
export interface HistoryLimits {
  /** Most items kept (>= 1). */
  maxItems: number;
  /** Most bytes kept, as measured by the `bytes` of each item (>= 1). */
  maxBytes: number;
}

/** What the history stores: anything that knows its own size. */
export interface Sized {
  readonly bytes: number;
}

/**
 * A ring buffer that keeps the newest items within a count and a byte budget. Pushing is
 * O(1) amortised; eviction is oldest-first. An item larger than `maxBytes` on its own is
 * still kept (alone), so the newest item is always available.
 */
export class BoundedHistory<T extends Sized> {
  readonly #limits: HistoryLimits;
  #items: (T | undefined)[];
  #head = 0;
  #size = 0;
  #bytes = 0;
  #evicted = 0;

  constructor(limits: HistoryLimits) {
    if (!(limits.maxItems >= 1) || !(limits.maxBytes >= 1)) {
      throw new RangeError('history limits must be at least 1');
    }
    this.#limits = limits;
    this.#items = new Array(Math.min(limits.maxItems, 1024));
  }

  /** Number of items held. */
  get size(): number {
    return this.#size;
  }

  /** Bytes held. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Items evicted since creation. */
  get evicted(): number {
    return this.#evicted;
  }

  /** Appends an item and evicts the oldest until the limits hold again. */
  push(item: T): void {
    if (this.#size === this.#items.length) this.#grow();
    this.#items[(this.#head + this.#size) % this.#items.length] = item;
    this.#size++;
    this.#bytes += item.bytes;
    while (
      this.#size > 1 &&
      (this.#size > this.#limits.maxItems || this.#bytes > this.#limits.maxBytes)
    ) {
      this.#shift();
    }
  }

  /** The oldest item, if any. */
  first(): T | undefined {
    return this.#size === 0 ? undefined : this.#items[this.#head];
  }

  /** The newest item, if any. */
  last(): T | undefined {
    return this.#size === 0
      ? undefined
      : this.#items[(this.#head + this.#size - 1) % this.#items.length];
  }

  /** The item at `index` from the oldest (0) to the newest (`size - 1`). */
  at(index: number): T | undefined {
    if (index < 0 || index >= this.#size) return undefined;
    return this.#items[(this.#head + index) % this.#items.length];
  }

  /**
   * Index of the first item for which `isAfter` holds, assuming items are ordered so that
   * `isAfter` is false for a prefix and true for the rest (binary search).
   */
  findFirst(isAfter: (item: T) => boolean): number {
    let low = 0;
    let high = this.#size;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (isAfter(this.at(mid) as T)) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  /** A copy of the items from `start` (inclusive) to the newest, oldest first. */
  slice(start = 0): T[] {
    const out: T[] = [];
    for (let i = Math.max(0, start); i < this.#size; i++) out.push(this.at(i) as T);
    return out;
  }

  /** Drops everything. */
  clear(): void {
    this.#items = new Array(this.#items.length);
    this.#head = 0;
    this.#size = 0;
    this.#bytes = 0;
  }

  #shift(): void {
    const item = this.#items[this.#head] as T;
    this.#items[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.#items.length;
    this.#size--;
    this.#bytes -= item.bytes;
    this.#evicted++;
  }

  #grow(): void {
    const next = new Array<T | undefined>(Math.max(4, this.#items.length * 2));
    for (let i = 0; i < this.#size; i++) next[i] = this.at(i);
    this.#items = next;
    this.#head = 0;
  }
}

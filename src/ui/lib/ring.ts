/** @module A fixed-capacity ring buffer: the dashboard keeps the last N of everything. */

/** Keeps the last `capacity` items; older ones are overwritten. */
export class Ring<T> {
  readonly capacity: number;
  #items: (T | undefined)[];
  #start = 0;
  #size = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError('a ring needs a capacity of at least 1');
    }
    this.capacity = capacity;
    this.#items = new Array(capacity);
  }

  /** Number of items held. */
  get size(): number {
    return this.#size;
  }

  /** Adds an item, dropping the oldest when full; returns the dropped item, if any. */
  push(item: T): T | undefined {
    const end = (this.#start + this.#size) % this.capacity;
    if (this.#size < this.capacity) {
      this.#items[end] = item;
      this.#size++;
      return undefined;
    }
    const dropped = this.#items[this.#start];
    this.#items[this.#start] = item;
    this.#start = (this.#start + 1) % this.capacity;
    return dropped;
  }

  /** The item at `index` (0 is the oldest). */
  at(index: number): T | undefined {
    if (index < 0 || index >= this.#size) return undefined;
    return this.#items[(this.#start + index) % this.capacity];
  }

  /** Items from oldest to newest. */
  toArray(): T[] {
    const out: T[] = new Array(this.#size);
    for (let i = 0; i < this.#size; i++) {
      out[i] = this.#items[(this.#start + i) % this.capacity] as T;
    }
    return out;
  }

  /** Removes every item matching `predicate`, keeping the order of the rest. */
  removeWhere(predicate: (item: T) => boolean): number {
    const kept = this.toArray().filter((item) => !predicate(item));
    const removed = this.#size - kept.length;
    this.clear();
    for (const item of kept) this.push(item);
    return removed;
  }

  /** Empties the ring. */
  clear(): void {
    this.#items = new Array(this.capacity);
    this.#start = 0;
    this.#size = 0;
  }
}

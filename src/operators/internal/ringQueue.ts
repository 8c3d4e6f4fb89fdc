/**
 * @module A growable ring buffer: O(1) push, shift and pop, with two numbers stored beside
 * each item (arrival order and size) in typed arrays, so queueing allocates nothing per item.
 * It grows by doubling; the operators that use it bound how many items it may hold.
 */

const INITIAL_SLOTS = 16;

/** A FIFO queue that can also drop from its back. */
export class RingQueue<T> {
  /** Number of queued items. */
  length = 0;
  private items: (T | undefined)[];
  private orders: Float64Array;
  private sizes: Float64Array;
  private head = 0;
  private mask: number;

  constructor() {
    this.items = new Array<T | undefined>(INITIAL_SLOTS);
    this.orders = new Float64Array(INITIAL_SLOTS);
    this.sizes = new Float64Array(INITIAL_SLOTS);
    this.mask = INITIAL_SLOTS - 1;
  }

  /** Appends an item with its arrival order and size. */
  push(item: T, order: number, size: number): void {
    if (this.length > this.mask) this.grow();
    const slot = (this.head + this.length) & this.mask;
    this.items[slot] = item;
    this.orders[slot] = order;
    this.sizes[slot] = size;
    this.length++;
  }

  /** Removes and returns the oldest item (the queue must not be empty). */
  shift(): T {
    const slot = this.head;
    const item = this.items[slot] as T;
    this.items[slot] = undefined; // release the reference for the garbage collector
    this.head = (slot + 1) & this.mask;
    this.length--;
    return item;
  }

  /** Removes and returns the newest item (the queue must not be empty). */
  pop(): T {
    const slot = (this.head + this.length - 1) & this.mask;
    const item = this.items[slot] as T;
    this.items[slot] = undefined;
    this.length--;
    return item;
  }

  /** The oldest item, without removing it. */
  peek(): T {
    return this.items[this.head] as T;
  }

  /** The item at `index` from the oldest (0), without removing it. */
  at(index: number): T {
    return this.items[(this.head + index) & this.mask] as T;
  }

  /** Arrival order of the oldest item. */
  frontOrder(): number {
    return this.orders[this.head];
  }

  /** Size of the oldest item. */
  frontSize(): number {
    return this.sizes[this.head];
  }

  /** Arrival order of the newest item. */
  backOrder(): number {
    return this.orders[(this.head + this.length - 1) & this.mask];
  }

  /** Size of the newest item. */
  backSize(): number {
    return this.sizes[(this.head + this.length - 1) & this.mask];
  }

  /** Drops every item (used on teardown). */
  clear(): void {
    this.items = [];
    this.orders = new Float64Array(0);
    this.sizes = new Float64Array(0);
    this.head = 0;
    this.length = 0;
    this.mask = -1;
  }

  private grow(): void {
    const slots = Math.max(INITIAL_SLOTS, (this.mask + 1) * 2);
    const items = new Array<T | undefined>(slots);
    const orders = new Float64Array(slots);
    const sizes = new Float64Array(slots);
    for (let i = 0; i < this.length; i++) {
      const slot = (this.head + i) & this.mask;
      items[i] = this.items[slot];
      orders[i] = this.orders[slot];
      sizes[i] = this.sizes[slot];
    }
    this.items = items;
    this.orders = orders;
    this.sizes = sizes;
    this.head = 0;
    this.mask = slots - 1;
  }
}

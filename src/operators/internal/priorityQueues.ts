/**
 * @module The bounded multi-priority queue behind `priorityBuffer`: one ring buffer per
 * priority (O(1) enqueue and dequeue), a shared item and byte limit, and the overflow
 * policies. `critical` values are never chosen as victims while anything lower is queued
 * or arriving.
 */
import { PRIORITIES } from '../../pipeline/events.ts';
import { RingQueue } from './ringQueue.ts';

/** What to do when a value does not fit. */
export type OverflowPolicy = 'drop-lowest' | 'drop-oldest' | 'drop-newest' | 'error';

/** The overflow policies, for validation. */
export const OVERFLOW_POLICIES = ['drop-lowest', 'drop-oldest', 'drop-newest', 'error'] as const;

/** Result of {@link PriorityQueues.offer}. */
export type OfferResult = 'queued' | 'dropped' | 'overflow';

/**
 * Rank of a priority (0 = critical), or -1 for anything else. A switch, not a lookup in
 * `PRIORITY_RANK`, so `'constructor'` and friends are not mistaken for priorities.
 */
export function rankOf(priority: unknown): number {
  switch (priority) {
    case 'critical':
      return 0;
    case 'high':
      return 1;
    case 'normal':
      return 2;
    case 'low':
      return 3;
    default:
      return -1;
  }
}

const INCOMING = -1;
const LEVELS = PRIORITIES.length;

/** One FIFO per priority rank (0 = critical), bounded together in items and bytes. */
export class PriorityQueues<T> {
  /** Items queued over all priorities. */
  items = 0;
  /** Bytes queued over all priorities. */
  bytes = 0;
  private arrival = 0;
  private rings: RingQueue<T>[];
  private readonly capacity: number;
  private readonly capacityBytes: number;
  private readonly policy: OverflowPolicy;
  private readonly evicted: (item: T) => void;

  /**
   * @param capacity Most items queued.
   * @param capacityBytes Most bytes queued (`Infinity` for no byte limit).
   * @param policy Overflow policy.
   * @param evicted Called for every value dropped by the policy (queued or incoming).
   */
  constructor(
    capacity: number,
    capacityBytes: number,
    policy: OverflowPolicy,
    evicted: (item: T) => void,
  ) {
    this.capacity = capacity;
    this.capacityBytes = capacityBytes;
    this.policy = policy;
    this.evicted = evicted;
    this.rings = PRIORITIES.map(() => new RingQueue<T>());
  }

  /**
   * Queues a value, evicting others as the policy says until it fits.
   *
   * @returns `'queued'`, `'dropped'` (the value itself was the victim, or is larger than
   *   the byte limit on its own) or `'overflow'` (policy `'error'`: nothing was changed).
   */
  offer(item: T, rank: number, size: number): OfferResult {
    if (size > this.capacityBytes) {
      if (this.policy === 'error') return 'overflow';
      this.evicted(item);
      return 'dropped';
    }
    while (this.items >= this.capacity || this.bytes + size > this.capacityBytes) {
      if (this.policy === 'error') return 'overflow';
      const victim = this.victim(rank);
      if (victim === INCOMING) {
        this.evicted(item);
        return 'dropped';
      }
      this.evict(victim);
    }
    this.rings[rank].push(item, this.arrival++, size);
    this.items++;
    this.bytes += size;
    return 'queued';
  }

  /** Removes the oldest value of the highest non-empty priority (the queue must not be empty). */
  take(): T {
    let rank = 0;
    while (this.rings[rank].length === 0) rank++;
    const ring = this.rings[rank];
    this.bytes -= ring.frontSize();
    this.items--;
    return ring.shift();
  }

  /** Releases every queued value without reporting it (teardown). */
  clear(): void {
    for (const ring of this.rings) ring.clear();
    this.items = 0;
    this.bytes = 0;
  }

  // A victim is encoded as rank * 2 + (1 when taken from the back), or INCOMING.
  private victim(incoming: number): number {
    // Critical values are candidates only when nothing lower is queued or arriving.
    const floor = incoming > 0 || this.items > this.rings[0].length ? 1 : 0;
    const incomingEligible = incoming >= floor;
    if (this.policy === 'drop-newest') {
      if (incomingEligible) return INCOMING;
      return this.extreme(floor, (ring) => ring.backOrder(), true) * 2 + 1;
    }
    if (this.policy === 'drop-oldest') {
      const oldest = this.extreme(floor, (ring) => ring.frontOrder(), false);
      return oldest === INCOMING ? INCOMING : oldest * 2;
    }
    // drop-lowest: the lowest priority present, oldest first; the arriving value is the
    // newest of its priority, so it goes only when it is strictly the lowest.
    let lowest = LEVELS - 1;
    while (lowest >= floor && this.rings[lowest].length === 0) lowest--;
    if (lowest < floor || (incomingEligible && incoming > lowest)) return INCOMING;
    return lowest * 2;
  }

  // The rank whose front/back order is the smallest (or largest), among ranks >= floor.
  private extreme(floor: number, order: (ring: RingQueue<T>) => number, largest: boolean): number {
    let best = INCOMING;
    let bestOrder = 0;
    for (let rank = floor; rank < LEVELS; rank++) {
      const ring = this.rings[rank];
      if (ring.length === 0) continue;
      const value = order(ring);
      if (best === INCOMING || (largest ? value > bestOrder : value < bestOrder)) {
        best = rank;
        bestOrder = value;
      }
    }
    return best;
  }

  private evict(victim: number): void {
    const ring = this.rings[victim >> 1];
    const fromBack = (victim & 1) === 1;
    this.bytes -= fromBack ? ring.backSize() : ring.frontSize();
    this.items--;
    this.evicted(fromBack ? ring.pop() : ring.shift());
  }
}

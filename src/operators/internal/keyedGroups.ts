/**
 * @module The groups behind `aggregateByKey`: one accumulator per key for the current
 * window, at most `maxGroups` of them, each closed after `idleWindows` empty windows.
 */

/** One key's summary of one window. */
export interface KeyedSummary<K, A> {
  /** The group's key. */
  readonly key: K;
  /** Window start, inclusive (scheduler time). */
  readonly windowStart: number;
  /** Window end, exclusive (scheduler time). */
  readonly windowEnd: number;
  /** The accumulated value (`seed()` for an empty window). */
  readonly value: A;
  /** How many values went into it. */
  readonly count: number;
}

interface Group<A> {
  acc: A | undefined;
  count: number;
  idle: number;
}

/** The live groups of one subscription. */
export class KeyedGroups<T, K, A> {
  /** Values refused since the last window closed, because `maxGroups` groups were live. */
  refused = 0;
  private readonly groups = new Map<K, Group<A>>();
  private readonly seed: () => A;
  private readonly reduce: (acc: A, value: T) => A;
  private readonly maxGroups: number;
  private readonly idleWindows: number;

  constructor(seed: () => A, reduce: (acc: A, value: T) => A, maxGroups: number, idle: number) {
    this.seed = seed;
    this.reduce = reduce;
    this.maxGroups = maxGroups;
    this.idleWindows = idle;
  }

  /** Number of live groups. */
  get size(): number {
    return this.groups.size;
  }

  /** Folds a value into its group; false when there is no room for a new group. */
  add(key: K, value: T): boolean {
    let group = this.groups.get(key);
    if (!group) {
      if (this.groups.size >= this.maxGroups) {
        this.refused++;
        return false;
      }
      group = { acc: undefined, count: 0, idle: 0 };
      this.groups.set(key, group);
    }
    // The seed is taken lazily, so a mutable accumulator is never shared between windows.
    group.acc = this.reduce(group.count === 0 ? this.seed() : (group.acc as A), value);
    group.count++;
    return true;
  }

  /**
   * Ends a window: emits each group's summary, resets them, and closes the groups that
   * have now been empty for more than `idleWindows` windows.
   *
   * @param partial True when the source completed: empty groups emit nothing then.
   */
  close(
    windowStart: number,
    windowEnd: number,
    emit: (summary: KeyedSummary<K, A>) => void,
    partial = false,
  ): void {
    for (const [key, group] of this.groups) {
      if (group.count > 0) {
        const summary = { key, windowStart, windowEnd, value: group.acc as A, count: group.count };
        group.acc = undefined;
        group.count = 0;
        group.idle = 0;
        emit(summary);
      } else if (++group.idle > this.idleWindows) {
        this.groups.delete(key);
      } else if (!partial) {
        emit({ key, windowStart, windowEnd, value: this.seed(), count: 0 });
      }
    }
  }

  /** Forgets every group (teardown). */
  clear(): void {
    this.groups.clear();
  }
}

/**
 * @module The error of a bounded queue whose overflow policy is `'error'`.
 */

/** What the queue held when it overflowed. */
export interface QueueOverflowInfo {
  /** The operator that overflowed. */
  readonly operator: string;
  /** Its item limit. */
  readonly capacity: number;
  /** Its byte limit, if any. */
  readonly capacityBytes: number | undefined;
  /** Items queued at the time. */
  readonly queuedItems: number;
  /** Bytes queued at the time. */
  readonly queuedBytes: number;
}

/**
 * Raised by a queueing operator configured with `overflow: 'error'` when a value does not
 * fit: the consumer is too slow, and the caller chose to fail rather than drop (the gateway
 * closes such a socket with 4409).
 */
export class QueueOverflowError extends Error {
  /** The queue's limits and fill level when it overflowed. */
  readonly info: QueueOverflowInfo;

  constructor(info: QueueOverflowInfo) {
    super(
      `${info.operator}: queue full (${info.queuedItems}/${info.capacity} items` +
        (info.capacityBytes === undefined
          ? ''
          : `, ${info.queuedBytes}/${info.capacityBytes} bytes`) +
        ')',
    );
    this.name = 'QueueOverflowError';
    this.info = info;
  }
}

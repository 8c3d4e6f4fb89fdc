/**
 * @module Every realmstream operator, one export line each (`realmstream/operators`).
 */
export { gap, isGap } from './gap.ts';
export type { Gap, GapReason } from './gap.ts';
export { microBatch } from './microBatch.ts';
export type { MicroBatchConfig } from './microBatch.ts';
export { createOperatorStats } from './operatorStats.ts';
export type { OperatorStats } from './operatorStats.ts';
export { priorityBuffer } from './priorityBuffer.ts';
export type { PriorityBufferConfig } from './priorityBuffer.ts';
export type { OverflowPolicy } from './internal/priorityQueues.ts';

/* Error types */
export { QueueOverflowError } from './QueueOverflowError.ts';
export type { QueueOverflowInfo } from './QueueOverflowError.ts';

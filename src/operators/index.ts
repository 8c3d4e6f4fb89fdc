/**
 * @module Every realmstream operator, one export line each (`realmstream/operators`).
 */
export { gap, isGap } from './gap.ts';
export type { Gap, GapReason } from './gap.ts';
export { microBatch } from './microBatch.ts';
export type { MicroBatchConfig } from './microBatch.ts';

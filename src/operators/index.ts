/**
 * @module Every realmstream operator, one export line each (`realmstream/operators`).
 */
export { createDedupeSourcesStats, dedupeSources, defaultDedupeKey } from './dedupeSources.ts';
export type { DedupeSourcesConfig, DedupeSourcesStats } from './dedupeSources.ts';
export { gap, isGap } from './gap.ts';
export type { Gap, GapReason } from './gap.ts';
export { diffOnline } from './diffOnline.ts';
export type { DiffOnlineConfig, OnlineInput } from './diffOnline.ts';
export { diffPlayerInfo } from './diffPlayerInfo.ts';
export type { DiffPlayerInfoConfig } from './diffPlayerInfo.ts';
export { diffServerInfo } from './diffServerInfo.ts';
export type { DiffServerInfoConfig } from './diffServerInfo.ts';
export { microBatch } from './microBatch.ts';
export type { MicroBatchConfig } from './microBatch.ts';
export { parseGmList } from './parseGmList.ts';
export type { ParseGmListConfig } from './parseGmList.ts';
export { createLogLineCounters, parseLogLine } from './parseLogLine.ts';
export type { LogLineCounters, ParseLogLineConfig } from './parseLogLine.ts';
export { parseLookupPlayerAccount } from './parseLookupPlayerAccount.ts';
export type { ParseLookupPlayerAccountConfig } from './parseLookupPlayerAccount.ts';
export { parseMotd } from './parseMotd.ts';
export type { ParseMotdConfig } from './parseMotd.ts';
export { parseOnlineList } from './parseOnlineList.ts';
export type { ParseOnlineListConfig } from './parseOnlineList.ts';
export { parsePlayerInfo } from './parsePlayerInfo.ts';
export type { ParsePlayerInfoConfig } from './parsePlayerInfo.ts';
export { parseServerInfo } from './parseServerInfo.ts';
export type { ParseServerInfoConfig } from './parseServerInfo.ts';
export { createOperatorStats } from './operatorStats.ts';
export type { OperatorStats } from './operatorStats.ts';
export { priorityBuffer } from './priorityBuffer.ts';
export type { PriorityBufferConfig } from './priorityBuffer.ts';
export { reachability } from './reachability.ts';
export type { ReachabilityConfig } from './reachability.ts';
export type { OverflowPolicy } from './internal/priorityQueues.ts';
export { rateLimit } from './rateLimit.ts';
export type { RateLimitConfig } from './rateLimit.ts';
export { expireAfter } from './expireAfter.ts';
export type { ExpireAfterConfig } from './expireAfter.ts';
export { mergeByPriority } from './mergeByPriority.ts';
export type { MergeByPriorityConfig, PrioritySources } from './mergeByPriority.ts';
export { aggregateByKey } from './aggregateByKey.ts';
export type { AggregateByKeyConfig, KeyedSummary } from './aggregateByKey.ts';
export { coalesceLatest } from './coalesceLatest.ts';
export type { CoalesceLatestConfig } from './coalesceLatest.ts';
export { OTHER_TYPES, statsWindow } from './statsWindow.ts';
export type { CountableEvent, StatsWindowConfig } from './statsWindow.ts';
export { chatActivity } from './chatActivity.ts';
export type { ChatActivity, ChatActivityConfig } from './chatActivity.ts';
export { onlinePlayers } from './onlinePlayers.ts';
export type { OnlinePlayersConfig, OnlinePlayersPoint } from './onlinePlayers.ts';
export { createDeadLetterSink } from './createDeadLetterSink.ts';
export type {
  DeadLetter,
  DeadLetterRecord,
  DeadLetterSink,
  DeadLetterSinkConfig,
  DeadLetterStats,
  DeadLetterTarget,
} from './createDeadLetterSink.ts';
export { mapOrDeadLetter } from './mapOrDeadLetter.ts';
export type { MapOrDeadLetterConfig } from './mapOrDeadLetter.ts';

/* Error types */
export { QueueOverflowError } from './QueueOverflowError.ts';
export type { QueueOverflowInfo } from './QueueOverflowError.ts';

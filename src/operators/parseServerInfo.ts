/**
 * @module `parseServerInfo`: `server info` output -> {@link ServerInfo} snapshots.
 */
import type { OperatorFunction } from 'rxjs';
import { lineParser, type LineReader, type ParserConfig } from '../pipeline/formats/lineParser.ts';
import type { ParseOutput, ServerInfo } from '../pipeline/snapshots.ts';
import type { SoapReply } from '../pipeline/sources/soap/types.ts';

/** Options for {@link parseServerInfo}. */
export type ParseServerInfoConfig = ParserConfig;

const reader: LineReader<ServerInfo> = {
  name: 'parseServerInfo',
  group: 'serverInfo',
  read(lines, formats, unknown) {
    const info: ServerInfo = {};
    let recognised = false;
    for (const line of lines) {
      const match = formats.match('serverInfo', line);
      if (!match) {
        unknown(line);
        continue;
      }
      recognised = true;
      const v = match.values as Record<string, number>;
      switch (match.id) {
        case 'serverInfo.version':
          info.version = line.trim();
          break;
        case 'serverInfo.players':
        case 'serverInfo.playersQueued':
          info.onlinePlayers = v.players;
          if (v.maxPlayers !== undefined) info.maxPlayers = v.maxPlayers;
          if (v.active !== undefined) info.activeConnections = v.active;
          // AzerothCore prints the queue only when someone waits in it.
          if (formats.flavor === 'azerothcore') info.queuedConnections = v.queued ?? 0;
          break;
        case 'serverInfo.connections':
          info.activeConnections = v.active;
          info.maxActiveConnections = v.maxActive;
          info.queuedConnections = v.queued;
          info.maxQueuedConnections = v.maxQueued;
          break;
        case 'serverInfo.peak':
          info.connectionPeak = v.peak;
          break;
        case 'serverInfo.uptime':
          info.uptimeSeconds = v.uptime;
          break;
        case 'serverInfo.updateDiff':
        case 'serverInfo.updateDiffSummary':
        case 'serverInfo.updateDiffAverage':
          info.updateDiffMs = v.diff;
          if (v.samples !== undefined) info.updateDiffSamples = v.samples;
          if (v.mean !== undefined) info.updateDiffMeanMs = v.mean;
          break;
        case 'serverInfo.mean':
          info.updateDiffMeanMs = v.mean;
          break;
        case 'serverInfo.median':
          info.updateDiffMedianMs = v.median;
          break;
        case 'serverInfo.percentiles':
          info.updateDiffP95Ms = v.p95;
          info.updateDiffP99Ms = v.p99;
          info.updateDiffMaxMs = v.max;
          break;
        case 'serverInfo.shutdown':
          info.shutdownInSeconds = v.timeLeft;
          break;
      }
    }
    return recognised ? info : undefined;
  },
};

/**
 * Parses `server info` output into a {@link ServerInfo} snapshot per reply.
 *
 * It's like `map(text => parse(text))`, but the formats are data (per flavour, overridable
 * per realm), an unrecognised line becomes a rate-limited `parse.error` value instead of
 * an exception, and a failed poll becomes a `poll.failed` value.
 *
 * Understands TrinityCore (`Online players`, `Active connections`, `Server uptime` in full
 * and short time formats, `Update time diff: N.`, the shutdown line) and AzerothCore
 * (`Connected players ... Characters in world ... [Queue]`, `Connection peak`, the old
 * `Update time diff: 2ms, average: 1ms.` line and the current four-line summary).
 *
 * ```text
 * replies: --a----e----b--|      a, b: server info text; e: error reply
 * result:  --A----F----B--|      A, B: { kind: 'snapshot' }; F: { kind: 'poll.failed' }
 * ```
 *
 * ## Example
 * ```ts
 * replies$.pipe(
 *   filter((reply) => reply.command === 'server info'),
 *   parseServerInfo({ realm: 'world-1', formats: compileFormats('trinitycore') }),
 * );
 * ```
 *
 * @see diffServerInfo
 * @param config Realm id, compiled formats, parse error rate limit.
 * @returns An operator from replies (or text) to parse outputs.
 */
export function parseServerInfo(
  config: ParseServerInfoConfig,
): OperatorFunction<SoapReply | string, ParseOutput<ServerInfo>> {
  return lineParser(reader, config);
}

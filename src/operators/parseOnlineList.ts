/**
 * @module `parseOnlineList`: `account onlinelist` output -> {@link OnlineList} snapshots.
 */
import type { OperatorFunction } from 'rxjs';
import { lineParser, type LineReader, type ParserConfig } from '../pipeline/formats/lineParser.ts';
import type { OnlineList, OnlinePlayer, ParseOutput } from '../pipeline/snapshots.ts';
import type { SoapReply } from '../pipeline/sources/soap/types.ts';

/** Options for {@link parseOnlineList}. */
export type ParseOnlineListConfig = ParserConfig;

const reader: LineReader<OnlineList> = {
  name: 'parseOnlineList',
  group: 'onlineList',
  read(lines, formats, unknown) {
    const players: OnlinePlayer[] = [];
    let recognised = false;
    let complete = true;
    for (const line of lines) {
      const match = formats.match('onlineList', line);
      if (!match) {
        unknown(line);
        complete = false;
        continue;
      }
      recognised = true;
      const v = match.values;
      if (match.id === 'onlineList.row') {
        players.push({
          account: v.account as string,
          character: v.character as string,
          ip: v.ip as string,
          map: v.map as number,
          zone: v.zone as number,
          expansion: v.expansion as number,
          gmLevel: v.gmLevel as number,
        });
      } else if (match.id === 'onlineList.errorRow') {
        players.push({
          account: '',
          character: v.character as string,
          ip: '',
          map: -1,
          zone: -1,
          expansion: -1,
          gmLevel: -1,
          incomplete: true,
        });
      }
    }
    return recognised ? { players, complete } : undefined;
  },
};

/**
 * Parses `account onlinelist` output into an {@link OnlineList} snapshot per reply.
 *
 * It's like `map(text => rows(text))`, but formats are data (TrinityCore's padded rows and
 * AzerothCore's unpadded ones, overridable per realm), `No online players.` is an empty
 * list, and a line that matches no format makes a rate-limited `parse.error` value and
 * marks the snapshot `complete: false` (so nobody is logged out because of it).
 *
 * Account and character names may contain spaces or odd characters; addresses may be
 * IPv6; AzerothCore's `<Error>` row (account row missing) gives an `incomplete` player.
 *
 * ```text
 * replies: --a----b----e--|      a: 2 rows; b: "No online players."; e: error reply
 * result:  --A----B----F--|      A: 2 players; B: []; F: { kind: 'poll.failed' }
 * ```
 *
 * ## Example
 * ```ts
 * replies$.pipe(
 *   filter((reply) => reply.command === 'account onlinelist'),
 *   parseOnlineList({ realm: 'world-1', formats: compileFormats('azerothcore') }),
 *   diffOnline({ realm: 'world-1' }),
 * );
 * ```
 *
 * @see diffOnline
 * @param config Realm id, compiled formats, parse error rate limit.
 * @returns An operator from replies (or text) to parse outputs.
 */
export function parseOnlineList(
  config: ParseOnlineListConfig,
): OperatorFunction<SoapReply | string, ParseOutput<OnlineList>> {
  return lineParser(reader, config);
}

/**
 * @module `parseGmList`: `gm list` / `gm ingame` output -> {@link GmList} snapshots.
 */
import type { OperatorFunction } from 'rxjs';
import { lineParser, type LineReader, type ParserConfig } from '../pipeline/formats/lineParser.ts';
import type { GmList, ParseOutput } from '../pipeline/snapshots.ts';
import type { SoapReply } from '../pipeline/sources/soap/types.ts';

/** Options for {@link parseGmList}. */
export type ParseGmListConfig = ParserConfig;

const reader: LineReader<GmList> = {
  name: 'parseGmList',
  group: 'gmList',
  read(lines, formats, unknown) {
    const list: GmList = { scope: 'accounts', gms: [] };
    let recognised = false;
    for (const line of lines) {
      const match = formats.match('gmList', line);
      if (!match) {
        unknown(line);
        continue;
      }
      recognised = true;
      const v = match.values;
      switch (match.id) {
        case 'gmList.ingameTitle':
        case 'gmList.ingameEmpty':
          list.scope = 'ingame';
          break;
        case 'gmList.row':
        case 'gmList.sessionRow':
          // AzerothCore's console row prints padding numbers instead of the level.
          list.gms.push(
            v.gmLevel === undefined
              ? { name: v.name as string }
              : { name: v.name as string, gmLevel: v.gmLevel as number },
          );
          break;
      }
    }
    return recognised ? list : undefined;
  },
};

/**
 * Parses `gm list` (accounts with a GM level) and `gm ingame` (GMs in the world) output
 * into a {@link GmList} snapshot per reply.
 *
 * It's like `map(text => rows(text))`, but formats are data, the empty answers
 * (`No gamemasters.`, `There are no GMs currently logged in on this server.`) are empty
 * lists, AzerothCore's quirky rows (`|5 ADMIN|   5  |`: padding numbers, no level) give
 * names without a level, and unrecognised lines are rate-limited `parse.error` values.
 *
 * ```text
 * replies: --a--|      a: "Current gamemasters:" + rows
 * result:  --A--|      { kind: 'snapshot', snapshot: { scope: 'accounts', gms: [...] } }
 * ```
 *
 * ## Example
 * ```ts
 * transport('gm list').pipe(parseGmList({ realm: 'world-1', formats }));
 * ```
 *
 * @param config Realm id, compiled formats, parse error rate limit.
 * @returns An operator from replies (or text) to parse outputs.
 */
export function parseGmList(
  config: ParseGmListConfig,
): OperatorFunction<SoapReply | string, ParseOutput<GmList>> {
  return lineParser(reader, config);
}

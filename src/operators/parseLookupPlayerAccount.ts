/**
 * @module `parseLookupPlayerAccount`: `lookup player account <name>` output ->
 * {@link AccountCharacters} snapshots.
 */
import type { OperatorFunction } from 'rxjs';
import { lineParser, type LineReader, type ParserConfig } from '../pipeline/formats/lineParser.ts';
import type { AccountCharacters, ParseOutput } from '../pipeline/snapshots.ts';
import type { SoapReply } from '../pipeline/sources/soap/types.ts';

/** Options for {@link parseLookupPlayerAccount}. */
export type ParseLookupPlayerAccountConfig = ParserConfig;

const reader: LineReader<AccountCharacters> = {
  name: 'parseLookupPlayerAccount',
  group: 'lookup',
  read(lines, formats, unknown) {
    let result: AccountCharacters | undefined;
    for (const line of lines) {
      const match = formats.match('lookup', line);
      if (!match || (!result && match.id !== 'lookup.title')) {
        unknown(line);
        continue;
      }
      const v = match.values;
      if (match.id === 'lookup.title') {
        result = { account: v.account as string, accountId: v.accountId as number, characters: [] };
      } else if (match.id === 'lookup.limit') {
        result!.limitReached = v.max as number;
      } else {
        const character: AccountCharacters['characters'][number] = {
          name: v.name as string,
          guid: v.guid as number,
          // `(online)` (TrinityCore) or `- [ONLINE]` (AzerothCore), or nothing.
          online: typeof v.online === 'string' && v.online !== '',
        };
        if (v.race !== undefined) character.race = v.race as string;
        if (v.class !== undefined) character.class = v.class as string;
        if (v.level !== undefined) character.level = v.level as number;
        result!.characters.push(character);
      }
    }
    return result;
  },
};

/**
 * Parses `lookup player account <name>` output into an {@link AccountCharacters} snapshot.
 *
 * It's like `map(text => rows(text))`, but formats are data: TrinityCore's
 * `  Thrall (GUID 2) (online)` rows and AzerothCore's detailed
 * `  Thrall (GUID 2) - Orc - Shaman - 80 - [ONLINE]` rows both work, the result-limit line
 * is kept, and unrecognised lines are rate-limited `parse.error` values. (`No players
 * found!` is a SOAP fault: it arrives as a `poll.failed` value.)
 *
 * ```text
 * replies: --a--|      a: "Characters at account ADMIN (Id: 1)" + rows
 * result:  --A--|      { kind: 'snapshot', snapshot: { account: 'ADMIN', characters: [...] } }
 * ```
 *
 * ## Example
 * ```ts
 * transport('lookup player account ADMIN').pipe(parseLookupPlayerAccount({ realm, formats }));
 * ```
 *
 * @param config Realm id, compiled formats, parse error rate limit.
 * @returns An operator from replies (or text) to parse outputs.
 */
export function parseLookupPlayerAccount(
  config: ParseLookupPlayerAccountConfig,
): OperatorFunction<SoapReply | string, ParseOutput<AccountCharacters>> {
  return lineParser(reader, config);
}

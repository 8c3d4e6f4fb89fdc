/**
 * @module `parseMotd`: `server motd` output -> {@link Motd} snapshots.
 */
import type { OperatorFunction } from 'rxjs';
import { lineParser, type LineReader, type ParserConfig } from '../pipeline/formats/lineParser.ts';
import type { Motd, ParseOutput } from '../pipeline/snapshots.ts';
import type { SoapReply } from '../pipeline/sources/soap/types.ts';

/** Options for {@link parseMotd}. */
export type ParseMotdConfig = ParserConfig;

const LOCALE = /^[a-z]{2}[A-Z]{2}$/;

const reader: LineReader<Motd> = {
  name: 'parseMotd',
  group: 'motd',
  read(lines, formats, unknown) {
    const [title, ...rest] = lines;
    if (formats.match('motd', title)?.id !== 'motd.title') {
      // Without its title line the text cannot be told from any other output.
      for (const line of lines) unknown(line);
      return undefined;
    }
    const text: string[] = [];
    const locales: Record<string, string> = {};
    let current: string | undefined;
    for (const line of rest) {
      const match = formats.match('motd', line);
      const locale = match?.id === 'motd.locale' ? match.values.locale as string : '';
      if (LOCALE.test(locale)) {
        current = locale;
        locales[locale] = match!.values.text as string;
      } else if (current) {
        // A MOTD with `@` (TrinityCore) or newlines spans lines: they continue the locale.
        locales[current] += `\n${line.trim()}`;
      } else {
        text.push(line.trim());
      }
    }
    const names = Object.keys(locales);
    if (names.length === 0) return { text: text.join('\n') };
    return { text: locales.enUS ?? locales[names[0]], locales };
  },
};

/**
 * Parses `server motd` output into a {@link Motd} snapshot per reply.
 *
 * It's like `map(text => text.split('\n').slice(1).join('\n'))`, but the title line is a
 * format (overridable per realm), a multi-line MOTD is kept whole, AzerothCore's one line
 * per locale (`enUS: Welcome ...`) gives `locales`, and output without the title is a
 * rate-limited `parse.error` value.
 *
 * ```text
 * replies: --a--|      a: "Current Message of the day: \r\nWelcome to a Trinity Core server.\r\n"
 * result:  --A--|      { kind: 'snapshot', snapshot: { text: 'Welcome to a Trinity Core server.' } }
 * ```
 *
 * ## Example
 * ```ts
 * transport('server motd').pipe(parseMotd({ realm: 'world-1', formats }));
 * ```
 *
 * @param config Realm id, compiled formats, parse error rate limit.
 * @returns An operator from replies (or text) to parse outputs.
 */
export function parseMotd(
  config: ParseMotdConfig,
): OperatorFunction<SoapReply | string, ParseOutput<Motd>> {
  return lineParser(reader, config);
}

/**
 * @module Player inspection behind `GET /api/realms/:id/players/:name`: validates the
 * name, runs `pinfo <name>` and returns the parsed player (both flavours). Viewers get the
 * character without the account's private details (login name, e-mail, IP). Creatures
 * cannot be inspected: no console command prints a creature's state.
 */
import { firstValueFrom } from 'rxjs';
import type { RealmConfig } from '../../pipeline/config.ts';
import { compileFormats } from '../../pipeline/formats/formatSet.ts';
import type { PlayerInfo } from '../../pipeline/snapshots.ts';
import { SoapFaultError } from '../../pipeline/sources/soap/errors.ts';
import type { SoapTransport } from '../../pipeline/sources/soap/types.ts';
import { parsePlayerInfo } from '../../operators/parsePlayerInfo.ts';
import { parseOnce } from './parseOnce.ts';

/** Character names: 2 to 12 letters (the client's rule; any script). */
export const CHARACTER_NAME = /^\p{L}{2,12}$/u;

/** Fields only admins see: they identify the account behind the character. */
const PRIVATE_FIELDS = [
  'account',
  'accountId',
  'accountFlags',
  'email',
  'registrationEmail',
  'lastIp',
  'locked',
  'failedLogins',
  'os',
] as const;

/** An inspected player. */
export interface InspectedPlayer extends Partial<PlayerInfo> {
  /** Money split as the game shows it (from `moneyCopper`). */
  money?: { gold: number; silver: number; copper: number };
}

/** The outcome of {@link inspectPlayer}. */
export type InspectOutcome =
  | { readonly kind: 'found'; readonly player: InspectedPlayer; readonly text: string }
  | { readonly kind: 'bad_name'; readonly message: string }
  | { readonly kind: 'not_found'; readonly message: string }
  | { readonly kind: 'unparsed'; readonly message: string; readonly text: string }
  | { readonly kind: 'failed'; readonly error: unknown };

/**
 * Inspects one character with `pinfo`.
 *
 * ## Example
 * ```ts
 * const outcome = await inspectPlayer({ realm, transport, name: 'Thrall', full: true });
 * if (outcome.kind === 'found') console.log(outcome.player.level, outcome.player.zone);
 * ```
 *
 * @param options Realm config, transport, name, and whether private fields are kept.
 * @returns What was found; never rejects.
 */
export async function inspectPlayer(options: {
  realm: RealmConfig;
  transport: SoapTransport;
  name: string;
  full: boolean;
}): Promise<InspectOutcome> {
  const { realm, name } = options;
  if (!CHARACTER_NAME.test(name)) {
    return { kind: 'bad_name', message: 'character names are 2 to 12 letters' };
  }
  let text: string;
  try {
    text = await firstValueFrom(options.transport(`pinfo ${name}`));
  } catch (error) {
    if (error instanceof SoapFaultError) {
      return { kind: 'not_found', message: error.output.trim() || `no character '${name}'` };
    }
    return { kind: 'failed', error };
  }
  const info = await parseOnce<PlayerInfo>(
    text,
    parsePlayerInfo({ realm: realm.id, formats: compileFormats(realm.flavor, realm.formats) }),
  ).catch(() => undefined);
  if (!info) {
    return {
      kind: 'unparsed',
      message: `the pinfo output was not recognised as ${realm.flavor}`,
      text,
    };
  }
  const player: InspectedPlayer = { ...info };
  if (!options.full) { for (const field of PRIVATE_FIELDS) delete player[field]; }
  if (info.moneyCopper !== undefined) {
    player.money = {
      gold: Math.floor(info.moneyCopper / 10_000),
      silver: Math.floor(info.moneyCopper / 100) % 100,
      copper: info.moneyCopper % 100,
    };
  }
  return { kind: 'found', player, text: options.full ? text : '' };
}

/**
 * @module `server debug`: library versions, database and data-directory status, in the order
 * and wording of each core. The values are invented but shaped like real ones; the quirks are
 * kept: TrinityCore 3.3.5 prints `Worldserver listening connections on port {}` literally
 * (an fmt string passed to `fmt::sprintf`), AzerothCore first repeats `server info` and has a
 * line with an embedded LF.
 */
import { serverInfo } from './serverInfo.ts';
import type { CommandContext } from './tree.ts';

const WORLD_PORT = 8085;
const DATA_DIRS = ['maps', 'vmaps', 'mmaps'] as const;
const DATA_ROOT = '/srv/worldserver/data';

/**
 * `server debug`.
 *
 * @param context World and output.
 * @returns Always true.
 */
export function serverDebug(context: CommandContext): boolean {
  const { world, out } = context;
  if (out.flavor === 'tc') {
    out.format('%s', world.version);
    out.format(
      'Using SSL version: %s (library: %s)',
      'OpenSSL 3.0.15 3 Sep 2024',
      'OpenSSL 3.0.15 3 Sep 2024',
    );
    out.format('Using Boost version: %i.%i.%i', 1, 83, 0);
    out.format('Using MySQL version: %u', 80040);
    out.format('Using CMake version: %s', '3.25.1');
    out.format('Compiled on: %s', 'Linux 6.1.0-28-amd64');
    out.format(
      'Automatic database updates are enabled for the following databases: %s',
      'Auth, Characters, World',
    );
    out.format('Worldserver listening connections on port {}', WORLD_PORT);
    out.format('%s', `Realmlist (Realm Id: 1) configured in port ${WORLD_PORT}`);
    out.format(
      'VMAPs status: Enabled. LineOfSight: %i, getHeight: %i, indoorCheck: %i',
      true,
      true,
      true,
    );
    out.format('MMAPs status: Enabled');
    for (const dir of DATA_DIRS) {
      out.format(
        '%s directory located in %s. Total size: %u bytes',
        dir,
        `${DATA_ROOT}/${dir}`,
        1_048_576,
      );
    }
    out.format('Using %s DBC Locale as default. All available DBC locales: %s', 'enUS', 'enUS');
    out.format('Using World DB: %s', 'TDB 335.24111');
    out.format('LoginDatabase queue size: %u', 0);
    out.format('CharacterDatabase queue size: %u', 0);
    out.format('WorldDatabase queue size: %u', 0);
    return true;
  }
  serverInfo(context);
  out.format(
    'Using SSL version: {} (library: {})',
    'OpenSSL 3.0.13 30 Jan 2024',
    'OpenSSL 3.0.13 30 Jan 2024',
  );
  out.format('Using Boost version: {}.{}.{}', 1, 83, 0);
  out.format('Using CMake version: {}', '3.28.3');
  out.format('Using MySQL version: {}', '8.0.39');
  out.format('Found MySQL Executable: {}', '/usr/bin/mysql');
  out.format('Compiled on: {}', 'Linux 6.8.0-45-generic');
  out.format('Worldserver listening connections on port {}', WORLD_PORT);
  out.format('{}', `Realmlist (Realm Id: 1) configured in port ${WORLD_PORT}`);
  out.format(
    'VMAPs status: Enabled. LineOfSight: {}, getHeight: {}, indoorCheck: {}',
    true,
    true,
    true,
  );
  out.format('MMAPs status: Enabled');
  for (const dir of DATA_DIRS) {
    out.format(
      '{} directory located in {}. Total size: {} bytes',
      dir,
      `${DATA_ROOT}/${dir}`,
      1_048_576,
    );
  }
  out.format('Default DBC locale: {}.\nAll available DBC locales: {}', 'enUS', 'enUS');
  out.format('Using World DB: {}', 'ACDB 335.13-dev');
  out.format('Latest LoginDatabase update: {}', '2025_07_01_00.sql');
  out.format('Latest CharacterDatabase update: {}', '2025_07_11_00.sql');
  out.format('Latest WorldDatabase update: {}', '2025_07_27_01.sql');
  out.format('LoginDatabase queue size: {}', 0);
  out.format('CharacterDatabase queue size: {}', 0);
  out.format('WorldDatabase queue size: {}', 0);
  out.format('No modules are enabled');
  return true;
}

/**
 * @module `server info` and `server motd` in both flavours: TrinityCore's five lines ending in
 * `Update time diff: N.`, AzerothCore's connection peak and four-line diff summary, the
 * pending-shutdown line, and the two MOTD shapes (TC's embedded CR LF, AC's nine locales).
 */
import { acTimeString, tcTimeString } from '../timeString.ts';
import { AC_LOCALES, AC_ONLY } from './strings.ts';
import type { CommandContext } from './tree.ts';

/**
 * `server info`.
 *
 * @param context World and output.
 * @returns Always true.
 */
export function serverInfo({ world, out }: CommandContext): boolean {
  out.say('FULL_VERSION', world.version);
  const players = world.online().length;
  const left = world.shutdownSecondsLeft();
  if (out.flavor === 'tc') {
    out.say('CONNECTED_PLAYERS', players, world.maxPlayers);
    out.say('CONNECTED_USERS', world.activeSessions(), world.maxSessions, 0, 0);
    out.say('UPTIME', tcTimeString(world.uptimeSeconds()));
    out.say('UPDATE_DIFF', world.updateTime.last);
    if (left !== undefined) out.say('SHUTDOWN_TIMELEFT', tcTimeString(left));
    return true;
  }
  out.say('CONNECTED_PLAYERS', world.activeSessions(), players);
  out.format(AC_ONLY.CONNECTION_PEAK, world.maxSessions);
  out.say('UPTIME', acTimeString(world.uptimeSeconds()));
  const stats = world.updateTime;
  out.say('UPDATE_DIFF', stats.last, stats.size);
  out.format(AC_ONLY.DIFF_MEAN, stats.mean());
  out.format(AC_ONLY.DIFF_MEDIAN, stats.percentile(50));
  out.format(
    AC_ONLY.DIFF_PERCENTILES,
    stats.percentile(95),
    stats.percentile(99),
    stats.percentile(100),
  );
  if (left !== undefined) out.say('SHUTDOWN_TIMELEFT', acTimeString(left) + '.');
  return true;
}

/**
 * `server motd`.
 *
 * @param context World and output.
 * @returns Always true.
 */
export function serverMotd({ world, out }: CommandContext): boolean {
  if (out.flavor === 'tc') {
    // Motd::GetMotd() turns every '@' of the configured text into a line feed.
    out.say('MOTD_CURRENT', world.motd.replaceAll('@', '\n'));
    return true;
  }
  out.say('MOTD_CURRENT');
  for (const locale of AC_LOCALES) out.format(AC_ONLY.MOTD_LOCALE_LINE, locale, world.motd);
  return true;
}

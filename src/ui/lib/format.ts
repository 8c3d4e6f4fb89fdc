/** @module Formatting for the dashboard: times, durations, one-line event summaries. */
import type { RealmEvent } from '../../pipeline/events.ts';

/**
 * A clock time, `HH:MM:SS.mmm` in local time.
 *
 * @param ms Ms since the Unix epoch.
 * @returns The text.
 */
export function formatClock(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${
    pad(date.getMilliseconds(), 3)
  }`;
}

/**
 * A duration in words: `45s`, `12m 5s`, `3h 4m`, `2d 5h`.
 *
 * @param seconds Seconds.
 * @returns The text.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '-';
  const s = Math.floor(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}

/**
 * How long ago, in words.
 *
 * @param ms The moment, ms since the Unix epoch.
 * @param now Now, ms since the Unix epoch.
 * @returns The text (`never` without a moment).
 */
export function formatAgo(ms: number | undefined, now: number): string {
  if (ms === undefined) return 'never';
  return `${formatDuration(Math.max(0, (now - ms) / 1000))} ago`;
}

/**
 * One line about an event, for the list.
 *
 * @param event The event.
 * @returns The summary.
 */
export function summarize(event: RealmEvent): string {
  const data = event.data as Record<string, unknown>;
  switch (event.type) {
    case 'player.login':
    case 'player.logout':
      return `${data.character}${data.level ? ` (level ${data.level})` : ''}`;
    case 'player.zone':
      return `${data.character}: zone ${data.from ?? '?'} -> ${data.to ?? '?'}`;
    case 'player.level':
      return `${data.character}: level ${data.from ?? '?'} -> ${data.to}`;
    case 'realm.roster':
      return `${data.count} online (${data.reason})`;
    case 'server.info':
      return `${data.onlinePlayers ?? '?'} online, diff ${data.updateDiffMs ?? '?'} ms`;
    case 'server.down':
      return `${data.reason}: ${data.message}`;
    case 'chat.message':
      return `[${data.channel}] ${data.character}: ${data.text}`;
    case 'gm.command':
      return `${data.character}: .${data.command}`;
    case 'stats.window':
      return `${data.total} events in ${data.windowMs} ms`;
    case 'debug.command':
      return `${data.actor ?? ''} ${data.command ?? ''}`.trim();
    case 'alert.raised':
      return `${data.severity}: ${data.message} (${data.name})`;
    default: {
      const text = JSON.stringify(data);
      return text === '{}' ? '' : text.slice(0, 160);
    }
  }
}

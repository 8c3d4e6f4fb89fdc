/**
 * @module The two cores' `secsToTimeString`: TrinityCore's (`FullText` with `Day`/`Hours`/
 * `Seconds.` words, `ShortText` with `hoursOnly`) and AzerothCore's (`day(s)`/`hour(s)`,
 * trailing space removed). Uptime, shutdown countdown and played time use them.
 */

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;

function split(totalSeconds: number) {
  const total = Math.max(0, Math.floor(totalSeconds));
  return {
    days: Math.floor(total / DAY),
    hours: Math.floor((total % DAY) / HOUR),
    minutes: Math.floor((total % HOUR) / MINUTE),
    secs: total % MINUTE,
  };
}

/**
 * TrinityCore 3.3.5 `secsToTimeString` (Util.cpp): 8047 s gives `2 Hours 14 Minutes 7 Seconds.`,
 * 90000 s gives `1 Day 1 Hour ` (with its trailing space); `short` gives `1d2h3m4s`.
 *
 * @param seconds Duration in seconds.
 * @param format `full` (FullText, the default) or `short` (ShortText).
 * @param hoursOnly Drop minutes and seconds, always print hours (`0h`).
 * @returns The text.
 */
export function tcTimeString(
  seconds: number,
  format: 'full' | 'short' = 'full',
  hoursOnly = false,
): string {
  const { days, hours, minutes, secs } = split(seconds);
  const full = format === 'full';
  let text = '';
  if (days) text += days + (full ? (days === 1 ? ' Day ' : ' Days ') : 'd');
  if (hours || hoursOnly) text += hours + (full ? (hours <= 1 ? ' Hour ' : ' Hours ') : 'h');
  if (!hoursOnly) {
    if (minutes) text += minutes + (full ? (minutes === 1 ? ' Minute ' : ' Minutes ') : 'm');
    if (secs || (!days && !hours && !minutes)) {
      text += secs + (full ? (secs <= 1 ? ' Second.' : ' Seconds.') : 's');
    }
  }
  return text;
}

/**
 * AzerothCore `secsToTimeString` (Util.cpp): 8047 s gives `2 hour(s) 14 minute(s) 7 second(s)`;
 * `short` gives `1d2h3m4s`.
 *
 * @param seconds Duration in seconds.
 * @param short Short form without spaces.
 * @returns The text.
 */
export function acTimeString(seconds: number, short = false): string {
  const { days, hours, minutes, secs } = split(seconds);
  let text = '';
  if (days) text += days + (short ? 'd' : ' day(s) ');
  if (hours) text += hours + (short ? 'h' : ' hour(s) ');
  if (minutes) text += minutes + (short ? 'm' : ' minute(s) ');
  if (secs || (!days && !hours && !minutes)) text += secs + (short ? 's' : ' second(s) ');
  return !short && text.endsWith(' ') ? text.slice(0, -1) : text;
}

/**
 * Parses a console delay: plain seconds (`90`) or a time string (`1h30m`, `2d`), as
 * `TimeStringToSecs` accepts them. Returns undefined for anything else.
 *
 * @param text The argument.
 * @returns Seconds, or undefined when malformed.
 */
export function parseDelay(text: string): number | undefined {
  if (/^-?\d+$/.test(text)) return Number(text);
  const match = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/i.exec(text);
  if (!match || text === '') return undefined;
  const [, d = '0', h = '0', m = '0', s = '0'] = match;
  return Number(d) * DAY + Number(h) * HOUR + Number(m) * MINUTE + Number(s);
}

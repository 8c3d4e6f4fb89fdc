/** @module Durations as people type them (`90s`, `5m`, `1h30m`, `1500ms`, or plain ms). */

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses a duration: plain digits are milliseconds; otherwise one or more `<number><unit>`
 * parts with units `ms`, `s`, `m`, `h` (`1m30s`, `2.5s`).
 *
 * @param text What the user typed.
 * @returns Milliseconds.
 * @throws RangeError naming the text when it is not a duration.
 */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (const match of trimmed.matchAll(part)) {
    total += Number(match[1]) * UNITS[match[2]];
    consumed = (match.index ?? 0) + match[0].length;
  }
  if (trimmed === '' || consumed !== trimmed.length || !Number.isFinite(total)) {
    throw new RangeError(`'${text}' is not a duration (examples: 1500, 90s, 5m, 1h30m)`);
  }
  return total;
}

/**
 * Formats milliseconds for people: `1h 02m 03s`, `4m 05s`, `12.3s`, `250ms`.
 *
 * @param ms Milliseconds.
 * @returns The text.
 */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.floor(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}h ${String(m).padStart(2, '0')}m ${s}s` : `${m}m ${s}s`;
}

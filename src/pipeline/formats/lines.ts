/** @module Splitting command output into lines, and bounding the raw text kept in errors. */
import { utf8Length } from '../utf8.ts';

/** Largest `raw` text a `parse.error` event carries, in UTF-8 bytes. */
export const MAX_RAW_BYTES = 2048;

/**
 * Splits console output into its non-blank lines. The worldserver ends every message with
 * CR LF, MOTD texts carry bare LF and AzerothCore's MOTD-changed string a bare CR, so all
 * three count as line breaks.
 *
 * @param text Command output.
 * @returns The lines that contain something other than whitespace, untrimmed.
 */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '');
}

/**
 * Truncates text to {@link MAX_RAW_BYTES} UTF-8 bytes (marked with `…`).
 *
 * @param text Any text.
 * @returns The text, or its longest prefix that fits plus `…`.
 */
export function truncateRaw(text: string): string {
  if (utf8Length(text) <= MAX_RAW_BYTES) return text;
  // Each UTF-16 unit is at most 3 bytes, so this prefix always fits; grow it while it does.
  let end = Math.floor((MAX_RAW_BYTES - 3) / 3);
  while (end < text.length && utf8Length(text.slice(0, end + 64)) <= MAX_RAW_BYTES - 3) end += 64;
  while (end < text.length && utf8Length(text.slice(0, end + 1)) <= MAX_RAW_BYTES - 3) end++;
  // Never cut a surrogate pair in half.
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

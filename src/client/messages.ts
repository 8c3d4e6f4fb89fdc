/**
 * @module Reading server frames: JSON objects with a string `op`. Anything else is a bad frame
 * (counted, never thrown); unknown `op`s are returned as they are, for the caller to ignore
 * (docs/protocol.md §1: new server messages are not a breaking change).
 */
import type { ServerMessage } from '../server/protocol.ts';

/** A parsed frame: a known message, or an object whose `op` this client does not know. */
export type ParsedFrame =
  | { ok: true; message: ServerMessage | { op: string } }
  | { ok: false; error: string };

/**
 * Parses one WebSocket frame.
 *
 * @param data The frame (`string` in browsers and Deno; a `Buffer`/`ArrayBuffer` may come from
 *   other implementations).
 * @returns The message, or why it is not one.
 */
export function parseServerFrame(data: unknown): ParsedFrame {
  if (typeof data !== 'string') {
    if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
      return { ok: false, error: 'binary frame' };
    }
    data = String(data);
  }
  let value: unknown;
  try {
    value = JSON.parse(data as string);
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, error: 'not an object' };
  }
  if (typeof (value as { op?: unknown }).op !== 'string') {
    return { ok: false, error: 'no op' };
  }
  return { ok: true, message: value as ServerMessage };
}

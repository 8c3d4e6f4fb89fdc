/**
 * @module The Origin check on WebSocket upgrades (cross-site WebSocket hijacking): exact
 * matches from `server.allowedOrigins`, same-origin pages, and clients that send no Origin
 * (bots, CLIs: browsers always send one).
 */

/**
 * Whether an upgrade from `origin` may proceed.
 *
 * @param origin The `Origin` header, if any.
 * @param requestUrl The request URL (its scheme and host make "same origin").
 * @param allowed Exactly matching origins, e.g. `https://ops.example.org`.
 * @returns True when allowed.
 */
export function originAllowed(
  origin: string | undefined | null,
  requestUrl: string,
  allowed: readonly string[],
): boolean {
  if (origin === undefined || origin === null || origin === '') return true;
  if (allowed.includes(origin)) return true;
  if (origin === 'null') return false;
  try {
    return new URL(origin).origin === new URL(requestUrl).origin;
  } catch {
    return false;
  }
}

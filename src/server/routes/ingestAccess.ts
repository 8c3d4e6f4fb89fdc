/**
 * @module Who may write metrics: a token (`Authorization: Token|Bearer <t>`, or HTTP Basic
 * with the token as password, as InfluxDB 1.x clients send it), or, for v1 writes only,
 * no credentials from an allowed address (the worldserver's Metric sink sends none).
 */
import { bearerFromHeader, type Principal, type TokenVerifier } from '../auth.ts';

/** The decision for one write. */
export type IngestAccess =
  | { readonly ok: true; readonly principal?: Principal }
  | { readonly ok: false; readonly status: 401 | 403; readonly message: string };

/** Query parameters that carry credentials (InfluxDB 1.x `u`/`p`, or a token). */
const CREDENTIAL_PARAMS = ['u', 'p', 'token', 'access_token', 'bearer'];

/**
 * Reads the token of an ingest request's `Authorization` header.
 *
 * @param header The header value.
 * @returns The presented token, or undefined when there is none (or it is malformed).
 */
export function ingestToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const token = /^Token[ ]+(\S+)\s*$/i.exec(header);
  if (token) return token[1];
  const basic = /^Basic[ ]+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (basic) {
    try {
      const decoded = atob(basic[1]);
      const colon = decoded.indexOf(':');
      return colon >= 0 ? decoded.slice(colon + 1) || undefined : undefined;
    } catch {
      return undefined;
    }
  }
  return bearerFromHeader(header);
}

/**
 * Decides whether a write may proceed.
 *
 * @param request What is known about the request.
 * @param request.api `v1` (`/write`) or `v2` (`/api/v2/write`).
 * @param request.authorization The `Authorization` header.
 * @param request.query The query parameters.
 * @param request.remoteAddress The peer's address, when the runtime knows it.
 * @param tokens The configured tokens.
 * @param allowUnauthenticatedFrom `ingest.allowUnauthenticatedFrom`.
 * @returns Allowed (with the principal when a token was used) or refused with a status.
 */
export function checkIngestAccess(
  request: {
    api: 'v1' | 'v2';
    authorization?: string;
    query: URLSearchParams;
    remoteAddress?: string;
  },
  tokens: TokenVerifier,
  allowUnauthenticatedFrom: readonly string[],
): IngestAccess {
  if (CREDENTIAL_PARAMS.some((name) => request.query.has(name))) {
    return {
      ok: false,
      status: 401,
      message: 'credentials in the query string are refused: use the Authorization header',
    };
  }
  if (request.authorization) {
    const principal = tokens.verify(ingestToken(request.authorization));
    if (!principal) return { ok: false, status: 401, message: 'unauthorized access' };
    if (principal.role !== 'admin') {
      return { ok: false, status: 403, message: 'this token may not write (admin role needed)' };
    }
    return { ok: true, principal };
  }
  if (
    request.api === 'v1' && request.remoteAddress !== undefined &&
    addressAllowed(request.remoteAddress, allowUnauthenticatedFrom)
  ) {
    return { ok: true };
  }
  return {
    ok: false,
    status: 401,
    message: request.api === 'v1'
      ? 'unauthorized access: send "Authorization: Token <token>" (unauthenticated writes are accepted only from ingest.allowUnauthenticatedFrom)'
      : 'unauthorized access: send "Authorization: Token <token>"',
  };
}

/**
 * Whether an address matches an allow list of exact addresses and IPv4 CIDR ranges
 * (`10.0.0.0/8`). IPv4-mapped IPv6 addresses (`::ffff:127.0.0.1`) count as IPv4.
 *
 * @param address The peer address.
 * @param allowed The list.
 * @returns True when one entry matches.
 */
export function addressAllowed(address: string, allowed: readonly string[]): boolean {
  const peer = normalise(address);
  const peerV4 = ipv4(peer);
  for (const entry of allowed) {
    const [range, bitsText] = entry.split('/');
    if (bitsText === undefined) {
      if (normalise(range) === peer) return true;
      continue;
    }
    const base = ipv4(normalise(range));
    const bits = Number(bitsText);
    if (base === undefined || peerV4 === undefined || !Number.isInteger(bits)) continue;
    if (bits < 0 || bits > 32) continue;
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    if (((peerV4 & mask) >>> 0) === ((base & mask) >>> 0)) return true;
  }
  return false;
}

function normalise(address: string): string {
  const lower = address.trim().toLowerCase().replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  return mapped ? mapped[1] : lower;
}

function ipv4(address: string): number | undefined {
  const parts = address.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

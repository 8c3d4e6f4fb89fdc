/**
 * @module The Metric-push endpoints: InfluxDB v1 `POST /write?db=NAME` (what the
 * TrinityCore/AzerothCore Metric sink calls) and v2 `POST /api/v2/write?org=&bucket=`,
 * plus `GET|HEAD /ping`. Answers like InfluxDB: 204 when every line was accepted (so the
 * worldserver's sink stays enabled), 400 with `{"code":"invalid","message":...}` when a
 * line is malformed (the valid lines of the same body are still accepted: InfluxDB's
 * partial write), 401/403 for credentials, 404 for an unknown database, 413 above
 * `ingest.maxBodyBytes`, 415 for an unsupported `Content-Encoding`.
 */
import { type Context, Hono } from 'hono';
import type { Config } from '../../pipeline/config.ts';
import { parsePrecision } from '../../pipeline/sources/lineProtocol.ts';
import type { MetricsIngest } from '../../pipeline/sources/metricsIngest.ts';
import { type Logger, silentLogger } from '../../logger.ts';
import type { TokenVerifier } from '../auth.ts';
import type { RuntimeAdapter } from '../runtime.ts';
import { checkIngestAccess } from './ingestAccess.ts';
import { createIngestForwarder, type IngestForwarder } from './ingestForward.ts';

/** What {@link createIngestRoutes} needs. */
export interface IngestRouteDeps {
  /** The Metric-push source the lines go to. */
  ingest: MetricsIngest;
  /** The configuration (`ingest` section). */
  config: Config;
  /** The runtime's peer address (for unauthenticated v1 writes). */
  adapter: Pick<RuntimeAdapter, 'remoteAddress'>;
  /** The configured tokens. */
  tokens: TokenVerifier;
  /** Forwarder to a real InfluxDB; default: one for `ingest.forwardUrl` when set. */
  forwarder?: IngestForwarder;
  /** Where to log (never tokens). */
  logger?: Logger;
}

type InfluxError = { code: string; message: string };
const error = (c: Context, status: 400 | 401 | 403 | 404 | 413 | 415, body: InfluxError) =>
  c.json(body, status);

/**
 * Builds the ingest routes; mount them with `app.route('/', createIngestRoutes(deps))`
 * before any middleware that would claim `/api/*`.
 *
 * ## Example
 * ```ts
 * app.route('/', createIngestRoutes({ ingest, config, adapter, tokens }));
 * // worldserver.conf: Metric.ConnectionInfo = "127.0.0.1;8787;world-1"
 * ```
 *
 * @param deps Ingest, config, runtime adapter, tokens, forwarder, logger.
 * @returns A Hono app with the routes.
 */
export function createIngestRoutes(deps: IngestRouteDeps): Hono {
  const { ingest, config, adapter, tokens } = deps;
  const logger = deps.logger ?? silentLogger;
  const { maxBodyBytes, allowUnauthenticatedFrom, forwardUrl } = config.ingest;
  const forwarder = deps.forwarder ??
    (forwardUrl ? createIngestForwarder({ url: forwardUrl, logger }) : undefined);
  const app = new Hono();

  const write = async (c: Context, api: 'v1' | 'v2') => {
    const url = new URL(c.req.url);
    const query = url.searchParams;
    const access = checkIngestAccess(
      {
        api,
        authorization: c.req.header('authorization'),
        query,
        remoteAddress: adapter.remoteAddress(c),
      },
      tokens,
      allowUnauthenticatedFrom,
    );
    if (!access.ok) {
      const code = access.status === 401 ? 'unauthorized' : 'forbidden';
      return error(c, access.status, { code, message: access.message });
    }
    const nameParam = api === 'v1' ? 'db' : 'bucket';
    const name = query.get(nameParam);
    if (!name) return error(c, 400, { code: 'invalid', message: `${nameParam} is required` });
    const realm = ingest.realmFor(name);
    if (realm === undefined) {
      const what = api === 'v1' ? 'database' : 'bucket';
      return error(c, 404, { code: 'not found', message: `${what} not found: "${name}"` });
    }
    if (access.principal?.realms && !access.principal.realms.includes(realm)) {
      return error(c, 403, {
        code: 'forbidden',
        message: 'this token may not write to this realm',
      });
    }
    const precision = parsePrecision(query.get('precision') ?? undefined, api);
    if (!precision) {
      return error(c, 400, {
        code: 'invalid',
        message: `invalid precision "${query.get('precision')}"`,
      });
    }
    const encoding = (c.req.header('content-encoding') ?? 'identity').trim().toLowerCase();
    if (encoding !== 'identity' && encoding !== 'gzip') {
      return error(c, 415, {
        code: 'unsupported media type',
        message: `Content-Encoding "${encoding}" is not supported (use gzip or none)`,
      });
    }
    const body = await readBody(c.req.raw, maxBodyBytes, encoding === 'gzip');
    if (!body.ok) return error(c, body.status, { code: body.code, message: body.message });

    const result = ingest.write(realm, body.text, precision);
    if (forwarder && result.accepted > 0) {
      forwarder.forward(
        url.pathname + url.search,
        body.raw,
        encoding === 'gzip' ? 'gzip' : undefined,
      );
    }
    if (result.errors.length === 0) return c.body(null, 204);
    const first = result.errors[0];
    const unable = `unable to parse '${first.text}': ${first.message} (line ${first.line})`;
    logger.debug('metric lines rejected', { realm, rejected: result.errors.length });
    return error(c, 400, {
      code: 'invalid',
      message: result.accepted > 0
        ? `partial write: ${unable}; dropped=${result.errors.length} accepted=${result.accepted}`
        : `${unable}; dropped=${result.errors.length}`,
    });
  };

  app.post('/write', (c) => write(c, 'v1'));
  app.post('/api/v2/write', (c) => write(c, 'v2'));
  // InfluxDB clients ping before writing.
  app.on(['GET', 'HEAD'], '/ping', (c) => c.body(null, 204));
  return app;
}

type BodyResult =
  | { ok: true; raw: Uint8Array; text: string }
  | { ok: false; status: 400 | 413; code: string; message: string };

/** Reads at most `maxBytes` (before and after gzip) and decodes strict UTF-8. */
async function readBody(request: Request, maxBytes: number, gzip: boolean): Promise<BodyResult> {
  const tooLarge: BodyResult = {
    ok: false,
    status: 413,
    code: 'request too large',
    message: `body exceeds ${maxBytes} bytes (ingest.maxBodyBytes)`,
  };
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await request.body?.cancel().catch(() => undefined);
    return tooLarge;
  }
  const raw = await readCapped(request.body, maxBytes);
  if (raw === undefined) return tooLarge;
  let bytes = raw;
  if (gzip) {
    try {
      const decompressed = await readCapped(
        new Blob([raw as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
          new DecompressionStream('gzip'),
        ),
        maxBytes,
      );
      if (decompressed === undefined) return tooLarge;
      bytes = decompressed;
    } catch {
      return { ok: false, status: 400, code: 'invalid', message: 'body is not valid gzip' };
    }
  }
  try {
    return { ok: true, raw, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, status: 400, code: 'invalid', message: 'body is not valid UTF-8' };
  }
}

/** Concatenates a stream, or returns undefined (and cancels it) past `maxBytes`. */
async function readCapped(
  stream: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<Uint8Array | undefined> {
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

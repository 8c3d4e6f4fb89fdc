/**
 * @module The recordings API (behind the `/api` bearer check): list, inspect and read
 * recordings (viewer), start and stop recorders, slice and merge (admin), and the player
 * that plays a recording into the hub (admin). Every id in a path or body is validated and
 * resolved inside the recordings directory; bodies are small, depth-limited, strict JSON.
 *
 * ```text
 * GET  /api/recordings                 list + running recorders
 * POST /api/recordings                 start {name?, id?, description?, tags?}
 * POST /api/recordings/merge           {ids, name?, id?, gzip?}
 * GET  /api/recordings/:id             header, summary (or stats from reading), report
 * GET  /api/recordings/:id/events      ?from&to&types&limit&offset -> entries
 * POST /api/recordings/:id/stop        stop a running recorder
 * POST /api/recordings/:id/slice       {from?, to?, types?, name?, id?, gzip?}
 * POST /api/recordings/:id/play        {speed?, loop?, skipIdleMs?, types?}
 * GET  /api/player                     player state
 * POST /api/player                     {action: pause|resume|seek|speed|loop|stop, ...}
 * ```
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import * as v from 'valibot';
import {
  createRecordingController,
  RecordingConflictError,
  type RecordingController,
} from '../../pipeline/recording/controller.ts';
import { RecordingFormatError } from '../../pipeline/recording/format.ts';
import {
  RecordingIdError,
  RecordingNotFoundError,
  resolveRecording,
  validateRecordingId,
} from '../../pipeline/recording/ids.ts';
import {
  listRecordings,
  mergeRecordings,
  recordingStats,
  resolveRecordings,
  sliceRecording,
} from '../../pipeline/recording/library.ts';
import { openRecording } from '../../pipeline/recording/reader.ts';
import { RecordingTooLargeError } from '../../pipeline/recording/recording.ts';
import { readSummary } from '../../pipeline/recording/summary.ts';
import { typeMatcher } from '../../pipeline/recording/typeFilter.ts';
import { maySeeRealm } from '../auth.ts';
import type { AuthEnv } from '../httpAuth.ts';
import { parseClientJson } from '../safeJson.ts';
import type { GatewayServices } from '../services.ts';
import { compileTypePatterns } from '../typePatterns.ts';

/** Largest request body accepted. */
export const MAX_BODY_BYTES = 16 * 1024;
/** Largest `limit` of `/events`. */
export const MAX_ENTRIES_LIMIT = 1000;

const id = v.pipe(v.string(), v.maxLength(200));
const name = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
const types = v.pipe(v.array(v.pipe(v.string(), v.maxLength(128))), v.maxLength(64));
const time = v.pipe(v.number(), v.finite(), v.minValue(0));

const startSchema = v.strictObject({
  name: v.optional(name),
  id: v.optional(id),
  description: v.optional(v.pipe(v.string(), v.maxLength(2000))),
  tags: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(64))), v.maxLength(32))),
});
const sliceSchema = v.strictObject({
  from: v.optional(time),
  to: v.optional(time),
  types: v.optional(types),
  name: v.optional(name),
  id: v.optional(id),
  gzip: v.optional(v.boolean()),
});
const mergeSchema = v.strictObject({
  ids: v.pipe(v.array(id), v.minLength(2), v.maxLength(16)),
  name: v.optional(name),
  id: v.optional(id),
  gzip: v.optional(v.boolean()),
});
const playSchema = v.strictObject({
  speed: v.optional(v.number()),
  loop: v.optional(v.boolean()),
  skipIdleMs: v.optional(v.pipe(v.number(), v.minValue(0))),
  types: v.optional(types),
});
const controlSchema = v.variant('action', [
  v.strictObject({ action: v.literal('pause') }),
  v.strictObject({ action: v.literal('resume') }),
  v.strictObject({
    action: v.literal('seek'),
    to: v.union([time, v.strictObject({ marker: v.pipe(v.number(), v.integer()) })]),
  }),
  v.strictObject({ action: v.literal('speed'), speed: v.number() }),
  v.strictObject({ action: v.literal('loop'), loop: v.boolean() }),
  v.strictObject({ action: v.literal('stop') }),
]);

const fail = (status: 400 | 403 | 404 | 409 | 413 | 422, cause: string, message: string) =>
  new HTTPException(status, { message, cause });

/**
 * Maps recording errors to HTTP errors (anything else is rethrown as is).
 *
 * @param error What a recording operation threw.
 * @returns Never.
 */
export function toHttpError(error: unknown): never {
  if (error instanceof HTTPException) throw error;
  if (error instanceof RecordingIdError) throw fail(400, 'bad_id', error.message);
  if (error instanceof RecordingNotFoundError) throw fail(404, 'not_found', error.message);
  if (error instanceof RecordingFormatError) throw fail(422, 'bad_recording', error.message);
  if (error instanceof RecordingTooLargeError) throw fail(413, 'too_large', error.message);
  if (error instanceof RecordingConflictError) throw fail(409, 'conflict', error.message);
  if (error instanceof RangeError) throw fail(400, 'bad_request', error.message);
  if ((error as { code?: string }).code === 'EEXIST') {
    throw fail(409, 'exists', 'a recording with that id already exists');
  }
  throw error;
}

async function body<T extends v.GenericSchema>(c: Context, schema: T): Promise<v.InferOutput<T>> {
  const text = await c.req.text();
  const parsed = parseClientJson(text.trim() === '' ? '{}' : text, 8);
  if (!parsed.ok) throw fail(400, parsed.code, parsed.message);
  const result = v.safeParse(schema, parsed.value);
  if (!result.success) {
    const issue = result.issues[0];
    const path = issue.path?.map((item) => String(item.key)).join('.');
    throw fail(400, 'bad_request', path ? `${path}: ${issue.message}` : issue.message);
  }
  return result.output;
}

function requireAdmin(c: Context<AuthEnv>): void {
  if (c.get('principal').role !== 'admin') {
    throw fail(403, 'forbidden', 'this needs an admin token');
  }
}

function numberParam(params: URLSearchParams, key: string): number | undefined {
  const text = params.get(key);
  if (text === null) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw fail(400, 'bad_request', `${key} must be a number >= 0`);
  }
  return value;
}

/**
 * Builds the recordings and player routes; mount under `/api` behind `requireToken`.
 *
 * @param services Shared gateway services.
 * @param controller The gateway's recording desk (default: one made from the config).
 * @returns A Hono sub-app.
 */
export function createRecordingRoutes(
  services: GatewayServices,
  controller: RecordingController = createRecordingController({
    hub: services.hub,
    config: services.config.recording,
    logger: services.logger,
  }),
): Hono<AuthEnv> {
  const dir = controller.dir;
  const api = new Hono<AuthEnv>();
  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw fail(413, 'too_large', `request bodies are limited to ${MAX_BODY_BYTES} bytes`);
    },
  });

  api.get('/recordings', async (c) => {
    services.metrics.countRequest('/api/recordings');
    const recordings = await listRecordings(dir).catch(toHttpError);
    return c.json({ dir, recordings, active: controller.active() });
  });

  api.post('/recordings', limit, async (c) => {
    requireAdmin(c);
    const request = await body(c, startSchema);
    const started = await controller.start({ ...request, reason: 'api' }).catch(toHttpError);
    return c.json({ recording: started }, 201);
  });

  api.post('/recordings/merge', limit, async (c) => {
    requireAdmin(c);
    const request = await body(c, mergeSchema);
    try {
      const sources = await resolveRecordings(dir, request.ids);
      const summary = await mergeRecordings(sources.map((paths) => paths.file), {
        dir,
        id: request.id,
        name: request.name,
        gzip: request.gzip,
      });
      return c.json({ summary }, 201);
    } catch (error) {
      return toHttpError(error);
    }
  });

  api.get('/recordings/:id', async (c) => {
    services.metrics.countRequest('/api/recordings/:id');
    try {
      const paths = await resolveRecording(dir, c.req.param('id'));
      const summary = await readSummary(paths);
      const active = controller.active().some((item) => item.stats.currentId === paths.id);
      if (summary) {
        const reader = await openRecording(paths.file, { gzip: paths.gzip });
        await reader.close();
        return c.json({ id: paths.id, header: reader.header, summary, complete: true, active });
      }
      const stats = await recordingStats(paths.file);
      return c.json({
        id: paths.id,
        header: stats.header,
        summary: stats.summary,
        complete: false,
        stopped: stats.stopped,
        report: stats.report,
        active,
      });
    } catch (error) {
      return toHttpError(error);
    }
  });

  api.get('/recordings/:id/events', async (c) => {
    services.metrics.countRequest('/api/recordings/:id/events');
    const params = new URL(c.req.url).searchParams;
    const from = numberParam(params, 'from') ?? 0;
    const to = numberParam(params, 'to') ?? Infinity;
    const offset = numberParam(params, 'offset') ?? 0;
    const count = numberParam(params, 'limit') ?? 100;
    if (!Number.isInteger(count) || count < 1 || count > MAX_ENTRIES_LIMIT) {
      throw fail(400, 'bad_request', `limit must be an integer from 1 to ${MAX_ENTRIES_LIMIT}`);
    }
    if (!Number.isInteger(offset)) throw fail(400, 'bad_request', 'offset must be an integer');
    const principal = c.get('principal');
    const allowedType = compileTypePatterns(principal.types);
    let wanted: (type: string) => boolean;
    try {
      wanted = typeMatcher(params.get('types')?.split(',').filter(Boolean));
    } catch (error) {
      return toHttpError(error);
    }
    try {
      const paths = await resolveRecording(dir, c.req.param('id'));
      const reader = await openRecording(paths.file, { gzip: paths.gzip });
      const entries: string[] = [];
      let skipped = 0;
      let more = false;
      for await (const entry of reader.entries()) {
        if (entry.t < from) continue;
        if (entry.t >= to) break;
        if ('event' in entry) {
          const { event } = entry;
          if (!wanted(event.type) || !allowedType(event.type)) continue;
          if (!maySeeRealm(principal, event.realm)) continue;
        }
        if (skipped < offset) {
          skipped++;
          continue;
        }
        if (entries.length === count) {
          more = true;
          break;
        }
        entries.push(JSON.stringify(entry));
      }
      await reader.close();
      return c.body(
        `{"id":${JSON.stringify(paths.id)},"offset":${offset},"more":${more},"entries":[${
          entries.join(',')
        }]}`,
        200,
        { 'content-type': 'application/json' },
      );
    } catch (error) {
      return toHttpError(error);
    }
  });

  api.post('/recordings/:id/stop', async (c) => {
    requireAdmin(c);
    try {
      const result = await controller.stop(validateRecordingId(c.req.param('id')));
      return c.json({ result });
    } catch (error) {
      return toHttpError(error);
    }
  });

  api.post('/recordings/:id/slice', limit, async (c) => {
    requireAdmin(c);
    const request = await body(c, sliceSchema);
    try {
      const paths = await resolveRecording(dir, c.req.param('id'));
      const summary = await sliceRecording(
        paths.file,
        { from: request.from, to: request.to, types: request.types },
        { dir, id: request.id, name: request.name, gzip: request.gzip },
      );
      return c.json({ summary }, 201);
    } catch (error) {
      return toHttpError(error);
    }
  });

  api.post('/recordings/:id/play', limit, async (c) => {
    requireAdmin(c);
    const request = await body(c, playSchema);
    const player = await controller.play(c.req.param('id'), request).catch(toHttpError);
    return c.json({ player });
  });

  api.get('/player', (c) => c.json({ player: controller.player() ?? null }));

  api.post('/player', limit, async (c) => {
    requireAdmin(c);
    const control = await body(c, controlSchema);
    if (!controller.player()) throw fail(404, 'not_found', 'nothing is playing');
    try {
      return c.json({ player: controller.control(control) ?? null });
    } catch (error) {
      return toHttpError(error);
    }
  });

  return api;
}

/**
 * @module Realm operations over HTTP, under `/api` (behind the token check):
 * - `POST /realms/:id/commands` (admin): one console command through the allowlist, audited;
 * - `GET /realms/:id/health`: a quick check that names the failing part;
 * - `GET /realms/:id/players/:name`: `pinfo`, parsed (viewers get no account details);
 * - `POST /realms/:id/diagnostics`, `GET /diagnostics`, `GET /diagnostics/:id` (admin).
 */
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ConsoleOutcome } from '../../pipeline/console/console.ts';
import { explainSoapError } from '../../pipeline/console/explain.ts';
import { createRateLimiter } from '../../pipeline/console/rateLimiter.ts';
import { maySeeRealm, type Principal } from '../auth.ts';
import type { RealmOperations } from '../console/operations.ts';
import { isDiagnosticsId } from '../console/diagnosticsStore.ts';
import type { AuthEnv } from '../httpAuth.ts';
import type { GatewayServices } from '../services.ts';
import { renderMetrics } from './metrics.ts';

/** Largest `POST .../commands` body, bytes. */
export const MAX_COMMAND_BODY_BYTES = 16 * 1024;

const REALM_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

const fail = (status: 400 | 403 | 404 | 413 | 429, cause: string, message: string) =>
  new HTTPException(status, { message, cause });

/** HTTP status of a console outcome: denials by kind, anything that ran is 200. */
function outcomeStatus(outcome: ConsoleOutcome): 200 | 400 | 403 | 404 | 429 | 503 {
  if (outcome.allowed) return outcome.reason === 'audit_unavailable' ? 503 : 200;
  switch (outcome.reason) {
    case 'unknown_realm':
      return 404;
    case 'rate_limited':
      return 429;
    case 'audit_unavailable':
      return 503;
    case 'forbidden':
    case 'forbidden_realm':
    case 'not_allowed':
    case 'bad_arguments':
      return 403;
    default:
      return 400;
  }
}

function realmParam(c: Context<AuthEnv>): string {
  const id = c.req.param('id') ?? '';
  if (!REALM_ID.test(id)) throw fail(400, 'bad_realm', 'realm ids are 1-64 letters, digits, _ . -');
  return id;
}

function requireAdmin(principal: Principal, what: string): void {
  if (principal.role !== 'admin') throw fail(403, 'forbidden', `${what} need an admin token`);
}

/**
 * Builds the realm operation routes; mount under `/api` behind `requireToken`.
 *
 * @param services Shared gateway services.
 * @param operations The gateway's realm operations; omitted: these routes answer 404.
 * @returns A Hono sub-app.
 */
export function createRealmOpsRoutes(
  services: GatewayServices,
  operations?: RealmOperations,
): Hono<AuthEnv> {
  const api = new Hono<AuthEnv>();
  if (!operations) return api;
  const { metrics } = services;
  // Inspection and diagnostics run SOAP commands too: a token cannot flood the realm's queue.
  const limiter = createRateLimiter({
    limit: services.config.console.perMinute,
    scheduler: services.scheduler,
  });
  const takeRate = (principal: Principal) => {
    const decision = limiter.take(principal.name);
    if (!decision.ok) {
      throw fail(
        429,
        'rate_limited',
        `too many requests; retry in ${Math.ceil(decision.retryAfterMs / 1000)} s`,
      );
    }
  };
  const knownRealm = (c: Context<AuthEnv>) => {
    const id = realmParam(c);
    if (!maySeeRealm(c.get('principal'), id)) {
      throw fail(403, 'forbidden', `this token may not see realm '${id}'`);
    }
    if (!operations.realm(id)) throw fail(404, 'unknown_realm', `no realm '${id}'`);
    return id;
  };

  api.post('/realms/:id/commands', async (c) => {
    metrics.countRequest('/api/realms/:id/commands');
    const principal = c.get('principal');
    const realm = realmParam(c);
    const commandConsole = operations.console;
    if (!commandConsole) {
      throw fail(403, 'commands_disabled', 'console commands are not enabled (console.enabled)');
    }
    const length = Number(c.req.header('content-length') ?? 0);
    if (length > MAX_COMMAND_BODY_BYTES) throw fail(413, 'too_large', 'request body too large');
    const text = await c.req.text();
    if (text.length > MAX_COMMAND_BODY_BYTES) {
      throw fail(413, 'too_large', 'request body too large');
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw fail(400, 'bad_request', 'the body must be JSON: {"command": "..."}');
    }
    const command = (body as { command?: unknown } | null)?.command;
    if (typeof command !== 'string') {
      throw fail(400, 'bad_request', 'the body must be JSON: {"command": "..."}');
    }
    const outcome = await commandConsole.run({ realm, command, actor: principal, via: 'http' });
    const status = outcomeStatus(outcome);
    return c.json(
      status === 200 ? outcome : { ...outcome, error: outcome.reason, message: outcome.error },
      status,
    );
  });

  api.get('/realms/:id/health', async (c) => {
    metrics.countRequest('/api/realms/:id/health');
    const id = knownRealm(c);
    const report = await operations.health(id);
    if (!report) throw fail(404, 'unknown_realm', `realm '${id}' is not running`);
    return c.json(report, report.status === 'failing' ? 503 : 200);
  });

  api.get('/realms/:id/players/:name', async (c) => {
    metrics.countRequest('/api/realms/:id/players/:name');
    const principal = c.get('principal');
    const id = knownRealm(c);
    const name = c.req.param('name');
    takeRate(principal);
    const outcome = await operations.inspect(id, name, principal);
    if (!outcome) throw fail(404, 'unknown_realm', `realm '${id}' is not running`);
    switch (outcome.kind) {
      case 'found':
        return c.json({ realm: id, player: outcome.player });
      case 'bad_name':
        throw fail(400, 'bad_name', outcome.message);
      case 'not_found':
        return c.json({ error: 'not_found', message: outcome.message }, 404);
      case 'unparsed':
        return c.json({
          error: 'unparsed',
          message: outcome.message,
          ...(principal.role === 'admin' ? { output: outcome.text } : {}),
        }, 502);
      case 'failed': {
        const explained = explainSoapError(outcome.error, operations.endpoint(id));
        return c.json({ error: explained.code, message: explained.message }, 502);
      }
    }
  });

  api.post('/realms/:id/diagnostics', async (c) => {
    metrics.countRequest('/api/realms/:id/diagnostics');
    const principal = c.get('principal');
    requireAdmin(principal, 'diagnostics');
    const id = knownRealm(c);
    takeRate(principal);
    const created = await operations.captureDiagnostics(id, principal, {
      metrics: renderMetrics(services),
      stats: {
        hub: services.hub.stats(),
        resources: services.registry.resources(),
        connections: metrics.connections,
        delivered: metrics.delivered,
        dropped: Object.fromEntries(metrics.dropped),
        closes: Object.fromEntries(metrics.closes),
        refused: Object.fromEntries(metrics.refused),
        protocolErrors: metrics.protocolErrors,
      },
    });
    if (!created) throw fail(404, 'unknown_realm', `realm '${id}' is not running`);
    return c.json(
      { id: created.id, bytes: created.bytes, url: `/api/diagnostics/${created.id}` },
      201,
    );
  });

  api.get('/diagnostics', async (c) => {
    metrics.countRequest('/api/diagnostics');
    requireAdmin(c.get('principal'), 'diagnostics');
    return c.json({ bundles: await operations.diagnostics.list() });
  });

  api.get('/diagnostics/:id', async (c) => {
    metrics.countRequest('/api/diagnostics/:id');
    requireAdmin(c.get('principal'), 'diagnostics');
    const id = c.req.param('id');
    if (!isDiagnosticsId(id)) throw fail(400, 'bad_id', 'not a diagnostics bundle id');
    const text = await operations.diagnostics.read(id);
    if (text === undefined) throw fail(404, 'not_found', `no diagnostics bundle '${id}'`);
    return c.body(text, 200, {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${id}.json"`,
    });
  });

  return api;
}

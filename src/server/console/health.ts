/**
 * @module The realm health check behind `GET /api/realms/:id/health`: one `server info`
 * over SOAP (reachable, account accepted, latency, update diff, players) plus what the
 * gateway already knows (polling, Metric push, log tail), each part with a status and a
 * sentence saying what is wrong and what usually fixes it.
 */
import { stat } from 'node:fs/promises';
import { firstValueFrom } from 'rxjs';
import type { RealmConfig } from '../../pipeline/config.ts';
import { type EndpointInfo, explainSoapError } from '../../pipeline/console/explain.ts';
import { compileFormats } from '../../pipeline/formats/formatSet.ts';
import type { RealmStatus } from '../../pipeline/realmStatus.ts';
import type { ServerInfo } from '../../pipeline/snapshots.ts';
import type { SoapTransport } from '../../pipeline/sources/soap/types.ts';
import { parseServerInfo } from '../../operators/parseServerInfo.ts';
import { parseOnce } from './parseOnce.ts';

/** The status of one part. `skip`: not configured, or not checkable after an earlier failure. */
export type PartStatus = 'ok' | 'warn' | 'fail' | 'skip';

/** The parts, in the order they are reported. */
export type HealthPartName =
  | 'soap'
  | 'auth'
  | 'latency'
  | 'updateDiff'
  | 'players'
  | 'polling'
  | 'metrics'
  | 'log';

/** One checked part. */
export interface HealthPart {
  readonly name: HealthPartName;
  readonly status: PartStatus;
  /** What was found, for an operator. */
  readonly message: string;
  /** The measured value, when there is one (ms, players, seconds). */
  readonly value?: number;
}

/** The report. */
export interface HealthReport {
  readonly realm: string;
  /** `failing` when a part failed, `degraded` when one warns, else `ok`. */
  readonly status: 'ok' | 'degraded' | 'failing';
  /** The names of the failing parts (then the warning ones). */
  readonly problems: readonly HealthPartName[];
  /** The first problem's message, or "all checks passed". */
  readonly summary: string;
  /** Wall-clock time of the check, ISO 8601. */
  readonly checkedAt: string;
  /** How long the check took, ms. */
  readonly durationMs: number;
  readonly parts: readonly HealthPart[];
}

/** What {@link runHealthCheck} needs. */
export interface HealthCheckDeps {
  /** The realm's configuration. */
  readonly realm: RealmConfig;
  /** What the status board knows (absent when no pipeline runs). */
  readonly status?: RealmStatus;
  /** The realm's SOAP transport. */
  readonly transport: SoapTransport;
  /** Where SOAP is, for messages. */
  readonly endpoint: EndpointInfo;
  /** Wall clock, ms. */
  readonly now: () => number;
}

/** SOAP round trips above this warn (ms). */
export const SLOW_SOAP_MS = 1000;
/** A Metric push older than this warns (ms). */
export const METRIC_STALE_MS = 60_000;
/** No log line for this long warns (ms). */
export const LOG_QUIET_MS = 5 * 60_000;

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/**
 * Runs the health check of one realm.
 *
 * ## Example
 * ```ts
 * const report = await runHealthCheck({ realm, status, transport, endpoint, now: Date.now });
 * if (report.status === 'failing') console.log(report.summary);
 * ```
 *
 * @param deps Realm config and status, transport, endpoint, clock.
 * @returns The report; never rejects.
 */
export async function runHealthCheck(deps: HealthCheckDeps): Promise<HealthReport> {
  const { realm, status, now } = deps;
  const started = now();
  const parts: HealthPart[] = [];
  const add = (name: HealthPartName, partStatus: PartStatus, message: string, value?: number) =>
    parts.push(
      value === undefined ? { name, status: partStatus, message } : {
        name,
        status: partStatus,
        message,
        value,
      },
    );

  let text: string | undefined;
  let latencyMs = 0;
  try {
    text = await firstValueFrom(deps.transport('server info'));
    latencyMs = now() - started;
  } catch (error) {
    const explained = explainSoapError(error, deps.endpoint);
    if (explained.part === 'auth') {
      add('soap', 'ok', `the SOAP endpoint answered (${explained.code === 'auth' ? 401 : 403})`);
      add('auth', 'fail', explained.message);
    } else {
      add('soap', 'fail', explained.message);
      add('auth', 'skip', 'not checked: SOAP did not answer');
    }
    for (const name of ['latency', 'updateDiff', 'players'] as const) {
      add(name, 'skip', 'not checked: server info did not run');
    }
  }
  if (text !== undefined) {
    add('soap', 'ok', `server info answered in ${latencyMs} ms`, latencyMs);
    add('auth', 'ok', `the account '${deps.endpoint.username ?? '?'}' is accepted (level 3+)`);
    add(
      'latency',
      latencyMs > SLOW_SOAP_MS ? 'warn' : 'ok',
      latencyMs > SLOW_SOAP_MS
        ? `SOAP took ${latencyMs} ms (over ${SLOW_SOAP_MS} ms): the world thread is busy`
        : `${latencyMs} ms round trip`,
      latencyMs,
    );
    const info = await parseOnce<ServerInfo>(
      text,
      parseServerInfo({ realm: realm.id, formats: compileFormats(realm.flavor, realm.formats) }),
    ).catch(() => undefined);
    checkServerInfo(info, realm, add);
  }
  checkPolling(status, now(), add);
  checkMetrics(realm, status, now(), add);
  await checkLog(realm, status, now(), add);

  const failing = parts.filter((part) => part.status === 'fail');
  const warning = parts.filter((part) => part.status === 'warn');
  const problems = [...failing, ...warning];
  return {
    realm: realm.id,
    status: failing.length ? 'failing' : warning.length ? 'degraded' : 'ok',
    problems: problems.map((part) => part.name),
    summary: problems[0] ? `${problems[0].name}: ${problems[0].message}` : 'all checks passed',
    checkedAt: new Date(started).toISOString(),
    durationMs: Math.max(0, now() - started),
    parts,
  };
}

type Add = (name: HealthPartName, status: PartStatus, message: string, value?: number) => void;

function checkServerInfo(info: ServerInfo | undefined, realm: RealmConfig, add: Add): void {
  if (!info) {
    const message = `the server info output was not recognised as ${realm.flavor}: ` +
      'check realms[].flavor and realms[].formats';
    add('updateDiff', 'warn', message);
    add('players', 'skip', 'unknown: server info was not recognised');
    return;
  }
  const diff = info.updateDiffMs;
  if (diff === undefined) add('updateDiff', 'skip', 'server info printed no update diff');
  else if (diff > realm.lag.thresholdMs) {
    add(
      'updateDiff',
      'warn',
      `world update diff ${diff} ms is over the lag threshold of ${realm.lag.thresholdMs} ms: ` +
        'players feel lag (a heavy map, a slow database, or too little CPU)',
      diff,
    );
  } else add('updateDiff', 'ok', `world update diff ${diff} ms`, diff);
  if (info.onlinePlayers === undefined) add('players', 'skip', 'server info printed no count');
  else add('players', 'ok', `${info.onlinePlayers} characters online`, info.onlinePlayers);
}

function checkPolling(status: RealmStatus | undefined, now: number, add: Add): void {
  if (!status) return add('polling', 'skip', 'no realm pipeline runs for this realm');
  if (status.down?.stopped) {
    return add('polling', 'fail', `polling stopped: ${status.down.message}`);
  }
  if (status.reachable === false && status.down) {
    return add(
      'polling',
      'warn',
      `polls fail since ${seconds(now - status.down.since)}: ${status.down.message}`,
    );
  }
  if (status.lastPollAt === undefined) return add('polling', 'warn', 'no poll has completed yet');
  add('polling', 'ok', `last poll ${seconds(now - status.lastPollAt)} ago`, status.polls);
}

function checkMetrics(
  realm: RealmConfig,
  status: RealmStatus | undefined,
  now: number,
  add: Add,
): void {
  if (!realm.metrics.enabled) {
    return add('metrics', 'skip', 'Metric push is not enabled for this realm');
  }
  const last = status?.lastMetricAt;
  if (last === undefined) {
    return add(
      'metrics',
      'warn',
      'no Metric push received yet: set Metric.Enable = 1 and point Metric.ConnectionInfo ' +
        'at this gateway in worldserver.conf',
    );
  }
  const age = now - last;
  if (age > METRIC_STALE_MS) {
    return add(
      'metrics',
      'warn',
      `the last Metric push is ${seconds(age)} old: is the worldserver still pushing ` +
        '(Metric.Enable, Metric.Interval)?',
      age,
    );
  }
  add('metrics', 'ok', `last Metric push ${seconds(age)} ago`, age);
}

async function checkLog(
  realm: RealmConfig,
  status: RealmStatus | undefined,
  now: number,
  add: Add,
): Promise<void> {
  if (!realm.log) return add('log', 'skip', 'no log file is tailed for this realm');
  const path = realm.log.path;
  const found = await stat(path).then((info) => info.isFile(), () => false);
  if (!found) {
    return add(
      'log',
      'fail',
      `the log file ${path} does not exist: check the Appender file name in ` +
        'worldserver.conf (and LogsDir) against realms[].log.path',
    );
  }
  const last = status?.lastLogLineAt;
  if (last === undefined) {
    return add(
      'log',
      'warn',
      `no line read from ${path} yet: is an appender writing chat, GM and character lines there?`,
    );
  }
  const age = now - last;
  if (age > LOG_QUIET_MS) {
    add('log', 'warn', `no new line in ${path} for ${seconds(age)} (a quiet realm?)`, age);
  } else add('log', 'ok', `last line read ${seconds(age)} ago`, age);
}

/**
 * @module Realm operations of one gateway: the command console (when `console.enabled`),
 * the audit log, health checks (one in flight per realm, answers reused for a moment),
 * player inspection and diagnostics bundles. The gateway builds it before the realms run
 * and hands it their transports through a lookup.
 */
import { defer, firstValueFrom, type SchedulerLike } from 'rxjs';
import type { Config, RealmConfig } from '../../pipeline/config.ts';
import { type AuditLog, type AuditVia, createAuditLog } from '../../pipeline/console/auditLog.ts';
import {
  type CommandConsole,
  type ConsoleActor,
  createCommandConsole,
  MAX_AUDIT_OUTPUT,
} from '../../pipeline/console/console.ts';
import { type EndpointInfo, explainSoapError } from '../../pipeline/console/explain.ts';
import type { Hub } from '../../pipeline/hub.ts';
import type { RealmStatusBoard } from '../../pipeline/realmStatus.ts';
import { SoapFaultError } from '../../pipeline/sources/soap/errors.ts';
import type { SoapTransport } from '../../pipeline/sources/soap/types.ts';
import type { Logger } from '../../logger.ts';
import { createDiagnosticsStore, type DiagnosticsStore } from './diagnosticsStore.ts';
import { type HealthReport, runHealthCheck } from './health.ts';
import { type InspectOutcome, inspectPlayer } from './inspect.ts';

/** What {@link createRealmOperations} needs. */
export interface RealmOperationsDeps {
  readonly config: Config;
  readonly hub: Hub;
  /** The realm status board. */
  readonly status?: RealmStatusBoard;
  /** A realm's SOAP transport, once the realms run. */
  readonly transport: (realm: string) => SoapTransport | undefined;
  /** A realm's endpoint and account (for messages). */
  readonly endpoint: (realm: string) => EndpointInfo | undefined;
  readonly logger: Logger;
  /** Wall clock (default `Date.now`). */
  readonly now?: () => number;
  /** Clock of the console's rate limit (default `asyncScheduler`). */
  readonly scheduler?: SchedulerLike;
}

/** One command of a diagnostics bundle. */
export interface BundleCommand {
  readonly command: string;
  readonly ok: boolean;
  readonly output?: string;
  readonly error?: string;
  readonly durationMs: number;
}

/** Extra parts of a bundle the HTTP layer provides (gateway metrics). */
export interface BundleExtras {
  /** `/metrics` text. */
  readonly metrics: string;
  /** `/api/stats` body. */
  readonly stats: unknown;
}

/** Realm operations. */
export interface RealmOperations {
  /** The audit log. */
  readonly audit: AuditLog;
  /** The command console, when `console.enabled`. */
  readonly console?: CommandConsole;
  /** The diagnostics folder. */
  readonly diagnostics: DiagnosticsStore;
  /** A configured realm, if it exists. */
  realm(id: string): RealmConfig | undefined;
  /** Where a realm's SOAP endpoint is (for messages; the realm id when unknown). */
  endpoint(id: string): EndpointInfo;
  /** Runs (or joins) a health check; undefined for an unknown or not running realm. */
  health(realm: string): Promise<HealthReport | undefined>;
  /** Runs `pinfo` for a character; audited. */
  inspect(realm: string, name: string, actor: ConsoleActor): Promise<InspectOutcome | undefined>;
  /** Builds and writes a diagnostics bundle; audited. Undefined for an unknown realm. */
  captureDiagnostics(
    realm: string,
    actor: ConsoleActor,
    extras: BundleExtras,
  ): Promise<{ id: string; bytes: number; bundle: Record<string, unknown> } | undefined>;
  /** Opens the audit log now (fails early when it cannot be written). */
  open(): Promise<void>;
  /** Flushes and closes the audit log. */
  close(): Promise<void>;
}

/** Diagnostics capture: recent events of the realm at most. */
export const BUNDLE_EVENTS = 500;
/** Diagnostics capture: recent audit entries of the realm at most. */
export const BUNDLE_COMMANDS = 100;
/** Largest command output kept in a bundle (characters). */
export const BUNDLE_OUTPUT_CHARS = 256 * 1024;
/** A health report is reused this long (ms): dashboards polling health cost one SOAP call. */
export const HEALTH_REUSE_MS = 2000;

const DIAGNOSTIC_COMMANDS = ['server info', 'server debug', 'account onlinelist'];

/**
 * Creates the realm operations of a gateway.
 *
 * ## Example
 * ```ts
 * const ops = createRealmOperations({ config, hub, status, transport, endpoint, logger });
 * if (config.console.enabled) await ops.open();
 * ```
 *
 * @param deps Config, hub, status board, transports, logger, clocks.
 * @returns The operations.
 * @throws AllowlistError when `console.enabled` and an allowlist pattern does not compile.
 */
export function createRealmOperations(deps: RealmOperationsDeps): RealmOperations {
  const { config, hub, logger } = deps;
  const now = deps.now ?? (() => Date.now());
  const audit = createAuditLog({ path: config.console.auditLog });
  const diagnostics = createDiagnosticsStore({ dir: config.diagnostics.dir });
  const realms = new Map(config.realms.map((realm) => [realm.id, realm]));
  const endpointOf = (realm: string) => deps.endpoint(realm) ?? { url: realm };
  const onError = (message: string, error: unknown) => logger.error(message, { error });
  const commandConsole = config.console.enabled
    ? createCommandConsole({
      config: config.console,
      audit,
      transport: deps.transport,
      endpoint: deps.endpoint,
      publish: (event) => void hub.publish(event),
      scheduler: deps.scheduler,
      onError,
    })
    : undefined;
  const healthInFlight = new Map<string, Promise<HealthReport>>();
  const healthDone = new Map<string, { at: number; report: HealthReport }>();

  /**
   * Wraps a transport so each built-in command (not typed by anyone) leaves the trace a
   * typed one would; the answer waits for the audit line.
   */
  function audited(
    realm: string,
    actor: ConsoleActor,
    via: AuditVia,
    transport: SoapTransport,
  ): SoapTransport {
    return (command) =>
      defer(async () => {
        const started = now();
        const trace = async (ok: boolean, text: string) => {
          const entry = {
            time: new Date(started).toISOString(),
            actor: actor.name,
            role: actor.role,
            realm,
            via,
            command,
            allowed: true,
            ok,
            output: text.length > MAX_AUDIT_OUTPUT ? `${text.slice(0, MAX_AUDIT_OUTPUT)}…` : text,
            durationMs: now() - started,
          };
          // Read-only built-ins are not refused for a broken audit log; the failure is logged.
          await audit.append(entry).catch((error) => onError('audit log write failed', error));
        };
        try {
          const output = await firstValueFrom(transport(command));
          await trace(true, output);
          return output;
        } catch (error) {
          await trace(
            false,
            error instanceof SoapFaultError
              ? error.output
              : explainSoapError(error, endpointOf(realm)).message,
          );
          throw error;
        }
      });
  }

  async function runBuiltIn(command: string, transport: SoapTransport, realm: string) {
    const started = now();
    try {
      const output = await firstValueFrom(transport(command));
      return { command, ok: true, output, durationMs: now() - started };
    } catch (error) {
      return error instanceof SoapFaultError
        ? { command, ok: false, output: error.output, durationMs: now() - started }
        : {
          command,
          ok: false,
          error: explainSoapError(error, endpointOf(realm)).message,
          durationMs: now() - started,
        };
    }
  }

  return {
    audit,
    console: commandConsole,
    diagnostics,
    realm: (id) => realms.get(id),
    endpoint: endpointOf,
    health(id) {
      const realm = realms.get(id);
      const transport = deps.transport(id);
      if (!realm || !transport) return Promise.resolve(undefined);
      const recent = healthDone.get(id);
      if (recent && now() - recent.at < HEALTH_REUSE_MS) return Promise.resolve(recent.report);
      let running = healthInFlight.get(id);
      if (!running) {
        running = runHealthCheck({
          realm,
          status: deps.status?.get(id),
          transport,
          endpoint: endpointOf(id),
          now,
        }).finally(() => healthInFlight.delete(id));
        running.then((report) => healthDone.set(id, { at: now(), report }), () => {});
        healthInFlight.set(id, running);
      }
      return running;
    },
    inspect(id, name, actor) {
      const realm = realms.get(id);
      const transport = deps.transport(id);
      if (!realm || !transport) return Promise.resolve(undefined);
      return inspectPlayer({
        realm,
        name,
        full: actor.role === 'admin',
        transport: audited(id, actor, 'inspect', transport),
      });
    },
    async captureDiagnostics(id, actor, extras) {
      const realm = realms.get(id);
      const transport = deps.transport(id);
      if (!realm || !transport) return undefined;
      const started = now();
      const commands: BundleCommand[] = [];
      for (const command of DIAGNOSTIC_COMMANDS) {
        const result: BundleCommand = await runBuiltIn(
          command,
          audited(id, actor, 'diagnostics', transport),
          id,
        );
        commands.push(
          result.output && result.output.length > BUNDLE_OUTPUT_CHARS
            ? { ...result, output: `${result.output.slice(0, BUNDLE_OUTPUT_CHARS)}…` }
            : result,
        );
      }
      const health = await runHealthCheck({
        realm,
        status: deps.status?.get(id),
        transport,
        endpoint: endpointOf(id),
        now,
      });
      const events = hub.recent().filter((item) => item.event.realm === id);
      const bundleId = diagnostics.newId(id, started);
      const bundle: Record<string, unknown> = {
        format: 'realmstream-diagnostics',
        version: 1,
        id: bundleId,
        realm: id,
        createdAt: new Date(started).toISOString(),
        createdBy: actor.name,
        realmConfig: redactRealm(realm),
        status: deps.status?.get(id) ?? null,
        health,
        commands: Object.fromEntries(commands.map((result) => [result.command, result])),
        recentEvents: events.slice(-BUNDLE_EVENTS).map((item) => item.event),
        recentCommands: audit.recent({ realm: id, limit: BUNDLE_COMMANDS }),
        gateway: { epoch: hub.epoch, seq: hub.seq, stats: extras.stats, metrics: extras.metrics },
      };
      const entry = await diagnostics.write(bundleId, bundle);
      logger.info('diagnostics bundle written', { id: bundleId, realm: id, bytes: entry.bytes });
      return { id: bundleId, bytes: entry.bytes, bundle };
    },
    open: () => audit.open(),
    close: () => audit.close(),
  };
}

/** A realm's config without secrets (the SOAP password never leaves the gateway). */
function redactRealm(realm: RealmConfig): Record<string, unknown> {
  const { soap, ...rest } = realm;
  return soap ? { ...rest, soap: { ...soap, password: '<redacted>' } } : rest;
}

/**
 * Where a realm's SOAP endpoint is: the configured one, or the in-process simulator's.
 *
 * @param config The gateway configuration.
 * @param simulators Running simulators by realm id (their URL is only known once started).
 * @param realm Realm id.
 * @returns URL and account, or undefined for an unknown realm.
 */
export function realmEndpoint(
  config: Config,
  simulators: ReadonlyMap<string, { readonly url: string }> | undefined,
  realm: string,
): EndpointInfo | undefined {
  const configured = config.realms.find((candidate) => candidate.id === realm);
  if (!configured) return undefined;
  if (configured.soap) return { url: configured.soap.url, username: configured.soap.username };
  const simulator = simulators?.get(realm);
  return simulator ? { url: simulator.url, username: 'REALMSTREAM' } : undefined;
}

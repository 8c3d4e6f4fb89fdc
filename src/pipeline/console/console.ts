/**
 * @module The command console: every attempt goes through role and realm checks, the text
 * checks, the per-token rate limit and the allowlist, in that order; only then is one SOAP
 * call made. Every attempt, allowed or not, is appended to the audit log (the reply waits
 * for the line to be written) and published as a `debug.command` event.
 *
 * ```text
 * request ─► role/realm ─► rate limit ─► text checks ─► allowlist ─► SOAP ─► outcome
 *               └──────────────┴──────────────┴─────────────┴─ denied (no SOAP call)
 *                                                                        │
 *                               audit log line (awaited) + debug.command ◄┘ ─► reply
 * ```
 */
import { asyncScheduler, firstValueFrom, type SchedulerLike } from 'rxjs';
import type { Config } from '../config.ts';
import { type DraftEvent, draftEvent } from '../events.ts';
import { SoapFaultError } from '../sources/soap/errors.ts';
import type { SoapTransport } from '../sources/soap/types.ts';
import { compileAllowlist } from './allowlist.ts';
import type { AuditEntry, AuditLog, AuditVia } from './auditLog.ts';
import { checkCommandText } from './commandText.ts';
import { type EndpointInfo, explainSoapError } from './explain.ts';
import { createRateLimiter } from './rateLimiter.ts';

/** Who asks (structurally the gateway's `Principal`). */
export interface ConsoleActor {
  /** Token name. */
  readonly name: string;
  /** Only `admin` may run commands. */
  readonly role: 'viewer' | 'admin';
  /** Realms the token is limited to; undefined: all. */
  readonly realms?: readonly string[];
}

/** One attempt. */
export interface ConsoleRequest {
  /** Target realm id. */
  readonly realm: string;
  /** Command text as typed. */
  readonly command: string;
  /** Who asks. */
  readonly actor: ConsoleActor;
  /** Which door (default `ws`). */
  readonly via?: AuditVia;
}

/** Why an attempt did not run or did not succeed. */
export type ConsoleReason =
  | 'forbidden'
  | 'forbidden_realm'
  | 'unknown_realm'
  | 'rate_limited'
  | 'empty'
  | 'too_long'
  | 'line_break'
  | 'control_character'
  | 'markup'
  | 'invalid_text'
  | 'not_allowed'
  | 'bad_arguments'
  | 'audit_unavailable'
  | 'fault'
  | string;

/** The outcome sent back to the client. */
export interface ConsoleOutcome {
  /** Whether the command ran and the worldserver accepted it. */
  readonly ok: boolean;
  /** Whether the checks let it through to the worldserver. */
  readonly allowed: boolean;
  /** Console output, or the worldserver's fault text. */
  readonly output?: string;
  /** Why it was refused or failed, for the operator. */
  readonly error?: string;
  /** A short code for `error` (see {@link ConsoleReason}). */
  readonly reason?: ConsoleReason;
  /** From receipt to outcome, ms. */
  readonly durationMs: number;
}

/** What {@link createCommandConsole} needs. */
export interface CommandConsoleDeps {
  /** The `console` config section. */
  readonly config: Config['console'];
  /** Where attempts are written. */
  readonly audit: AuditLog;
  /** A realm's SOAP transport; undefined for an unknown realm. */
  readonly transport: (realm: string) => SoapTransport | undefined;
  /** A realm's endpoint, for explaining failures. */
  readonly endpoint?: (realm: string) => EndpointInfo | undefined;
  /** Publishes the `debug.command` event (the hub's `publish`). */
  readonly publish: (event: DraftEvent) => void;
  /** Clock (default `asyncScheduler`; its `now()` is wall-clock ms in production). */
  readonly scheduler?: SchedulerLike;
  /** Reports failures of the audit log or the event publication. */
  readonly onError?: (message: string, error: unknown) => void;
}

/** The console. */
export interface CommandConsole {
  /** Runs (or refuses) one attempt; never rejects. */
  run(request: ConsoleRequest): Promise<ConsoleOutcome>;
  /** Records an attempt refused before it reached the console (e.g. a viewer token). */
  refuse(request: ConsoleRequest, reason: ConsoleReason, message: string): Promise<void>;
}

/** Longest output in a reply (characters); the rest is cut with a marker. */
export const MAX_REPLY_OUTPUT = 64 * 1024;
/** Longest output in an audit line or event (characters). */
export const MAX_AUDIT_OUTPUT = 2000;

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… [${text.length - max} more]`;
}

/**
 * Creates the command console.
 *
 * ## Example
 * ```ts
 * const console = createCommandConsole({ config: config.console, audit, transport, publish });
 * const outcome = await console.run({ realm: 'world-1', command: 'server info', actor });
 * ```
 *
 * @param deps Config, audit log, transports, event publication, clock.
 * @returns The console.
 * @throws AllowlistError for an allowlist pattern that does not compile.
 */
export function createCommandConsole(deps: CommandConsoleDeps): CommandConsole {
  const { config, audit } = deps;
  const scheduler = deps.scheduler ?? asyncScheduler;
  const allowlist = compileAllowlist(config.allow);
  const limiter = createRateLimiter({ limit: config.perMinute, scheduler });
  const report = deps.onError ?? (() => {});

  async function record(
    request: ConsoleRequest,
    started: number,
    outcome: Omit<ConsoleOutcome, 'durationMs'>,
  ): Promise<ConsoleOutcome> {
    const now = scheduler.now();
    const durationMs = Math.max(0, Math.round(now - started));
    const command = truncate(request.command, config.maxLength);
    const auditOutput = outcome.output ?? outcome.error;
    const entry: AuditEntry = {
      time: new Date(now).toISOString(),
      actor: request.actor.name,
      role: request.actor.role,
      realm: request.realm,
      via: request.via ?? 'ws',
      command,
      allowed: outcome.allowed,
      ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
      ...(outcome.allowed ? { ok: outcome.ok } : {}),
      ...(auditOutput === undefined ? {} : { output: truncate(auditOutput, MAX_AUDIT_OUTPUT) }),
      durationMs,
    };
    try {
      deps.publish(draftEvent('debug.command', {
        realm: request.realm,
        time: now,
        source: 'gateway',
        data: {
          actor: entry.actor,
          command,
          allowed: entry.allowed,
          ...(entry.reason === undefined ? {} : { reason: entry.reason }),
          ...(entry.ok === undefined ? {} : { ok: entry.ok }),
          ...(entry.output === undefined ? {} : { output: entry.output }),
          durationMs,
        },
      }));
    } catch (error) {
      report('debug.command event could not be published', error);
    }
    try {
      await audit.append(entry);
    } catch (error) {
      report('audit log write failed', error);
      // The trace is the condition of the answer: without it the client learns nothing.
      return {
        ok: false,
        allowed: outcome.allowed,
        reason: 'audit_unavailable',
        error: 'the audit log could not be written; the outcome is withheld (see the gateway log)',
        durationMs,
      };
    }
    return {
      ...outcome,
      ...(outcome.output === undefined
        ? {}
        : { output: truncate(outcome.output, MAX_REPLY_OUTPUT) }),
      durationMs,
    };
  }

  const deny = (request: ConsoleRequest, started: number, reason: string, error: string) =>
    record(request, started, { ok: false, allowed: false, reason, error });

  return {
    async run(request) {
      const started = scheduler.now();
      const { actor, realm } = request;
      if (actor.role !== 'admin') {
        return deny(request, started, 'forbidden', 'console commands need an admin token');
      }
      if (actor.realms && !actor.realms.includes(realm)) {
        return deny(request, started, 'forbidden_realm', `this token may not act on '${realm}'`);
      }
      const transport = deps.transport(realm);
      if (!transport) return deny(request, started, 'unknown_realm', `no realm '${realm}'`);
      const rate = limiter.take(actor.name);
      if (!rate.ok) {
        return deny(
          request,
          started,
          'rate_limited',
          `at most ${config.perMinute} commands per minute per token; retry in ${
            Math.ceil(rate.retryAfterMs / 1000)
          } s`,
        );
      }
      const text = checkCommandText(request.command, config.maxLength);
      if (!text.ok) return deny(request, started, text.reason, text.message);
      const decision = allowlist.check(text.command);
      if (!decision.allowed) return deny(request, started, decision.reason, decision.message);
      if (!audit.healthy) {
        // Fail closed: a command that could leave no trace does not run.
        return deny(request, started, 'audit_unavailable', 'the audit log cannot be written');
      }
      try {
        const output = await firstValueFrom(transport(text.command));
        return record(request, started, { ok: true, allowed: true, output });
      } catch (error) {
        if (error instanceof SoapFaultError) {
          return record(request, started, {
            ok: false,
            allowed: true,
            reason: 'fault',
            output: error.output,
            error: 'the worldserver refused the command',
          });
        }
        const explained = explainSoapError(error, deps.endpoint?.(realm) ?? { url: realm });
        return record(request, started, {
          ok: false,
          allowed: true,
          reason: explained.code,
          error: explained.message,
        });
      }
    },
    async refuse(request, reason, message) {
      await deny(request, scheduler.now(), reason, message);
    },
  };
}

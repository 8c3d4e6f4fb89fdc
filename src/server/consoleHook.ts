/**
 * @module The seam for console commands sent over the WebSocket (`command` op, admin only):
 * the gateway routes each request to a {@link CommandHandler} when one is configured and
 * answers `error {code: 'commands_disabled'}` otherwise.
 */
import type { Principal } from './auth.ts';

/** One console command request from an admin client. */
export interface CommandRequest {
  /** Target realm id. */
  readonly realm: string;
  /** Command text as typed (without a leading dot). */
  readonly command: string;
  /** Who asked (name and role only; never the token). */
  readonly actor: Principal;
}

/** The outcome sent back as `reply`. */
export interface CommandOutcome {
  /** Whether the command ran and the worldserver accepted it. */
  readonly ok: boolean;
  /** Console output (or fault text). */
  readonly output?: string;
  /** Why it was refused or failed, when `ok` is false. */
  readonly error?: string;
  /** Whether the checks let it through to the worldserver (the console feature sets it). */
  readonly allowed?: boolean;
  /** A short code for `error` (`not_allowed`, `rate_limited`, `fault`, `unreachable`...). */
  readonly reason?: string;
  /** From receipt to outcome, ms. */
  readonly durationMs?: number;
}

/** Runs console commands (allow-list, audit, SOAP): provided by the console feature. */
export interface CommandHandler {
  /** Runs one command; must not reject (failures are outcomes). */
  run(request: CommandRequest): Promise<CommandOutcome>;
  /** Records an attempt the gateway refused before `run` (a viewer token); must not reject. */
  refuse?(request: CommandRequest, reason: string, message: string): Promise<void>;
}

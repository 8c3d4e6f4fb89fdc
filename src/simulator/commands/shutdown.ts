/**
 * @module `server shutdown|restart [force] <delay> [exitcode] [reason]` and `... cancel`.
 * Success prints nothing (an empty `<result/>`), except TrinityCore's "delayed to 30 seconds"
 * notice when players are online and `force` was not given; AzerothCore rejects a zero delay
 * with `Incorrect values.` and cancels silently.
 */
import { parseDelay } from '../timeString.ts';
import type { CommandContext, CommandHandler } from './tree.ts';

/** `GM.ForceShutdownThreshold`, default 30 s. */
export const FORCE_SHUTDOWN_THRESHOLD = 30;

/**
 * The handler for `server shutdown` / `server restart` (and their `force` variants).
 *
 * @param mode Shutdown or restart.
 * @param force Whether `force` was given (TrinityCore only).
 * @returns The handler.
 */
export function shutdownHandler(mode: 'shutdown' | 'restart', force = false): CommandHandler {
  return ({ world, out }: CommandContext, args: string): boolean => {
    const [delayText, ...rest] = args.split(' ').filter((token) => token !== '');
    if (delayText === undefined) return false;
    if (out.flavor === 'ac') {
      const delay = parseDelay(delayText) ?? 0;
      if (delay <= 0) {
        out.say('BAD_VALUE');
        out.fail();
        return false;
      }
      world.scheduleShutdown(mode, delay);
      return true;
    }
    // TrinityCore: digits are seconds (negative is not numeric), otherwise a non-zero time string.
    let delay: number;
    if (/^\d+$/.test(delayText)) delay = Number(delayText);
    else {
      const parsed = /^-/.test(delayText) ? undefined : parseDelay(delayText);
      if (!parsed) return false;
      delay = parsed;
    }
    const exitCode = rest.find((token) => /^\d+$/.test(token));
    if (exitCode !== undefined && Number(exitCode) > 255) return false;
    if (delay < FORCE_SHUTDOWN_THRESHOLD && !force && world.activeSessions() > 0) {
      delay = FORCE_SHUTDOWN_THRESHOLD;
      out.say('SHUTDOWN_DELAYED', delay);
    }
    world.scheduleShutdown(mode, delay);
    return true;
  };
}

/**
 * `server shutdown cancel` / `server restart cancel`.
 *
 * @param context World and output.
 * @returns Always true.
 */
export function shutdownCancel({ world, out }: CommandContext): boolean {
  const left = world.cancelShutdown();
  if (left > 0 && out.flavor === 'tc') out.say('SHUTDOWN_CANCELLED', left);
  return true;
}

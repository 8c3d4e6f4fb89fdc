/**
 * @module The console allowlist: rules of a command prefix plus an optional argument
 * pattern (re2js, linear time), compiled once from `console.allow`. A rule without a
 * pattern allows the bare command only; the longest matching prefix decides.
 */
import { RE2JS } from 're2js';

/** One rule as configured. */
export interface AllowRule {
  /** Command words, e.g. `lookup player account`; matched case-insensitively on whole words. */
  readonly command: string;
  /**
   * Pattern the whole argument text (after the command words) must match; none: no arguments.
   */
  readonly args?: string;
}

/** The outcome of {@link Allowlist.check}. */
export type AllowDecision =
  | { readonly allowed: true; readonly rule: string }
  | {
    readonly allowed: false;
    readonly reason: 'not_allowed' | 'bad_arguments';
    readonly message: string;
  };

/** A compiled allowlist. */
export interface Allowlist {
  /** The configured rules' command words, for help texts. */
  readonly commands: readonly string[];
  /** Decides on one normalised command (see `normalizeCommand`). */
  check(command: string): AllowDecision;
}

/** A rule that cannot be compiled (bad pattern): the gateway refuses to start. */
export class AllowlistError extends Error {
  /** Index of the rule in `console.allow`. */
  readonly index: number;
  constructor(message: string, index: number, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AllowlistError';
    this.index = index;
  }
}

interface CompiledRule {
  readonly words: string;
  readonly pattern?: RE2JS;
  readonly source?: string;
}

const BACKREFERENCE = /\\(?:[1-9]|k<)/;

/**
 * Compiles the allowlist.
 *
 * ## Example
 * ```ts
 * const allow = compileAllowlist([{ command: 'pinfo', args: '^[A-Za-z]{2,12}$' }]);
 * allow.check('PINFO Thrall'); // { allowed: true, rule: 'pinfo' }
 * allow.check('pinfo'); // { allowed: false, reason: 'bad_arguments', ... }
 * ```
 *
 * @param rules `console.allow`.
 * @returns The allowlist.
 * @throws AllowlistError for an empty command or a pattern re2js cannot compile.
 */
export function compileAllowlist(rules: readonly AllowRule[]): Allowlist {
  const compiled: CompiledRule[] = rules.map((rule, index) => {
    const words = rule.command.trim().replace(/ {2,}/g, ' ').toLowerCase().replace(/^[.!]/, '');
    if (words === '') throw new AllowlistError(`console.allow[${index}]: empty command`, index);
    if (rule.args === undefined) return { words };
    if (BACKREFERENCE.test(rule.args)) {
      throw new AllowlistError(
        `console.allow[${index}].args: backreferences are not supported (linear-time engine)`,
        index,
      );
    }
    try {
      return { words, pattern: RE2JS.compile(rule.args), source: rule.args };
    } catch (error) {
      throw new AllowlistError(
        `console.allow[${index}].args: invalid pattern: ${(error as Error).message}`,
        index,
        { cause: error },
      );
    }
  });
  // Longest prefix first: `server info` decides before a broader `server` rule.
  compiled.sort((a, b) => b.words.length - a.words.length);
  return {
    commands: compiled.map((rule) => rule.words),
    check(command) {
      const lower = command.toLowerCase();
      let mismatch: CompiledRule | undefined;
      for (const rule of compiled) {
        if (lower !== rule.words && !lower.startsWith(`${rule.words} `)) continue;
        const args = command.slice(rule.words.length).trim();
        // The whole argument text must match, anchored or not: a partial match is not a match.
        if (rule.pattern ? rule.pattern.matches(args) : args === '') {
          return { allowed: true, rule: rule.words };
        }
        mismatch ??= rule;
      }
      if (mismatch) {
        return {
          allowed: false,
          reason: 'bad_arguments',
          message: mismatch.pattern
            ? `the arguments of '${mismatch.words}' must match ${mismatch.source}`
            : `'${mismatch.words}' takes no arguments here`,
        };
      }
      return {
        allowed: false,
        reason: 'not_allowed',
        message: 'this command is not in the console allowlist (console.allow)',
      };
    },
  };
}

/**
 * @module Argument parsing for subcommands on top of `node:util` `parseArgs`, with errors
 * that name the flag and a `--help` flag on every command.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliUsageError } from './context.ts';

/** Option definitions, as `parseArgs` takes them. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Parsed flags and positionals, or `help: true` when `--help` was given. */
export interface ParsedArgs {
  // deno-lint-ignore no-explicit-any
  values: Record<string, any>;
  positionals: string[];
  help: boolean;
}

/**
 * Parses a subcommand's arguments strictly: unknown flags and missing values are usage
 * errors (exit code 2) that name the flag.
 *
 * @param command The subcommand (for messages).
 * @param args Its arguments.
 * @param options Its flags (`--help`/`-h` is added).
 * @param allowPositionals Whether positionals are accepted.
 * @returns The parsed values.
 */
export function parseCommandArgs(
  command: string,
  args: string[],
  options: OptionSpec,
  allowPositionals = false,
): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals,
    });
    const { help, ...rest } = values as Record<string, unknown>;
    return { values: rest, positionals, help: help === true };
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional.*$/s, '');
    throw new CliUsageError(message, command);
  }
}

/**
 * Reads an integer flag within bounds.
 *
 * @param command The subcommand (for messages).
 * @param name Flag name.
 * @param value Raw value (string or undefined).
 * @param fallback Default when absent.
 * @param min Smallest allowed.
 * @param max Largest allowed.
 * @returns The number.
 */
export function intFlag(
  command: string,
  name: string,
  value: unknown,
  fallback: number,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  const text = String(value);
  if (!/^-?\d+$/.test(text)) {
    throw new CliUsageError(`--${name} must be an integer, got '${text}'`, command);
  }
  const number = Number(text);
  if (number < min || number > max) {
    throw new CliUsageError(`--${name} must be between ${min} and ${max}, got ${number}`, command);
  }
  return number;
}

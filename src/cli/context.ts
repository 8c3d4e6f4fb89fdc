/**
 * @module What a CLI command gets from the entry file: output streams, environment,
 * signals and the runtime's server starter. Commands never touch `process` or `Deno`.
 */
import type { EnvReader } from '../pipeline/config.ts';
import type { RuntimeName, StartServer } from '../server/runtime.ts';

/** The world as a command sees it. */
export interface CliContext {
  /** Which runtime runs the CLI. */
  readonly runtime: RuntimeName;
  /** Writes to standard output (a newline is not added). */
  stdout(text: string): void;
  /** Writes to standard error (a newline is not added). */
  stderr(text: string): void;
  /** Reads environment variables. */
  readonly env: EnvReader;
  /** Current working directory. */
  readonly cwd: string;
  /** Absolute path of the built dashboard (`dist/ui`). */
  readonly uiRoot: string;
  /** Starts the gateway app on this runtime. */
  readonly startServer: StartServer;
  /** Resolves when the process is asked to stop (SIGINT, SIGTERM). */
  readonly stopSignal: Promise<string>;
}

/** Bad usage: unknown command or flag, missing or malformed argument. Exit code 2. */
export class CliUsageError extends Error {
  /** The command whose usage should be shown, if any. */
  readonly command?: string;
  constructor(message: string, command?: string) {
    super(message);
    this.name = 'CliUsageError';
    this.command = command;
  }
}

/** A command that failed for a reason the user can act on (exit code 1, no stack). */
export class CliFailure extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CliFailure';
  }
}

/** One subcommand. */
export interface CliCommand {
  /** Subcommand name. */
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Full `--help` text. */
  readonly help: string;
  /** Runs the command with its own arguments; resolves to the exit code. */
  run(args: string[], context: CliContext): Promise<number>;
}

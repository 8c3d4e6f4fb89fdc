/**
 * @module Test helper: run `realmstream` commands in-process with a captured context, a
 * real Node server starter, and a stop signal the test controls.
 */
import { runCli } from '../../src/cli/main.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { startServer } from '../../src/server/node.ts';

/** A CLI run in progress. */
export interface CliRun {
  /** Resolves with the exit code. */
  readonly exit: Promise<number>;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout (bounded wait). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Simulates Ctrl+C. */
  stop(): void;
}

/**
 * Starts a CLI command in-process.
 *
 * @param argv Arguments after `realmstream`.
 * @param cwd Working directory the command sees.
 * @param env Environment the command sees.
 * @returns The run.
 */
export function runInProcess(
  argv: string[],
  cwd: string,
  env: Record<string, string> = {},
): CliRun {
  let out = '';
  let err = '';
  let stop!: (signal: string) => void;
  const stopSignal = new Promise<string>((resolve) => (stop = resolve));
  const context: CliContext = {
    runtime: 'node',
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
    env: (name) => env[name],
    cwd,
    uiRoot: `${cwd}/no-ui`,
    startServer,
    stopSignal,
  };
  const exit = runCli(argv, context);
  return {
    exit,
    stdout: () => out,
    stderr: () => err,
    async waitFor(pattern, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = out.match(pattern);
        if (match) return match;
        const settled = await Promise.race([
          exit.then((code) => code),
          new Promise<undefined>((resolve) => setTimeout(resolve, 10)),
        ]);
        if (settled !== undefined && !out.match(pattern)) {
          throw new Error(`command exited (${settled}) before ${pattern}\n${out}\n${err}`);
        }
        if (Date.now() > deadline) {
          throw new Error(`timed out waiting for ${pattern}\n${out}\n${err}`);
        }
      }
    },
    stop: () => stop('SIGINT'),
  };
}

/**
 * Runs a command to completion.
 *
 * @param argv Arguments.
 * @param cwd Working directory.
 * @returns Exit code and output.
 */
export async function runToEnd(
  argv: string[],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = runInProcess(argv, cwd);
  const code = await run.exit;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

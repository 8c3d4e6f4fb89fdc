/**
 * @module Test helper: run the real `realmstream` command as a child process (Node or
 * Deno), wait for a line, and always kill it afterwards.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** Absolute path of the project root. */
export const ROOT = new URL('../../', import.meta.url).pathname;

/** A running child process with its collected output. */
export interface RunningProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout+stderr match `pattern`; rejects on exit or timeout. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code. */
  exited(timeoutMs?: number): Promise<number | null>;
  /** SIGTERM, then SIGKILL after 3 s. */
  stop(): Promise<void>;
}

/**
 * Spawns a command from the project root.
 *
 * @param command Executable.
 * @param args Arguments.
 * @param env Extra environment.
 * @returns The running process.
 */
export function spawnProcess(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): RunningProcess {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  let exitCode: number | null | undefined;
  child.stdout?.on('data', (chunk) => {
    out += chunk;
    for (const listener of [...listeners]) listener();
  });
  child.stderr?.on('data', (chunk) => {
    err += chunk;
    for (const listener of [...listeners]) listener();
  });
  child.on('exit', (code) => {
    exitCode = code;
    for (const listener of [...listeners]) listener();
  });
  const wait = <T>(check: () => T | undefined, timeoutMs: number, what: string) =>
    new Promise<T>((resolve, reject) => {
      const run = () => {
        const value = check();
        if (value !== undefined) {
          done();
          resolve(value);
        } else if (exitCode !== undefined) {
          done();
          reject(
            new Error(
              `process exited (${exitCode}) before ${what}\nstdout: ${out}\nstderr: ${err}`,
            ),
          );
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for ${what}\nstdout: ${out}\nstderr: ${err}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        listeners.delete(run);
      };
      listeners.add(run);
      run();
    });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor: (pattern, timeoutMs = 15_000) =>
      wait(() => (out + err).match(pattern) ?? undefined, timeoutMs, String(pattern)),
    exited: (timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        if (exitCode !== undefined) return resolve(exitCode);
        const timer = setTimeout(() => reject(new Error('process did not exit')), timeoutMs);
        child.once('exit', (code) => {
          clearTimeout(timer);
          resolve(code);
        });
      }),
    async stop() {
      if (exitCode !== undefined) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Finds a free loopback port (bind 0, read, close).
 *
 * @returns The port.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The realmstream command on Node. */
export const NODE_CLI = ['node', [`${ROOT}bin/realmstream.js`]] as const;
/** The realmstream command on Deno. */
export const DENO_CLI = [`${ROOT}node_modules/.bin/deno`, [
  'run',
  '-A',
  `${ROOT}src/cli.ts`,
]] as const;

/**
 * @module Benchmark child processes: TypeScript files forked through tsx with an IPC
 * channel, a bounded wait for a message of a given type, and a guaranteed kill.
 */
import { type ChildProcess, fork } from 'node:child_process';

/** A forked benchmark process. */
export interface BenchChild {
  readonly process: ChildProcess;
  /** Sends a message. */
  send(message: Record<string, unknown>): void;
  /** Resolves with the next message whose `type` is `type`; rejects on exit or timeout. */
  receive<T = Record<string, unknown>>(type: string, timeoutMs?: number): Promise<T>;
  /** Kills the process (SIGKILL after 2 s) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Forks `file`: a .ts module through tsx, or a built .mjs on plain Node.
 *
 * @param file Path or URL of the module.
 * @param args Arguments.
 * @param nodeFlags Extra Node flags (e.g. `--expose-gc`).
 * @returns The child.
 */
export function forkTs(
  file: string | URL,
  args: string[] = [],
  nodeFlags: string[] = [],
): BenchChild {
  const child = fork(file instanceof URL ? file.pathname : file, args, {
    // BENCH_CPU_PROF=dir writes a V8 CPU profile of every child there.
    execArgv: [
      // A built .mjs runs on plain Node; TypeScript goes through tsx.
      ...(String(file).endsWith('.mjs') ? [] : ['--import', 'tsx']),
      ...nodeFlags,
      ...(process.env.BENCH_CPU_PROF
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
        : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const inbox: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  let exited = false;
  child.on('message', (message) => {
    inbox.push(message as Record<string, unknown>);
    for (const wake of [...waiters]) wake();
  });
  child.on('exit', () => {
    exited = true;
    for (const wake of [...waiters]) wake();
  });
  return {
    process: child,
    send: (message) => void child.send(message),
    receive<T>(type: string, timeoutMs = 60_000) {
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no '${type}' message from ${String(file)} within ${timeoutMs} ms`));
        }, timeoutMs);
        const check = () => {
          const index = inbox.findIndex((m) => m.type === type);
          if (index >= 0) {
            const [message] = inbox.splice(index, 1);
            clearTimeout(timer);
            waiters.delete(check);
            resolve(message as T);
          } else if (exited) {
            clearTimeout(timer);
            waiters.delete(check);
            reject(new Error(`${String(file)} exited before sending '${type}'`));
          }
        };
        waiters.add(check);
        check();
      });
    },
    stop() {
      if (exited) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const force = setTimeout(() => child.kill('SIGKILL'), 2000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      });
    },
  };
}

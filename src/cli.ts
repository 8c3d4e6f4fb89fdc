/**
 * @module The `realmstream` command's entry file (Node through tsx, or Deno): builds the
 * runtime context and hands over to the runtime-free dispatcher in `cli/main.ts`.
 * With `src/server/node.ts` and `src/server/deno.ts`, the only file that touches
 * runtime-specific APIs.
 */
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { config as rxjsConfig } from 'rxjs';
import type { CliContext } from './cli/context.ts';
import { runCli } from './cli/main.ts';
import type { StartServer } from './server/runtime.ts';

const isDeno = 'Deno' in globalThis;

// A subscriber that throws must not bring the gateway down: log it and carry on.
rxjsConfig.onUnhandledError = (error: unknown) => {
  process.stderr.write(
    `realmstream: unhandled stream error: ${(error as Error)?.stack ?? error}\n`,
  );
};

async function loadStartServer(): Promise<StartServer> {
  // A variable specifier keeps tsc (Node types) from following the Deno entry.
  const entry = isDeno ? './server/deno.ts' : './server/node.ts';
  const module = (await import(entry)) as { startServer: StartServer };
  return module.startServer;
}

function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => resolve(signal);
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

async function main(): Promise<void> {
  const context: CliContext = {
    runtime: isDeno ? 'deno' : 'node',
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: (name) => process.env[name],
    cwd: process.cwd(),
    uiRoot: fileURLToPath(new URL('../dist/ui/', import.meta.url)),
    startServer: await loadStartServer(),
    stopSignal: stopSignal(),
  };
  const code = await runCli(process.argv.slice(2), context);
  process.exit(code);
}

await main();

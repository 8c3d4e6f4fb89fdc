/**
 * @module The registry of `realmstream` subcommands. Each command lives in its own file;
 * add one line here to expose a new one.
 */
import { checkCommand } from './check.ts';
import type { CliCommand } from './context.ts';
import { demoCommand } from './demo.ts';
import { diagnosticsCommand } from './diagnostics.ts';
import { recordCommand } from './record.ts';
import { recordingsCommand } from './recordings.ts';
import { replayCommand } from './replay.ts';
import { serveCommand } from './serve.ts';
import { simulateCommand } from './simulate.ts';
import { soapCommand } from './soap.ts';

/** Every subcommand, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  serveCommand,
  demoCommand,
  recordCommand,
  replayCommand,
  recordingsCommand,
  simulateCommand,
  soapCommand,
  diagnosticsCommand,
  checkCommand,
];

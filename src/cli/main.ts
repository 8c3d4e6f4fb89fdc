/**
 * @module The CLI dispatcher, runtime-free: picks the subcommand, prints help, maps errors
 * to exit codes (0 ok, 1 failure, 2 usage).
 */
import { VERSION } from '../version.ts';
import { COMMANDS } from './commands.ts';
import { type CliCommand, type CliContext, CliFailure, CliUsageError } from './context.ts';

/**
 * The top-level help text.
 *
 * @param commands Registered commands.
 * @returns The text.
 */
export function topLevelHelp(commands: readonly CliCommand[] = COMMANDS): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return `realmstream ${VERSION}: a real-time event gateway for TrinityCore and AzerothCore

Usage: realmstream <command> [options]
       realmstream <command> --help

Commands:
${lines.join('\n')}

Options:
  -h, --help     show this help
  -v, --version  print the version
`;
}

/**
 * Runs the CLI.
 *
 * @param argv Arguments after the program name.
 * @param context Runtime services.
 * @param commands Registered commands (tests may pass their own).
 * @returns The exit code.
 */
export async function runCli(
  argv: string[],
  context: CliContext,
  commands: readonly CliCommand[] = COMMANDS,
): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    if (first === 'help' && rest[0]) return runCli([rest[0], '--help'], context, commands);
    context.stdout(topLevelHelp(commands));
    return 0;
  }
  if (first === '-v' || first === '--version') {
    context.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = commands.find((candidate) => candidate.name === first);
  try {
    if (!command) {
      throw new CliUsageError(
        first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`,
      );
    }
    return await command.run(rest, context);
  } catch (error) {
    if (error instanceof CliUsageError) {
      const hint = error.command
        ? `Run 'realmstream ${error.command} --help' for usage.`
        : `Run 'realmstream --help' for the list of commands.`;
      context.stderr(`realmstream: ${error.message}\n${hint}\n`);
      return 2;
    }
    if (error instanceof CliFailure) {
      context.stderr(`realmstream: ${error.message}\n`);
      return 1;
    }
    context.stderr(`realmstream: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}

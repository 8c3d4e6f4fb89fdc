/**
 * @module `realmstream soap`: a one-shot SOAP console. Sends one command to a worldserver (or
 * the simulator), prints the output, and exits non-zero with the error text on a fault or
 * any other failure.
 */
import { executeCommandAsync } from '../pipeline/sources/soap/client.ts';
import { SoapError, SoapFaultError } from '../pipeline/sources/soap/errors.ts';
import type { Flavor } from '../pipeline/sources/soap/types.ts';
import { intFlag, parseCommandArgs } from './args.ts';
import { type CliCommand, type CliContext, CliFailure, CliUsageError } from './context.ts';

const HELP = `Usage: realmstream soap [options] <command...>

Runs one console command on a worldserver over SOAP and prints its output.
Exits 1 with the server's text when the command fails (a SOAP fault), or with the
reason when the server cannot be reached, refuses the account, or times out.

Options:
      --url URL          SOAP endpoint (default http://127.0.0.1:7878/)
      --user NAME        account with security level 3 (default ADMIN)
      --password PASS    its password (default: $SOAP_PASSWORD, else admin)
      --flavor tc|ac     TrinityCore (urn:TC, default) or AzerothCore (urn:AC)
      --timeout MS       request timeout (default 10000)
  -h, --help             show this help

Example:
  realmstream soap --url http://127.0.0.1:7878/ --user ADMIN "server info"
`;

const FLAVORS: Readonly<Record<string, Flavor>> = {
  tc: 'trinitycore',
  trinitycore: 'trinitycore',
  ac: 'azerothcore',
  azerothcore: 'azerothcore',
};

/** The `soap` command. */
export const soapCommand: CliCommand = {
  name: 'soap',
  summary: 'run one console command over SOAP and print the output',
  help: HELP,
  async run(args: string[], context: CliContext): Promise<number> {
    const parsed = parseCommandArgs('soap', args, {
      url: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      flavor: { type: 'string' },
      timeout: { type: 'string' },
    }, true);
    if (parsed.help) {
      context.stdout(HELP);
      return 0;
    }
    const { values, positionals } = parsed;
    const command = positionals.join(' ');
    if (command.trim() === '') throw new CliUsageError('no command given', 'soap');
    const flavor = FLAVORS[String(values.flavor ?? 'tc').toLowerCase()];
    if (!flavor) {
      throw new CliUsageError(`--flavor must be tc or ac, got '${values.flavor}'`, 'soap');
    }
    const url: string = values.url ?? 'http://127.0.0.1:7878/';
    if (!/^https?:\/\/[^/]/.test(url)) {
      throw new CliUsageError(`--url must be an http:// or https:// URL, got '${url}'`, 'soap');
    }
    const timeoutMs = intFlag('soap', 'timeout', values.timeout, 10_000, 1, 600_000);
    try {
      const text = await executeCommandAsync({
        url,
        username: values.user ?? 'ADMIN',
        password: values.password ?? context.env('SOAP_PASSWORD') ?? 'admin',
        flavor,
        timeoutMs,
      }, command);
      if (text !== '') context.stdout(text.endsWith('\n') ? text : `${text}\n`);
      return 0;
    } catch (error) {
      if (error instanceof SoapFaultError) {
        const output = error.output.endsWith('\n') ? error.output : `${error.output}\n`;
        context.stderr(output);
        return 1;
      }
      if (error instanceof SoapError) {
        throw new CliFailure(`${error.name} (${error.kind}): ${error.message}`, { cause: error });
      }
      throw new CliFailure((error as Error).message, { cause: error });
    }
  },
};

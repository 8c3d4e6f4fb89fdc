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
import { callGateway, DEFAULT_TOKEN_ENV, gatewayError, gatewayTarget } from './gatewayClient.ts';

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
      --gateway URL      go through a running gateway's console instead (allowlist,
                         rate limit, audit log); needs --realm and an admin token in
                         the variable named by --token-env (default ${DEFAULT_TOKEN_ENV})
      --realm ID         the realm, with --gateway
      --token-env NAME   variable holding the gateway token, with --gateway
  -h, --help             show this help

Examples:
  realmstream soap --url http://127.0.0.1:7878/ --user ADMIN "server info"
  RS_TOKEN=... realmstream soap --gateway http://127.0.0.1:8787 --realm world-1 "gm list"
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
      gateway: { type: 'string' },
      realm: { type: 'string' },
      'token-env': { type: 'string' },
    }, true);
    if (parsed.help) {
      context.stdout(HELP);
      return 0;
    }
    const { values, positionals } = parsed;
    const command = positionals.join(' ');
    if (command.trim() === '') throw new CliUsageError('no command given', 'soap');
    if (values.gateway !== undefined || values.realm !== undefined) {
      return viaGateway(command, values, context);
    }
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

/** Runs the command through a gateway's console: `POST /api/realms/:id/commands`. */
async function viaGateway(
  command: string,
  values: { gateway?: string; realm?: string; 'token-env'?: string; timeout?: string },
  context: CliContext,
): Promise<number> {
  if (!values.gateway || !values.realm) {
    throw new CliUsageError('--gateway and --realm go together', 'soap');
  }
  const timeoutMs = intFlag('soap', 'timeout', values.timeout, 10_000, 1, 600_000);
  const target = gatewayTarget(
    'soap',
    { gateway: values.gateway, tokenEnv: values['token-env'] },
    context.env,
    timeoutMs,
  );
  const { status, text } = await callGateway(
    target,
    'POST',
    `/api/realms/${encodeURIComponent(values.realm)}/commands`,
    { command },
  );
  let outcome: { ok?: boolean; output?: string; error?: string; message?: string };
  try {
    outcome = JSON.parse(text);
  } catch {
    throw new CliFailure(gatewayError(status, text));
  }
  if (status === 200 && outcome.ok) {
    const output = outcome.output ?? '';
    if (output !== '') context.stdout(output.endsWith('\n') ? output : `${output}\n`);
    return 0;
  }
  if (status === 200 && outcome.output !== undefined) {
    context.stderr(outcome.output.endsWith('\n') ? outcome.output : `${outcome.output}\n`);
    return 1;
  }
  throw new CliFailure(
    status === 200 ? outcome.error ?? 'the command failed' : gatewayError(status, text),
  );
}

/**
 * @module `realmstream diagnostics`: asks a running gateway for a diagnostics bundle of a
 * realm (server info, server debug, online list, recent events and commands, gateway
 * metrics), or lists the bundles, and can save a copy locally.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { intFlag, parseCommandArgs } from './args.ts';
import { type CliCommand, type CliContext, CliFailure, CliUsageError } from './context.ts';
import {
  callGateway,
  DEFAULT_GATEWAY,
  DEFAULT_TOKEN_ENV,
  gatewayError,
  gatewayTarget,
} from './gatewayClient.ts';

const HELP = `Usage: realmstream diagnostics [options] <realm>
       realmstream diagnostics [options] --list

Captures a diagnostics bundle of <realm> on a running gateway: server info, server debug,
the online list, a health check, recent events and console commands, gateway metrics. The
gateway writes it to its diagnostics.dir; --out saves a copy here too.

The token is read from an environment variable (never a flag): an admin token of the
gateway's auth.tokens.

Options:
      --gateway URL      the gateway (default ${DEFAULT_GATEWAY})
      --token-env NAME   variable holding the token (default ${DEFAULT_TOKEN_ENV})
      --out FILE         also save the bundle to FILE
      --list             list the bundles on the gateway instead
      --timeout MS       request timeout (default 60000)
  -h, --help             show this help

Example:
  RS_TOKEN=... realmstream diagnostics world-1 --out world-1-incident.json
`;

/** The `diagnostics` command. */
export const diagnosticsCommand: CliCommand = {
  name: 'diagnostics',
  summary: 'capture (or list) diagnostics bundles of a realm on a running gateway',
  help: HELP,
  async run(args: string[], context: CliContext): Promise<number> {
    const parsed = parseCommandArgs('diagnostics', args, {
      gateway: { type: 'string' },
      'token-env': { type: 'string' },
      out: { type: 'string' },
      list: { type: 'boolean' },
      timeout: { type: 'string' },
    }, true);
    if (parsed.help) {
      context.stdout(HELP);
      return 0;
    }
    const { values, positionals } = parsed;
    const timeoutMs = intFlag('diagnostics', 'timeout', values.timeout, 60_000, 100, 600_000);
    const target = gatewayTarget(
      'diagnostics',
      { gateway: values.gateway, tokenEnv: values['token-env'] },
      context.env,
      timeoutMs,
    );
    if (values.list) {
      if (positionals.length > 0) {
        throw new CliUsageError('--list takes no realm', 'diagnostics');
      }
      const { status, text } = await callGateway(target, 'GET', '/api/diagnostics');
      if (status !== 200) throw new CliFailure(gatewayError(status, text));
      const bundles = (JSON.parse(text) as {
        bundles: Array<{ id: string; bytes: number; createdAt: string }>;
      }).bundles;
      if (bundles.length === 0) context.stdout('no diagnostics bundles\n');
      for (const bundle of bundles) {
        context.stdout(`${bundle.id}  ${bundle.createdAt}  ${bundle.bytes} bytes\n`);
      }
      return 0;
    }
    if (positionals.length !== 1) {
      throw new CliUsageError('give exactly one realm id (or --list)', 'diagnostics');
    }
    const realm = positionals[0];
    const created = await callGateway(
      target,
      'POST',
      `/api/realms/${encodeURIComponent(realm)}/diagnostics`,
    );
    if (created.status !== 201) throw new CliFailure(gatewayError(created.status, created.text));
    const { id, bytes } = JSON.parse(created.text) as { id: string; bytes: number };
    context.stdout(`diagnostics bundle ${id} (${bytes} bytes) written on the gateway\n`);
    if (values.out) {
      const download = await callGateway(target, 'GET', `/api/diagnostics/${id}`);
      if (download.status !== 200) {
        throw new CliFailure(gatewayError(download.status, download.text));
      }
      const path = resolve(context.cwd, values.out);
      await writeFile(path, download.text);
      context.stdout(`saved to ${path}\n`);
    }
    return 0;
  },
};

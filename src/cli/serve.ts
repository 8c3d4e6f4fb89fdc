/**
 * @module `realmstream serve`: run the gateway from a config file, or on the embedded
 * default (one simulated realm) when there is none.
 */
import { resolve as resolvePath } from 'node:path';
import type { Config, EnvReader } from '../pipeline/config.ts';
import { defaultConfig, loadConfigFile } from '../pipeline/config.ts';
import { createLogger } from '../logger.ts';
import { startGateway } from '../server/gateway.ts';
import { intFlag, parseCommandArgs } from './args.ts';
import { type CliCommand, type CliContext, CliFailure } from './context.ts';
import { fileExists, generateToken } from './util.ts';

const HELP = `Usage: realmstream serve [options]

Runs the gateway: polls the configured realms, serves the dashboard, the WebSocket
protocol (/ws) and the HTTP API.

Without --config, ./realmstream.config.json is used when present, otherwise the embedded
default: one simulated TrinityCore realm and a fresh admin token printed in the
dashboard URL.

Options:
  -c, --config FILE   configuration file (.json, or a .ts/.js module)
      --host HOST     interface to bind (overrides server.host; default 127.0.0.1)
  -p, --port N        port to bind (overrides server.port; default 8787)
      --no-ui         do not serve the dashboard
      --log-json      log JSON lines instead of text
  -h, --help          show this help
`;

/**
 * Resolves which configuration to run.
 *
 * @param path The --config value.
 * @param cwd Working directory.
 * @param env Environment reader.
 * @returns The config and a description of where it came from.
 */
export async function resolveConfig(
  path: string | undefined,
  cwd: string,
  env: EnvReader,
): Promise<{ config: Config; origin: string }> {
  if (path) return { config: await loadConfigFile(path, env), origin: path };
  const local = `${cwd}/realmstream.config.json`;
  if (await fileExists(local)) return { config: await loadConfigFile(local, env), origin: local };
  return { config: defaultConfig(), origin: 'embedded default (simulated realm)' };
}

/**
 * Loads the configuration a command runs with: `--config` (relative to the working
 * directory), else `realmstream.config.json` there, else the embedded default.
 *
 * @param configFlag The --config value, if given.
 * @param context Working directory and environment.
 * @returns The config and where it came from.
 * @throws CliFailure listing what is wrong with the file.
 */
export async function loadCliConfig(
  configFlag: string | undefined,
  context: CliContext,
): Promise<{ config: Config; origin: string }> {
  try {
    const path = configFlag === undefined ? undefined : resolvePath(context.cwd, configFlag);
    return await resolveConfig(path, context.cwd, context.env);
  } catch (error) {
    throw new CliFailure((error as Error).message, { cause: error });
  }
}

/**
 * Adds a generated admin token when the config has none, so the dashboard can connect.
 *
 * @param config The configuration.
 * @returns The config to run and the generated token, if any.
 */
export function ensureAdminToken(config: Config): { config: Config; generated?: string } {
  if (config.auth.tokens.length > 0) return { config };
  const token = generateToken();
  return {
    config: { ...config, auth: { tokens: [{ name: 'generated-admin', token, role: 'admin' }] } },
    generated: token,
  };
}

/** The `serve` command. */
export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'run the gateway (embedded simulated realm when no config)',
  help: HELP,
  async run(args: string[], context: CliContext): Promise<number> {
    const parsed = parseCommandArgs('serve', args, {
      config: { type: 'string', short: 'c' },
      host: { type: 'string' },
      port: { type: 'string', short: 'p' },
      'no-ui': { type: 'boolean' },
      'log-json': { type: 'boolean' },
    });
    if (parsed.help) {
      context.stdout(HELP);
      return 0;
    }
    const port = parsed.values.port === undefined
      ? undefined
      : intFlag('serve', 'port', parsed.values.port, 8787, 0, 65535);
    const logger = createLogger({
      write: context.stderr,
      json: parsed.values['log-json'] === true,
    });
    const resolved = await loadCliConfig(parsed.values.config, context);
    const base = resolved.config;
    const withOverrides: Config = {
      ...base,
      server: {
        ...base.server,
        host: parsed.values.host ?? base.server.host,
        port: port ?? base.server.port,
      },
    };
    const { config, generated } = ensureAdminToken(withOverrides);
    logger.info('configuration loaded', { from: resolved.origin, realms: config.realms.length });
    const gateway = await startGateway({
      config,
      startServer: context.startServer,
      uiRoot: parsed.values['no-ui'] ? undefined : context.uiRoot,
      logger,
    });
    const dashboard = `${gateway.server.url}/`;
    context.stdout(
      generated
        ? `realmstream is running. Open the dashboard:\n\n  ${dashboard}#token=${generated}\n\n` +
          `(a fresh admin token, valid until this process stops; Ctrl+C to stop)\n`
        : `realmstream is running on ${dashboard} (tokens from ${resolved.origin}; Ctrl+C to stop)\n`,
    );
    const signal = await context.stopSignal;
    logger.info('stopping', { signal });
    await gateway.close();
    return 0;
  },
};

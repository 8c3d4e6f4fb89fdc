/**
 * @module `realmstream demo`: simulated worldservers with a lively population, and the
 * gateway polling them over real SOAP, with the dashboard URL (and a fresh admin token)
 * printed like `serve` does. Nothing to configure: the quickest way to see realmstream move.
 */
import { createLogger } from '../logger.ts';
import { type Config, type ConfigInput, parseConfig } from '../pipeline/config.ts';
import { startGateway } from '../server/gateway.ts';
import { type Simulator, startSimulator } from '../simulator/simulator.ts';
import { intFlag, parseCommandArgs } from './args.ts';
import { type CliCommand, type CliContext, CliUsageError } from './context.ts';
import { ensureAdminToken } from './serve.ts';

const HELP = `Usage: realmstream demo [options]

Starts simulated worldservers (a lively population: logins, logouts, zone changes,
level-ups, lag spikes) on 127.0.0.1 and the gateway polling them over real SOAP, then
prints the dashboard URL with a fresh admin token. To watch a recorded evening instead
(restarts, an outage, GM commands at known times): realmstream replay --sample.

Options:
      --flavor F      tc, ac or both (default both: one realm of each)
      --players N     characters online at start, per realm (default 25)
      --seed N        seed of the population (default 42)
      --poll-ms N     poll interval in ms (default 1000)
      --host HOST     interface of the gateway (default 127.0.0.1)
  -p, --port N        port of the gateway (default 8787; 0 picks a free one)
      --no-ui         do not serve the dashboard
      --log-json      log JSON lines instead of text
  -h, --help          show this help
`;

/** The simulated worldserver's SOAP account, printed so users can try `realmstream soap`. */
const SOAP_USER = 'ADMIN';
const SOAP_PASSWORD = 'admin';

const FLAVORS = {
  tc: { flavor: 'trinitycore', id: 'demo-tc', name: 'Demo (TrinityCore)' },
  ac: { flavor: 'azerothcore', id: 'demo-ac', name: 'Demo (AzerothCore)' },
} as const;

/** The `demo` command. */
export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'simulated lively realms and the gateway against them over real SOAP',
  help: HELP,
  async run(args: string[], context: CliContext): Promise<number> {
    const parsed = parseCommandArgs('demo', args, {
      flavor: { type: 'string' },
      players: { type: 'string' },
      seed: { type: 'string' },
      'poll-ms': { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string', short: 'p' },
      'no-ui': { type: 'boolean' },
      'log-json': { type: 'boolean' },
    });
    if (parsed.help) {
      context.stdout(HELP);
      return 0;
    }
    const flavor = parsed.values.flavor ?? 'both';
    if (!['tc', 'ac', 'both'].includes(flavor)) {
      throw new CliUsageError(`--flavor must be tc, ac or both, got '${flavor}'`, 'demo');
    }
    const players = intFlag('demo', 'players', parsed.values.players, 25, 0, 5000);
    const seed = intFlag('demo', 'seed', parsed.values.seed, 42, 0);
    const pollMs = intFlag('demo', 'poll-ms', parsed.values['poll-ms'], 1000, 100);
    const port = intFlag('demo', 'port', parsed.values.port, 8787, 0, 65535);
    const logger = createLogger({
      write: context.stderr,
      json: parsed.values['log-json'] === true,
    });

    const simulators: Simulator[] = [];
    try {
      const realms: NonNullable<ConfigInput['realms']> = [];
      for (const key of flavor === 'both' ? ['tc', 'ac'] as const : [flavor as 'tc' | 'ac']) {
        const simulator = await startSimulator({
          flavor: key,
          host: '127.0.0.1',
          port: 0,
          user: SOAP_USER,
          password: SOAP_PASSWORD,
          seed,
          players,
          lively: true,
          realmName: FLAVORS[key].name,
          logger,
        });
        simulators.push(simulator);
        realms.push({
          ...FLAVORS[key],
          soap: { url: simulator.url, username: SOAP_USER, password: SOAP_PASSWORD },
          poll: { intervalMs: pollMs },
        });
      }
      const base: Config = parseConfig({ server: { host: parsed.values.host, port }, realms });
      const { config, generated } = ensureAdminToken(base);
      const gateway = await startGateway({
        config,
        startServer: context.startServer,
        uiRoot: parsed.values['no-ui'] ? undefined : context.uiRoot,
        logger,
      });
      const lines = simulators.map((simulator, i) =>
        `  ${realms[i].id}: simulated ${realms[i].flavor} SOAP at ${simulator.url} ` +
        `(${SOAP_USER} / ${SOAP_PASSWORD})`
      );
      context.stdout(
        `realmstream demo is running. Open the dashboard:\n\n` +
          `  ${gateway.server.url}/#token=${generated}\n\n${lines.join('\n')}\n\n` +
          `(a fresh admin token, valid until this process stops; Ctrl+C to stop)\n`,
      );
      const signal = await context.stopSignal;
      logger.info('stopping', { signal });
      await gateway.close();
    } finally {
      await Promise.all(simulators.map((simulator) => simulator.close()));
    }
    return 0;
  },
};

/**
 * @module `realmstream simulate`: a standalone simulated TrinityCore or AzerothCore
 * worldserver SOAP endpoint, with a scripted population, until SIGINT/SIGTERM.
 */
import { createLogger } from '../logger.ts';
import {
  loadScenarioFile,
  ScenarioError,
  type SimScenario,
} from '../simulator/drivers/scenario.ts';
import { startLogWriter } from '../simulator/logWriter.ts';
import { startMetricPusher } from '../simulator/metricPusher.ts';
import { startSimulator } from '../simulator/simulator.ts';
import { intFlag, parseCommandArgs } from './args.ts';
import { type CliCommand, type CliContext, CliFailure, CliUsageError } from './context.ts';

const HELP = `Usage: realmstream simulate [options]

Runs a simulated worldserver SOAP endpoint that answers like TrinityCore 3.3.5 (tc) or
AzerothCore (ac), byte for byte where it matters, over a scripted population.

Options:
      --flavor tc|ac     which core to imitate (default tc)
  -p, --port N           port to listen on (default 7878, the worldserver default)
      --host HOST        interface to bind (default 127.0.0.1)
      --user NAME        SOAP account, security level 3 (default ADMIN)
      --password PASS    its password (default admin; compared case-insensitively)
      --scenario FILE    play a JSON scenario (see docs/simulator.md)
      --seed N           seed of the generated population and lively mode (default 42)
      --tick-ms N        world tick: commands are answered on the next tick (default 50)
      --players N        generated characters online at start (default 25)
      --lively           random logins, logouts, zone changes, level-ups, chat
      --metrics-url URL  push Metric lines like the worldserver's sink, e.g.
                         http://127.0.0.1:8787/write?db=sim (start the gateway first)
      --log FILE         write the worldserver's events log (chat, GM commands, logins)
      --log-mode a|w     append to the log (default) or truncate it at every start
  -h, --help             show this help

Example:
  realmstream simulate --flavor ac --port 7878
  curl -u ADMIN:admin -H 'Content-Type: text/xml' --data-binary @request.xml http://127.0.0.1:7878/
`;

/** The `simulate` command. */
export const simulateCommand: CliCommand = {
  name: 'simulate',
  summary: 'run a simulated TrinityCore/AzerothCore SOAP endpoint',
  help: HELP,
  async run(args: string[], context: CliContext): Promise<number> {
    const parsed = parseCommandArgs('simulate', args, {
      flavor: { type: 'string' },
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      scenario: { type: 'string' },
      seed: { type: 'string' },
      'tick-ms': { type: 'string' },
      players: { type: 'string' },
      lively: { type: 'boolean' },
      'metrics-url': { type: 'string' },
      log: { type: 'string' },
      'log-mode': { type: 'string' },
    });
    if (parsed.help) {
      context.stdout(HELP);
      return 0;
    }
    const { values } = parsed;
    const flavor = values.flavor ?? 'tc';
    if (flavor !== 'tc' && flavor !== 'ac') {
      throw new CliUsageError(`--flavor must be tc or ac, got '${flavor}'`, 'simulate');
    }
    const port = intFlag('simulate', 'port', values.port, 7878, 0, 65535);
    const seed = intFlag('simulate', 'seed', values.seed, 42, 0, 2 ** 32 - 1);
    const tickMs = intFlag('simulate', 'tick-ms', values['tick-ms'], 50, 0, 60_000);
    const players = intFlag('simulate', 'players', values.players, 25, 0, 5000);
    const user: string = values.user ?? 'ADMIN';
    if (!/^[A-Za-z0-9_-]{1,16}$/.test(user)) {
      throw new CliUsageError('--user must be 1-16 letters, digits, _ or -', 'simulate');
    }
    const logger = createLogger({ write: context.stderr });
    const metricsUrl = values['metrics-url'];
    if (metricsUrl !== undefined && !/^http:\/\/[^/]+/.test(metricsUrl)) {
      throw new CliUsageError('--metrics-url must be an http:// URL', 'simulate');
    }
    const logMode = values['log-mode'] ?? 'a';
    if (logMode !== 'a' && logMode !== 'w') {
      throw new CliUsageError(`--log-mode must be a or w, got '${logMode}'`, 'simulate');
    }
    let scenario: SimScenario | undefined;
    if (values.scenario) {
      try {
        scenario = await loadScenarioFile(values.scenario);
      } catch (error) {
        if (error instanceof ScenarioError) throw new CliFailure(error.message, { cause: error });
        throw error;
      }
    }
    let simulator;
    try {
      simulator = await startSimulator({
        flavor,
        host: values.host ?? '127.0.0.1',
        port,
        user,
        password: values.password ?? 'admin',
        seed,
        tickMs,
        players,
        lively: values.lively === true,
        scenario,
        logger,
      });
    } catch (error) {
      const code = (error as { code?: string }).code;
      const message = code === 'EADDRINUSE'
        ? `port ${port} is already in use`
        : (error as Error).message;
      throw new CliFailure(`cannot start the simulator: ${message}`, { cause: error });
    }
    const name = flavor === 'tc' ? 'TrinityCore 3.3.5' : 'AzerothCore';
    context.stdout(
      `Simulated ${name} worldserver: SOAP on ${simulator.url} ` +
        `(account ${user.toUpperCase()}, ${simulator.world.online().length} online` +
        `${scenario ? `, scenario ${values.scenario}` : ''}${values.lively ? ', lively' : ''}). ` +
        `Ctrl+C to stop.\n`,
    );
    const pusher = metricsUrl
      ? startMetricPusher(simulator.world, { url: metricsUrl, logger, announceStart: true })
      : undefined;
    let writer;
    try {
      writer = values.log
        ? await startLogWriter(simulator.world, {
          path: values.log,
          mode: logMode,
          logger,
          announceStart: true,
        })
        : undefined;
    } catch (error) {
      await pusher?.stop();
      await simulator.close();
      throw new CliFailure(`cannot write ${values.log}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const signal = await context.stopSignal;
    logger.info('stopping', { signal });
    await pusher?.stop();
    await writer?.close();
    await simulator.close();
    return 0;
  },
};

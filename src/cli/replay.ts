/**
 * @module `realmstream replay FILE|ID`: time travel. Serves a recording as the gateway's
 * event source instead of realm pipelines, through the normal dashboard, WebSocket
 * protocol and HTTP API, so any client or bot works on a replay exactly as on live.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tap } from 'rxjs';
import { createLogger } from '../logger.ts';
import { formatDuration, parseDuration } from '../pipeline/recording/duration.ts';
import { GZIP_EXT, PLAIN_EXT, resolveRecording } from '../pipeline/recording/ids.ts';
import { loadRecording, type Recording } from '../pipeline/recording/recording.ts';
import { replaySource } from '../pipeline/sources/replay.ts';
import { startGateway } from '../server/gateway.ts';
import { intFlag, parseCommandArgs } from './args.ts';
import { type CliCommand, type CliContext, CliFailure, CliUsageError } from './context.ts';
import { cliError, recordingsDir } from './recordings.ts';
import { ensureAdminToken, loadCliConfig } from './serve.ts';

const HELP = `Usage: realmstream replay FILE|ID [options]
       realmstream replay --sample [options]

Serves a recording as a realm through the normal gateway: the dashboard, the WebSocket
protocol and the HTTP API work exactly as on live, so any client or bot can be pointed at
a replay. Events keep their recorded time and data, with source "replay"; the gateway
gives them fresh sequence numbers. Realms in the configuration are not polled.

FILE is a path (anything with a / or ending in .jsonl or .jsonl.gz); otherwise the
argument is a recording id looked up in the recordings directory. --sample plays the
ten-minute evening on a simulated TrinityCore realm that ships with realmstream.

Options:
      --sample        play the shipped sample recording (recordings/sample-tc.jsonl)
      --speed N       playback speed, 0.01-1000 (default 1)
      --loop          start again at the end, until stopped
      --from T        start at this offset (ms, or 90s, 5m, 1h30m)
      --to T          stop at this offset
      --types LIST    only these event types (player.*,chat.message)
      --exit-at-end   stop the gateway when the replay ends (not with --loop)
  -d, --dir DIR       recordings directory for an ID
  -c, --config FILE   server and token settings (default ./realmstream.config.json)
      --host HOST     interface to bind (default 127.0.0.1)
  -p, --port N        port to bind (default 8787)
      --no-ui         do not serve the dashboard
      --log-json      log JSON lines instead of text
  -h, --help          show this help
`;

const OPTIONS = {
  sample: { type: 'boolean' },
  speed: { type: 'string' },
  loop: { type: 'boolean' },
  from: { type: 'string' },
  to: { type: 'string' },
  types: { type: 'string' },
  'exit-at-end': { type: 'boolean' },
  dir: { type: 'string', short: 'd' },
  config: { type: 'string', short: 'c' },
  host: { type: 'string' },
  port: { type: 'string', short: 'p' },
  'no-ui': { type: 'boolean' },
  'log-json': { type: 'boolean' },
} as const;

/** The sample evening shipped with the package (found from this file, not the cwd). */
export const SAMPLE_RECORDING = fileURLToPath(
  new URL('../../recordings/sample-tc.jsonl', import.meta.url),
);

/**
 * Whether a replay argument is a path rather than an id.
 *
 * @param argument The positional argument.
 * @returns True for paths.
 */
export function looksLikePath(argument: string): boolean {
  return /[/\\]/.test(argument) || argument.endsWith(PLAIN_EXT) || argument.endsWith(GZIP_EXT);
}

async function load(
  argument: string,
  values: Record<string, unknown>,
  context: CliContext,
): Promise<Recording> {
  try {
    if (looksLikePath(argument)) return await loadRecording(resolve(context.cwd, argument));
    const dir = await recordingsDir(values as { dir?: string; config?: string }, context);
    const paths = await resolveRecording(dir, argument);
    return await loadRecording(paths.file, { gzip: paths.gzip });
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') {
      throw new CliFailure(`no such file: ${argument}`, { cause: error });
    }
    return cliError('replay', error);
  }
}

function offset(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parseDuration(String(value));
  } catch (error) {
    throw new CliUsageError(`--${name}: ${(error as Error).message}`, 'replay');
  }
}

/** The `replay` command. */
export const replayCommand: CliCommand = {
  name: 'replay',
  summary: 'serve a recording as a live realm (time travel)',
  help: HELP,
  async run(args: string[], context: CliContext): Promise<number> {
    const parsed = parseCommandArgs('replay', args, OPTIONS, true);
    if (parsed.help) {
      context.stdout(HELP);
      return 0;
    }
    const { values } = parsed;
    const sample = values.sample === true;
    if (parsed.positionals.length !== (sample ? 0 : 1)) {
      throw new CliUsageError(
        sample
          ? '--sample takes no FILE or ID'
          : 'replay needs exactly one FILE or ID (or --sample)',
        'replay',
      );
    }
    const speed = values.speed === undefined ? 1 : Number(values.speed);
    if (!(speed >= 0.01 && speed <= 1000)) {
      throw new CliUsageError(
        `--speed must be a number from 0.01 to 1000, got '${values.speed}'`,
        'replay',
      );
    }
    const loop = values.loop === true;
    if (loop && values['exit-at-end']) {
      throw new CliUsageError('--exit-at-end cannot be combined with --loop', 'replay');
    }
    const from = offset('from', values.from);
    const to = offset('to', values.to);
    const types = values.types === undefined
      ? undefined
      : String(values.types).split(',').map((t) => t.trim()).filter(Boolean);
    const port = values.port === undefined
      ? undefined
      : intFlag('replay', 'port', values.port, 8787, 0, 65535);
    const recording = await load(
      sample ? SAMPLE_RECORDING : parsed.positionals[0],
      values,
      context,
    );
    let source;
    try {
      source = replaySource(recording, { speed, loop, from, to, types });
    } catch (error) {
      return cliError('replay', error);
    }
    const logger = createLogger({ write: context.stderr, json: values['log-json'] === true });
    const base = (await loadCliConfig(values.config, context)).config;
    const { config, generated } = ensureAdminToken({
      ...base,
      realms: [], // the recording is the only source
      recording: { ...base.recording, auto: false },
      server: {
        ...base.server,
        host: values.host ?? base.server.host,
        port: port ?? base.server.port,
      },
    });
    let ended!: () => void;
    const end = new Promise<string>((resolveEnd) => (ended = () => resolveEnd('end')));
    const gateway = await startGateway({
      config,
      startServer: context.startServer,
      uiRoot: values['no-ui'] ? undefined : context.uiRoot,
      logger,
      sources: [source.pipe(tap({ complete: () => ended() }))],
    });
    const url = `${gateway.server.url}/`;
    const what = `${recording.header.name} (${recording.events.length} events, ` +
      `${formatDuration(recording.durationMs)}) at ${speed}x${loop ? ', looping' : ''}`;
    context.stdout(
      generated
        ? `realmstream is replaying ${what}. Open the dashboard:\n\n  ${url}#token=${generated}\n\n` +
          `(a fresh admin token, valid until this process stops; Ctrl+C to stop)\n`
        : `realmstream is replaying ${what} on ${url} (Ctrl+C to stop)\n`,
    );
    const reason = await Promise.race([
      context.stopSignal,
      end.then((why) => {
        context.stdout('replay finished\n');
        return values['exit-at-end'] ? why : context.stopSignal;
      }),
    ]);
    logger.info('stopping', { signal: reason });
    await gateway.close();
    return 0;
  },
};

/**
 * @module `realmstream record`: runs the gateway like `serve` and records everything its
 * hub publishes into a new recording, until Ctrl+C, `--duration`, or a size limit.
 */
import { join, resolve } from 'node:path';
import { createLogger } from '../logger.ts';
import { formatDuration, parseDuration } from '../pipeline/recording/duration.ts';
import { recordingPaths, validateRecordingId } from '../pipeline/recording/ids.ts';
import type { RecordingResult } from '../pipeline/recording/recorder.ts';
import {
  type CassetteRecorder,
  createCassetteRecorder,
  saveCassette,
} from '../pipeline/recording/cassette.ts';
import type { SoapExchangeTap } from '../pipeline/realms.ts';
import { startGateway } from '../server/gateway.ts';
import { intFlag, parseCommandArgs } from './args.ts';
import { type CliCommand, type CliContext, CliFailure, CliUsageError } from './context.ts';
import { cliError } from './recordings.ts';
import { ensureAdminToken, loadCliConfig } from './serve.ts';

const HELP = `Usage: realmstream record [options]

Runs the gateway (like serve: the configured realms, the dashboard, the API) and records
every event into a new recording in the recordings directory, until Ctrl+C, --duration,
or a limit. Prints the recording's id at the start and a summary at the end.

Options:
  -n, --name NAME          recording name (default "recording")
      --id ID              recording id (default: start time, name, random suffix)
      --description TEXT   stored in the header
      --tag TAG            a label (repeatable)
  -d, --dir DIR            recordings directory (default: config recording.dir)
      --gzip               write .jsonl.gz
      --duration T         stop after this long (ms, or 90s, 5m, 1h30m)
      --max-events N       stop after N events
      --max-bytes N        stop after N bytes (uncompressed)
      --cassette           also record each realm's raw SOAP exchanges (credentials removed)
                           to ID.REALM.cassette.jsonl, for parser tests (cassetteTransport)
  -c, --config FILE        configuration file (default ./realmstream.config.json)
      --host HOST          interface to bind (default 127.0.0.1)
  -p, --port N             port to bind (default 8787)
      --no-ui              do not serve the dashboard
      --log-json           log JSON lines instead of text
  -h, --help               show this help
`;

const OPTIONS = {
  name: { type: 'string', short: 'n' },
  id: { type: 'string' },
  description: { type: 'string' },
  tag: { type: 'string', multiple: true },
  dir: { type: 'string', short: 'd' },
  gzip: { type: 'boolean' },
  duration: { type: 'string' },
  'max-events': { type: 'string' },
  'max-bytes': { type: 'string' },
  cassette: { type: 'boolean' },
  config: { type: 'string', short: 'c' },
  host: { type: 'string' },
  port: { type: 'string', short: 'p' },
  'no-ui': { type: 'boolean' },
  'log-json': { type: 'boolean' },
} as const;

/** The `record` command. */
export const recordCommand: CliCommand = {
  name: 'record',
  summary: 'run the gateway and record every event to a file',
  help: HELP,
  async run(args: string[], context: CliContext): Promise<number> {
    const parsed = parseCommandArgs('record', args, OPTIONS);
    if (parsed.help) {
      context.stdout(HELP);
      return 0;
    }
    const { values } = parsed;
    if (values.id !== undefined) {
      try {
        validateRecordingId(values.id);
      } catch (error) {
        return cliError('record', error);
      }
    }
    let durationMs: number | undefined;
    if (values.duration !== undefined) {
      try {
        durationMs = parseDuration(values.duration);
      } catch (error) {
        throw new CliUsageError(`--duration: ${(error as Error).message}`, 'record');
      }
    }
    const maxEvents = values['max-events'] === undefined
      ? undefined
      : intFlag('record', 'max-events', values['max-events'], 0, 1);
    const maxBytes = values['max-bytes'] === undefined
      ? undefined
      : intFlag('record', 'max-bytes', values['max-bytes'], 0, 1024);
    const port = values.port === undefined
      ? undefined
      : intFlag('record', 'port', values.port, 8787, 0, 65535);
    const logger = createLogger({ write: context.stderr, json: values['log-json'] === true });
    const base = (await loadCliConfig(values.config, context)).config;
    const dir = resolve(context.cwd, values.dir ?? base.recording.dir);
    const { config, generated } = ensureAdminToken({
      ...base,
      recording: {
        ...base.recording,
        dir,
        auto: false,
        gzip: values.gzip === true || base.recording.gzip,
        maxEvents: maxEvents ?? base.recording.maxEvents,
        maxBytes: maxBytes ?? base.recording.maxBytes,
      },
      server: {
        ...base.server,
        host: values.host ?? base.server.host,
        port: port ?? base.server.port,
      },
    });
    const tapes = new Map<string, CassetteRecorder>();
    const soapExchanges: SoapExchangeTap | undefined = values.cassette
      ? (realm, connection) => {
        const tape = createCassetteRecorder({
          realm: realm.id,
          flavor: realm.flavor,
          secrets: [connection.password, connection.username],
        });
        tapes.set(realm.id, tape);
        return tape.onExchange;
      }
      : undefined;
    let gateway: Awaited<ReturnType<typeof startGateway>>;
    try {
      // The recording starts before the realms are connected: nothing is missed.
      gateway = await startGateway({
        config,
        startServer: context.startServer,
        uiRoot: values['no-ui'] ? undefined : context.uiRoot,
        logger,
        soapExchanges,
        record: {
          reason: 'cli',
          name: values.name,
          id: values.id,
          description: values.description,
          tags: values.tag,
        },
      });
    } catch (error) {
      return cliError('record', error);
    }
    const started = gateway.recordings.active()[0];
    if (!started) {
      await gateway.close();
      throw new CliFailure('the recording stopped as soon as it started (see the log above)');
    }
    const { id } = started;
    const file = recordingPaths(dir, id, config.recording.gzip).file;
    context.stdout(
      `recording ${id} to ${file}\n` +
        (generated
          ? `dashboard: ${gateway.server.url}/#token=${generated}\n`
          : `dashboard: ${gateway.server.url}/\n`) +
        `(Ctrl+C to stop${
          durationMs === undefined ? '' : `; stops after ${formatDuration(durationMs)}`
        })\n`,
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const elapsed = new Promise<string>((done) => {
      if (durationMs !== undefined) timer = setTimeout(() => done('duration'), durationMs);
    });
    const stopped = gateway.recordings.whenStopped(id);
    const why = await Promise.race([context.stopSignal, elapsed, stopped.then(() => 'limit')]);
    clearTimeout(timer);
    let result: RecordingResult | undefined;
    try {
      result = why === 'limit' ? await stopped : await gateway.recordings.stop(id);
    } catch (error) {
      logger.error('recording failed', { error });
    }
    await gateway.close();
    for (const [realm, tape] of tapes) {
      const path = join(dir, `${id}.${realm}.cassette.jsonl`);
      const { exchanges } = tape.cassette();
      await saveCassette(path, tape.cassette());
      context.stdout(
        `cassette of ${realm}: ${exchanges.length} exchanges` +
          (tape.dropped ? ` (${tape.dropped} over the limit, not kept)` : '') + ` to ${path}\n`,
      );
    }
    if (!result) throw new CliFailure(`recording ${id} failed (see the log above)`);
    const events = result.files.reduce((sum, summary) => sum + summary.events, 0);
    const duration = result.files.reduce((sum, summary) => sum + summary.durationMs, 0);
    context.stdout(
      `recorded ${events} events in ${formatDuration(duration)} (${result.reason}) to ` +
        `${result.files.map((summary) => summary.id).join(', ')}\n`,
    );
    return 0;
  },
};

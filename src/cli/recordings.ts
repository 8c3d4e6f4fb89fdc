/**
 * @module `realmstream recordings list|show|slice|filter|merge`: the recording library
 * from the command line. Every id is validated and resolved inside the recordings
 * directory (`--dir`, else the config's `recording.dir`, else `./recordings`).
 */
import { resolve } from 'node:path';
import { formatDuration, parseDuration } from '../pipeline/recording/duration.ts';
import { RecordingFormatError } from '../pipeline/recording/format.ts';
import {
  RecordingIdError,
  RecordingNotFoundError,
  resolveRecording,
} from '../pipeline/recording/ids.ts';
import {
  listRecordings,
  mergeRecordings,
  recordingStats,
  resolveRecordings,
  sliceRecording,
} from '../pipeline/recording/library.ts';
import { readSummary } from '../pipeline/recording/summary.ts';
import { parseCommandArgs } from './args.ts';
import { type CliCommand, type CliContext, CliFailure, CliUsageError } from './context.ts';
import { loadCliConfig } from './serve.ts';

const HELP = `Usage: realmstream recordings <action> [options]

Actions:
  list                          recordings in the directory, newest first
  show ID                       header, summary (or stats read from the file), problems
  slice ID --from T [--to T]    a new recording with the entries in [from, to)
  filter ID --types LIST        a new recording with only these event types
  merge ID ID [ID...]           a new recording with the inputs merged by time

Options:
  -d, --dir DIR        recordings directory (default: config recording.dir, else ./recordings)
  -c, --config FILE    configuration file to take recording.dir from
      --from T         slice start (ms, or 90s, 5m, 1h30m; default 0)
      --to T           slice end, exclusive (default: the end)
      --types LIST     comma-separated types, wildcards allowed (player.*,chat.message)
  -o, --out ID         id of the new recording (default: generated)
      --name NAME      name of the new recording
      --gzip           write the new recording compressed
      --json           print JSON instead of text
  -h, --help           show this help

Times (T) are offsets from the recording's start. Ids are file names without extension
(letters, digits, . _ -); paths are not accepted here.
`;

const OPTIONS = {
  dir: { type: 'string', short: 'd' },
  config: { type: 'string', short: 'c' },
  from: { type: 'string' },
  to: { type: 'string' },
  types: { type: 'string' },
  out: { type: 'string', short: 'o' },
  name: { type: 'string' },
  gzip: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

/**
 * Finds the recordings directory: `--dir`, else the config's `recording.dir` (from
 * `--config` or `./realmstream.config.json`), else `./recordings`; relative to `cwd`.
 *
 * @param values Parsed flags.
 * @param context CLI context.
 * @returns The absolute directory.
 */
export async function recordingsDir(
  values: { dir?: string; config?: string },
  context: CliContext,
): Promise<string> {
  if (values.dir) return resolve(context.cwd, values.dir);
  const { config } = await loadCliConfig(values.config, context);
  return resolve(context.cwd, config.recording.dir);
}

/**
 * Turns recording errors into CLI errors: bad ids are usage errors (exit 2), missing or
 * unreadable recordings are failures (exit 1).
 *
 * @param command Subcommand name for the usage hint.
 * @param error What was thrown.
 * @returns Never.
 */
export function cliError(command: string, error: unknown): never {
  if (error instanceof CliUsageError || error instanceof CliFailure) throw error;
  if (error instanceof RecordingIdError || error instanceof RangeError) {
    throw new CliUsageError(error.message, command);
  }
  if (error instanceof RecordingNotFoundError || error instanceof RecordingFormatError) {
    throw new CliFailure(error.message, { cause: error });
  }
  if ((error as { code?: string }).code === 'EEXIST') {
    throw new CliFailure('a recording with that id already exists (choose another --out)', {
      cause: error,
    });
  }
  throw error;
}

function time(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parseDuration(value);
  } catch (error) {
    throw new CliUsageError(`--${name}: ${(error as Error).message}`, 'recordings');
  }
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

async function list(dir: string, json: boolean, context: CliContext): Promise<number> {
  const recordings = await listRecordings(dir);
  if (json) {
    context.stdout(`${JSON.stringify({ dir, recordings }, null, 2)}\n`);
    return 0;
  }
  if (recordings.length === 0) {
    context.stdout(`no recordings in ${dir}\n`);
    return 0;
  }
  const rows = recordings.map((item) => [
    item.id,
    item.header?.name ?? '?',
    item.header ? iso(item.header.startTime) : '?',
    item.summary ? formatDuration(item.summary.durationMs) : '-',
    item.summary ? String(item.summary.events) : '-',
    item.error ? 'unreadable' : item.complete ? 'complete' : 'open or crashed',
  ]);
  const head = ['ID', 'NAME', 'START (UTC)', 'DURATION', 'EVENTS', 'STATE'];
  const widths = head.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => row[i].length))
  );
  const line = (cells: string[]) =>
    cells.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
  context.stdout(`${[line(head), ...rows.map(line)].join('\n')}\n`);
  return 0;
}

async function show(dir: string, id: string, json: boolean, context: CliContext): Promise<number> {
  const paths = await resolveRecording(dir, id);
  const saved = await readSummary(paths);
  const stats = await recordingStats(paths.file);
  const summary = saved ?? stats.summary;
  if (json) {
    context.stdout(
      `${
        JSON.stringify(
          { header: stats.header, summary, complete: !!saved, report: stats.report },
          null,
          2,
        )
      }\n`,
    );
    return 0;
  }
  const { header, report } = stats;
  const lines = [
    `id:        ${header.id}`,
    `name:      ${header.name}`,
    ...(header.description ? [`about:     ${header.description}`] : []),
    ...(header.tags?.length ? [`tags:      ${header.tags.join(', ')}`] : []),
    `file:      ${paths.file}`,
    `start:     ${iso(header.startTime)}`,
    `duration:  ${formatDuration(summary.durationMs)}`,
    `events:    ${summary.events} (${summary.markers} markers, ${summary.dropped} dropped)`,
    `state:     ${
      saved
        ? `complete (${saved.stopReason})`
        : stats.stopped
        ? 'stopped, no summary'
        : 'open or crashed (no stop marker)'
    }`,
    'types:',
    ...Object.entries(summary.types).sort((a, b) => b[1] - a[1]).map(([type, n]) =>
      `  ${type.padEnd(28)} ${n}`
    ),
  ];
  if (header.derivedFrom) {
    lines.push(`derived:   ${header.derivedFrom.op} of ${header.derivedFrom.ids.join(', ')}`);
  }
  if (report.skipped > 0) {
    lines.push(
      `skipped:   ${report.skipped} bad lines (first at byte ${report.skippedSamples[0]?.offset})`,
    );
  }
  if (report.tail) {
    lines.push(
      `ignored:   ${report.tail.count} item(s), ${report.tail.bytes} bytes at byte ${report.tail.offset} (${report.tail.reason})`,
    );
  }
  context.stdout(`${lines.join('\n')}\n`);
  return 0;
}

/** The `recordings` command. */
export const recordingsCommand: CliCommand = {
  name: 'recordings',
  summary: 'list, show, slice, filter and merge recordings',
  help: HELP,
  async run(args: string[], context: CliContext): Promise<number> {
    const parsed = parseCommandArgs('recordings', args, OPTIONS, true);
    if (parsed.help) {
      context.stdout(HELP);
      return 0;
    }
    const [action, ...ids] = parsed.positionals;
    const values = parsed.values as Record<string, string | boolean | undefined>;
    const json = values.json === true;
    const need = (count: number, what: string) => {
      if (ids.length < count) throw new CliUsageError(`${action} needs ${what}`, 'recordings');
    };
    const target = {
      id: values.out as string | undefined,
      name: values.name as string | undefined,
      gzip: values.gzip === true,
    };
    const types = (values.types as string | undefined)?.split(',').map((t) => t.trim()).filter(
      Boolean,
    );
    if (action === undefined) {
      throw new CliUsageError('which action? list, show, slice, filter or merge', 'recordings');
    }
    if (!['list', 'show', 'slice', 'filter', 'merge'].includes(action)) {
      throw new CliUsageError(`unknown action '${action}'`, 'recordings');
    }
    const dir = await recordingsDir(values as { dir?: string; config?: string }, context);
    try {
      switch (action) {
        case 'list':
          return await list(dir, json, context);
        case 'show':
          need(1, 'an id');
          return await show(dir, ids[0], json, context);
        case 'slice': {
          need(1, 'an id');
          const from = time('from', values.from as string | undefined);
          const to = time('to', values.to as string | undefined);
          if (from === undefined && to === undefined) {
            throw new CliUsageError('slice needs --from and/or --to', 'recordings');
          }
          const [source] = await resolveRecordings(dir, [ids[0]]);
          const summary = await sliceRecording(source.file, { from, to, types }, {
            dir,
            ...target,
          });
          return done(summary, json, context, 'sliced');
        }
        case 'filter': {
          need(1, 'an id');
          if (!types?.length) throw new CliUsageError('filter needs --types', 'recordings');
          const [source] = await resolveRecordings(dir, [ids[0]]);
          const summary = await sliceRecording(source.file, { types }, { dir, ...target });
          return done(summary, json, context, 'filtered');
        }
        default: {
          need(2, 'at least two ids');
          const sources = await resolveRecordings(dir, ids);
          const summary = await mergeRecordings(sources.map((s) => s.file), { dir, ...target });
          return done(summary, json, context, 'merged');
        }
      }
    } catch (error) {
      return cliError('recordings', error);
    }
  },
};

function done(
  summary: { id: string; events: number; durationMs: number },
  json: boolean,
  context: CliContext,
  verb: string,
): number {
  context.stdout(
    json
      ? `${JSON.stringify(summary, null, 2)}\n`
      : `${verb} into ${summary.id}: ${summary.events} events, ${
        formatDuration(summary.durationMs)
      }\n`,
  );
  return 0;
}

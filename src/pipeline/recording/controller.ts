/**
 * @module The gateway's recording desk: starts and stops recorders on the hub (from the
 * HTTP API, the dashboard, or `recording.auto`), and runs at most one player that plays a
 * recording into the hub (time travel from the dashboard). Bounded: a few recorders at
 * once, one player, recordings loaded for play bounded in events.
 */
import { asyncScheduler, filter, type SchedulerLike, type Subscription } from 'rxjs';
import type { Config } from '../config.ts';
import type { Hub } from '../hub.ts';
import { type Logger, silentLogger } from '../../logger.ts';
import { playerSource } from '../sources/replay.ts';
import type { StartReason } from './format.ts';
import { RecordingNotFoundError } from './ids.ts';
import { createPlayer, type Player, type PlayerState } from './player.ts';
import { record, type Recorder, type RecorderStats, type RecordingResult } from './recorder.ts';
import { loadRecordingById } from './recording.ts';

/** Most recorders running at once. */
export const MAX_ACTIVE_RECORDERS = 4;
/** Most events of a recording loaded into the player. */
export const MAX_PLAYER_EVENTS = 500_000;

/** A request to start recording. */
export interface StartRecordingRequest {
  /** Name (default `recording`). */
  name?: string;
  /** Explicit id (validated). */
  id?: string;
  /** Free text. */
  description?: string;
  /** Labels. */
  tags?: readonly string[];
  /** Who asked (default `api`). */
  reason?: StartReason;
}

/** A running recorder as the API shows it. */
export interface ActiveRecording {
  readonly id: string;
  readonly name: string;
  readonly reason: StartReason;
  readonly stats: RecorderStats;
}

/** Player controls. */
export type PlayerControl =
  | { action: 'pause' }
  | { action: 'resume' }
  | { action: 'seek'; to: number | { marker: number } }
  | { action: 'speed'; speed: number }
  | { action: 'loop'; loop: boolean }
  | { action: 'stop' };

/** Options of a play request. */
export interface PlayRequest {
  /** Speed 0.25-16 (default 1). */
  speed?: number;
  /** Loop (default false). */
  loop?: boolean;
  /** Shorten idle gaps longer than this (ms). */
  skipIdleMs?: number;
  /** Only these types. */
  types?: readonly string[];
}

/** The player as the API shows it. */
export interface PlayerInfo {
  /** Recording being played. */
  readonly id: string;
  /** Its state. */
  readonly state: PlayerState;
  /** Marker kinds and times, for seek buttons. */
  readonly markers: readonly { t: number; kind: string; label?: string }[];
}

/** Too many recorders, or another conflict the caller can resolve. */
export class RecordingConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordingConflictError';
  }
}

/** Options for {@link createRecordingController}. */
export interface RecordingControllerOptions {
  /** The hub to record from and play into. */
  hub: Hub;
  /** The `recording` section of the config. */
  config: Config['recording'];
  /** Time source (default `asyncScheduler`). */
  scheduler?: SchedulerLike;
  /** Where to log. */
  logger?: Logger;
}

/** The recording desk. */
export interface RecordingController {
  /** Recordings directory. */
  readonly dir: string;
  /** Starts a recorder on the hub; resolves once its file exists. */
  start(request?: StartRecordingRequest): Promise<ActiveRecording>;
  /** Stops a running recorder. */
  stop(id: string, reason?: 'manual' | 'shutdown'): Promise<RecordingResult>;
  /** Running recorders. */
  active(): ActiveRecording[];
  /** Resolves when a running recorder stops, for whatever reason (limit, error, stop). */
  whenStopped(id: string): Promise<RecordingResult>;
  /** Loads a recording by id and plays it into the hub (replacing any current player). */
  play(id: unknown, request?: PlayRequest): Promise<PlayerInfo>;
  /** The current player, if any. */
  player(): PlayerInfo | undefined;
  /** Steers the current player. */
  control(control: PlayerControl): PlayerInfo | undefined;
  /** Stops every recorder (reason `shutdown`) and the player; waits for files to close. */
  close(): Promise<void>;
}

/**
 * Creates the recording desk of a gateway.
 *
 * ## Example
 * ```ts
 * const desk = createRecordingController({ hub, config: config.recording, logger });
 * if (config.recording.auto) await desk.start({ reason: 'auto', name: 'auto' });
 * gateway.onShutdown(() => desk.close());
 * ```
 *
 * @param options Hub, config, scheduler, logger.
 * @returns The controller.
 */
export function createRecordingController(
  options: RecordingControllerOptions,
): RecordingController {
  const { hub, config } = options;
  const scheduler = options.scheduler ?? asyncScheduler;
  const logger = options.logger ?? silentLogger;
  const recorders = new Map<string, { recorder: Recorder; name: string; reason: StartReason }>();
  let current: { id: string; player: Player; source: Subscription } | undefined;

  function info(entry: { recorder: Recorder; name: string; reason: StartReason }) {
    return {
      id: entry.recorder.id,
      name: entry.name,
      reason: entry.reason,
      stats: entry.recorder.stats(),
    };
  }

  function playerInfo(): PlayerInfo | undefined {
    if (!current) return undefined;
    return {
      id: current.id,
      state: current.player.state(),
      markers: current.player.markers.map(({ t, marker }) => ({
        t,
        kind: marker.kind,
        ...(marker.label === undefined ? {} : { label: marker.label }),
      })),
    };
  }

  function stopPlayer(): void {
    if (!current) return;
    current.player.close();
    current.source.unsubscribe();
    current = undefined;
  }

  return {
    dir: config.dir,
    async start(request = {}) {
      if (recorders.size >= MAX_ACTIVE_RECORDERS) {
        throw new RecordingConflictError(
          `at most ${MAX_ACTIVE_RECORDERS} recordings at once: stop one first`,
        );
      }
      const reason = request.reason ?? 'api';
      const name = request.name ?? (reason === 'auto' ? 'auto' : 'recording');
      const limited = config.maxEvents !== undefined || config.maxBytes !== undefined;
      // The gateway's own stats.window counts are left out: a replay through a gateway makes
      // them again, and recorded ones would count every event twice.
      const recorded$ = hub.events$.pipe(filter(({ event }) => event.type !== 'stats.window'));
      const recorder = record(recorded$, {
        dir: config.dir,
        id: request.id,
        name,
        description: request.description,
        tags: request.tags,
        gzip: config.gzip,
        redact: config.redact,
        flushMs: config.flushMs,
        maxEvents: config.maxEvents,
        maxBytes: config.maxBytes,
        // An automatic recording runs for the life of the gateway: rotate at the limits.
        rotate: reason === 'auto' && limited,
        reason,
        epoch: hub.epoch,
        scheduler,
        onError: (error) => logger.error('recording failed', { id: recorder.id, error }),
      });
      const entry = { recorder, name, reason };
      recorders.set(recorder.id, entry);
      const forget = () => recorders.delete(recorder.id);
      recorder.done.then(
        (result) => {
          forget();
          logger.info('recording stopped', { id: recorder.id, reason: result.reason });
        },
        forget,
      );
      try {
        await recorder.ready;
      } catch (error) {
        forget();
        throw error;
      }
      logger.info('recording started', { id: recorder.id, reason, dir: config.dir });
      return info(entry);
    },
    async stop(id, reason = 'manual') {
      const entry = recorders.get(id);
      if (!entry) throw new RecordingNotFoundError(id, `no recording '${id}' is running`);
      return await entry.recorder.stop(reason);
    },
    active: () => [...recorders.values()].map(info),
    whenStopped(id) {
      const entry = recorders.get(id);
      if (!entry) {
        return Promise.reject(new RecordingNotFoundError(id, `no recording '${id}' is running`));
      }
      return entry.recorder.done;
    },
    async play(id, request = {}) {
      const recording = await loadRecordingById(config.dir, id, {
        maxEvents: MAX_PLAYER_EVENTS,
      });
      const player = createPlayer(recording, {
        scheduler,
        speed: request.speed,
        loop: request.loop,
        skipIdleMs: request.skipIdleMs,
        types: request.types,
      });
      stopPlayer();
      current = { id: recording.header.id, player, source: hub.connect(playerSource(player)) };
      player.play();
      logger.info('player started', { id: recording.header.id });
      return playerInfo() as PlayerInfo;
    },
    player: playerInfo,
    control(control) {
      if (!current) return undefined;
      const { player } = current;
      switch (control.action) {
        case 'pause':
          player.pause();
          break;
        case 'resume':
          player.resume();
          break;
        case 'seek':
          player.seek(control.to);
          break;
        case 'speed':
          player.setSpeed(control.speed);
          break;
        case 'loop':
          player.setLoop(control.loop);
          break;
        case 'stop':
          stopPlayer();
          return undefined;
      }
      return playerInfo();
    },
    async close() {
      stopPlayer();
      const stopping = [...recorders.values()].map((entry) =>
        entry.recorder.stop('shutdown').catch((error: unknown) => {
          logger.error('recording failed to close', { id: entry.recorder.id, error });
        })
      );
      await Promise.all(stopping);
    },
  };
}

/**
 * @module Recordings: the list and running recorders (refreshed while watched), starting and
 * stopping a recorder, and the player (polled while watched) with its controls. Played events
 * come back through the live stream with `source: "replay"`, into the same views.
 */
import { computed, createModel, effect, type ReadonlySignal, signal } from '@preact/signals';
import type { ApiClient } from '../../client/api.ts';
import type { ActiveRecording, PlayerInfo } from '../../pipeline/recording/controller.ts';
import type { RecordingListing } from '../../pipeline/recording/library.ts';

/** How often the list is refreshed while shown, ms. */
export const RECORDINGS_POLL_MS = 5000;
/** How often the player state is read while shown, ms. */
export const PLAYER_POLL_MS = 500;

/** The recordings model. */
export const RecordingsModel = createModel((
  api: ReadonlySignal<ApiClient | null>,
  hooks: { onPlay(): void; onSeek(): void },
) => {
  const recordings = signal<readonly RecordingListing[]>([], { name: 'recordings.list' });
  const active = signal<readonly ActiveRecording[]>([], { name: 'recordings.active' });
  const player = signal<PlayerInfo | null>(null, { name: 'recordings.player' });
  const error = signal<string | null>(null, { name: 'recordings.error' });
  const busy = signal(false, { name: 'recordings.busy' });
  const loaded = signal(false, { name: 'recordings.loaded' });

  async function run<T>(task: (client: ApiClient) => Promise<T>): Promise<T | undefined> {
    const client = api.peek();
    if (!client) return undefined;
    busy.value = true;
    try {
      const result = await task(client);
      error.value = null;
      return result;
    } catch (cause) {
      error.value = cause instanceof Error ? cause.message : String(cause);
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  async function refresh(): Promise<void> {
    const client = api.peek();
    if (!client) return;
    try {
      const answer = await client.recordings();
      recordings.value = answer.recordings;
      active.value = answer.active;
      loaded.value = true;
    } catch (cause) {
      error.value = cause instanceof Error ? cause.message : String(cause);
    }
  }

  async function readPlayer(): Promise<void> {
    const client = api.peek();
    if (!client) return;
    try {
      player.value = await client.player();
    } catch {
      // Keep the last state; the next poll tries again.
    }
  }

  function poll(task: () => Promise<void>, ms: number): () => void {
    return effect(() => {
      if (!api.value) return;
      void task();
      const timer = setInterval(() => void task(), ms);
      return () => clearInterval(timer);
    });
  }

  let stopList: (() => void) | undefined;
  let stopPlayer: (() => void) | undefined;
  const list = computed(() => recordings.value, {
    name: 'recordings.watchedList',
    watched: () => void (stopList = poll(refresh, RECORDINGS_POLL_MS)),
    unwatched: () => stopList?.(),
  });
  const state = computed(() => player.value, {
    name: 'recordings.watchedPlayer',
    watched: () => void (stopPlayer = poll(readPlayer, PLAYER_POLL_MS)),
    unwatched: () => stopPlayer?.(),
  });

  const control = async (body: Parameters<ApiClient['control']>[0]) => {
    const info = await run((client) => client.control(body));
    if (info !== undefined) player.value = info;
  };

  return {
    list,
    state,
    active,
    error,
    busy,
    loaded,
    refresh,
    /** Starts a recorder. */
    async start(name: string) {
      await run((client) => client.startRecording(name.trim() ? { name: name.trim() } : {}));
      await refresh();
    },
    /** Stops a recorder. */
    async stop(id: string) {
      await run((client) => client.stopRecording(id));
      await refresh();
    },
    /** Plays a recording into the live views. */
    async play(id: string, speed = 1) {
      hooks.onPlay();
      const info = await run((client) => client.play(id, { speed }));
      if (info) player.value = info;
    },
    pause: () => control({ action: 'pause' }),
    resume: () => control({ action: 'resume' }),
    /** Moves the playhead (ms from the start, or a marker index). */
    async seek(to: number | { marker: number }) {
      hooks.onSeek();
      await control({ action: 'seek', to });
    },
    setSpeed: (speed: number) => control({ action: 'speed', speed }),
    stopPlaying: () => control({ action: 'stop' }),
  };
});

/** A recordings model instance. */
export type RecordingsModel = InstanceType<typeof RecordingsModel>;

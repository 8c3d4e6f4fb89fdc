/**
 * @module The playback timeline: seek slider with markers (restarts, admin commands, notes),
 * play/pause, speed and stop. Shown above the live views while a recording plays.
 */
import type { ReadonlySignal } from '@preact/signals';
import type { PlayerInfo } from '../../pipeline/recording/controller.ts';
import { formatDuration } from '../lib/format.ts';

/** Props of {@link PlayerStrip}. */
export interface PlayerStripProps {
  player: ReadonlySignal<PlayerInfo | null>;
  onPause(): void;
  onResume(): void;
  onSeek(to: number | { marker: number }): void;
  onSpeed(speed: number): void;
  onStop(): void;
}

const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16];

/** The timeline of the recording being played. */
export function PlayerStrip(props: PlayerStripProps) {
  const info = props.player.value;
  if (!info) return null;
  const { state, markers } = info;
  const duration = Math.max(1, state.duration);
  return (
    <section class='player card' aria-label={`Playing recording ${info.id}`}>
      <div class='row'>
        <strong>▶ {info.id}</strong>
        <span id='player-position' class='muted'>
          {formatDuration(state.position / 1000)} / {formatDuration(state.duration / 1000)}
          {state.ended ? ' (ended)' : ''}
        </span>
        <button
          type='button'
          id='player-toggle'
          onClick={state.playing ? props.onPause : props.onResume}
        >
          {state.playing ? 'Pause' : 'Play'}
        </button>
        <label>
          Speed{' '}
          <select
            id='player-speed'
            value={String(state.speed)}
            onChange={(event) => props.onSpeed(Number(event.currentTarget.value))}
          >
            {SPEEDS.map((speed) => <option key={speed} value={String(speed)}>{speed}×</option>)}
          </select>
        </label>
        <button type='button' class='ghost' onClick={props.onStop}>Stop</button>
      </div>
      <div class='timeline'>
        <input
          id='player-seek'
          type='range'
          min={0}
          max={duration}
          step={Math.max(1, Math.round(duration / 1000))}
          value={Math.min(state.position, duration)}
          aria-label='Playback position'
          aria-valuetext={formatDuration(state.position / 1000)}
          onChange={(event) => props.onSeek(Number(event.currentTarget.value))}
        />
        <div class='markers'>
          {markers.map((marker, index) => (
            <button
              type='button'
              key={`${marker.t}-${index}`}
              class={`marker marker-${marker.kind}`}
              style={{ left: `${(marker.t / duration) * 100}%` }}
              title={`${marker.kind}${marker.label ? `: ${marker.label}` : ''} at ${
                formatDuration(marker.t / 1000)
              }`}
              aria-label={`Seek to ${marker.kind} marker at ${formatDuration(marker.t / 1000)}`}
              onClick={() => props.onSeek({ marker: index })}
            />
          ))}
        </div>
      </div>
    </section>
  );
}

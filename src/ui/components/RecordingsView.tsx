/** @module The recordings view: start/stop recording, the list, play. */
import { useSignal } from '@preact/signals';
import { Show } from '@preact/signals/utils';
import { formatDuration } from '../lib/format.ts';
import type { RecordingsModel } from '../models/recordings.ts';

/** Props of {@link RecordingsView}. */
export interface RecordingsViewProps {
  model: RecordingsModel;
  /** Whether the token may start, stop and play (admin). */
  admin: boolean;
}

/** Recordings on the gateway. */
export function RecordingsView({ model, admin }: RecordingsViewProps) {
  const name = useSignal('');
  const speed = useSignal(1);
  const recordings = model.list.value;
  const active = model.active.value;
  return (
    <div class='recordings'>
      <Show when={model.error}>{(error) => <p class='error' role='alert'>{error}</p>}</Show>
      <section class='card'>
        <h2>Record</h2>
        {admin
          ? (
            <form
              class='row'
              onSubmit={(event) => {
                event.preventDefault();
                void model.start(name.value);
                name.value = '';
              }}
            >
              <label>
                Name{' '}
                <input
                  id='recording-name'
                  value={name}
                  maxLength={200}
                  onInput={(event) => (name.value = event.currentTarget.value)}
                />
              </label>
              <button type='submit' id='recording-start' disabled={model.busy}>
                Start recording
              </button>
            </form>
          )
          : <p class='muted'>Starting, stopping and playing recordings needs an admin token.</p>}
        {active.length > 0
          ? (
            <ul class='active-recordings'>
              {active.map((recording) => (
                <li key={recording.stats.id}>
                  <span class='dot dot-open' aria-hidden='true' /> {recording.name}{' '}
                  <span class='muted'>({recording.stats.events} events)</span> {admin
                    ? (
                      <button
                        type='button'
                        data-stop={recording.stats.id}
                        onClick={() => void model.stop(recording.stats.id)}
                      >
                        Stop
                      </button>
                    )
                    : null}
                </li>
              ))}
            </ul>
          )
          : null}
      </section>
      <section class='card'>
        <header class='row'>
          <h2>Recordings</h2>
          <label>
            Play at{' '}
            <select
              value={String(speed.value)}
              onChange={(event) => (speed.value = Number(event.currentTarget.value))}
            >
              {[0.5, 1, 2, 4, 8, 16].map((s) => <option key={s} value={String(s)}>{s}×</option>)}
            </select>
          </label>
          <button type='button' class='ghost' onClick={() => void model.refresh()}>Refresh</button>
        </header>
        {recordings.length === 0
          ? <p class='muted'>{model.loaded.value ? 'No recordings yet.' : 'Loading…'}</p>
          : (
            <div class='table-wrap'>
              <table>
                <thead>
                  <tr>
                    <th scope='col'>Recording</th>
                    <th scope='col'>Events</th>
                    <th scope='col'>Length</th>
                    <th scope='col'>Size</th>
                    <th scope='col'>
                      <span class='sr-only'>Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {recordings.map((recording) => (
                    <tr key={recording.id} data-recording={recording.id}>
                      <td>
                        {recording.header?.name ?? recording.id}
                        <div class='muted small'>{recording.id}</div>
                      </td>
                      <td>{recording.summary?.events ?? (recording.complete ? 0 : '…')}</td>
                      <td>
                        {recording.summary
                          ? formatDuration(recording.summary.durationMs / 1000)
                          : '-'}
                      </td>
                      <td>{(recording.fileBytes / 1024).toFixed(1)} KiB</td>
                      <td>
                        {admin && recording.complete
                          ? (
                            <button
                              type='button'
                              data-play={recording.id}
                              aria-label={`Play ${recording.id}`}
                              onClick={() => void model.play(recording.id, speed.value)}
                            >
                              Play
                            </button>
                          )
                          : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
      </section>
    </div>
  );
}

/** @module The always-visible connection status: state, counters, last notice, disconnect. */
import { type ReadonlySignal, useComputed } from '@preact/signals';
import { Show } from '@preact/signals/utils';
import type { ClientStats, ConnectionStatus } from '../../client/types.ts';

/** Props of {@link StatusBar}. */
export interface StatusBarProps {
  status: ReadonlySignal<ConnectionStatus>;
  text: ReadonlySignal<string>;
  stats: ReadonlySignal<ClientStats>;
  notice: ReadonlySignal<string | null>;
  role: ReadonlySignal<string | null>;
  onDisconnect(): void;
}

/** Connection status, counters and a disconnect button. */
export function StatusBar(props: StatusBarProps) {
  const { stats } = props;
  const received = useComputed(() => stats.value.received);
  const counters = useComputed(() =>
    ` events · ${stats.value.reconnects} reconnects · ${stats.value.gaps} gaps`
  );
  const dotClass = useComputed(() => `dot dot-${props.status.value}`);
  return (
    <div class='status-bar' role='status' aria-live='polite'>
      <span class={dotClass} aria-hidden='true' />
      <span id='status'>{props.text}</span>
      <span class='muted'>
        <span id='received'>{received}</span>
        {counters}
      </span>
      <Show when={props.role}>{(role) => <span class='badge'>{role}</span>}</Show>
      <Show when={props.notice}>
        {(notice) => <span class='notice' role='alert'>{notice}</span>}
      </Show>
      <button type='button' class='ghost' onClick={props.onDisconnect}>
        Disconnect
      </button>
    </div>
  );
}

/** @module The detail panel: the full event as JSON. */
import type { ReadonlySignal } from '@preact/signals';
import type { RealmEvent } from '../../pipeline/events.ts';

/** Props of {@link EventDetail}. */
export interface EventDetailProps {
  event: ReadonlySignal<RealmEvent | null>;
  onClose(): void;
}

/** Shows the selected event in full. */
export function EventDetail(props: EventDetailProps) {
  const event = props.event.value;
  if (!event) {
    return (
      <aside class='detail card muted' aria-label='Event detail'>
        Select an event to see it in full.
      </aside>
    );
  }
  return (
    <aside class='detail card' aria-label='Event detail'>
      <header>
        <h3>{event.type}</h3>
        <button type='button' class='ghost' aria-label='Close detail' onClick={props.onClose}>
          ×
        </button>
      </header>
      <pre id='event-detail'>{JSON.stringify(event, null, 2)}</pre>
    </aside>
  );
}

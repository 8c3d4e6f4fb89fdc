/**
 * @module The event list with virtual scrolling: only the rows in view (plus a few) are in
 * the DOM, whatever the number of events.
 */
import type { ReadonlySignal } from '@preact/signals';
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { RealmEvent } from '../../pipeline/events.ts';
import { formatClock, summarize } from '../lib/format.ts';

/** Height of one row in px (CSS `.event-row` uses the same). */
export const ROW_HEIGHT = 28;
const OVERSCAN = 8;

/** Props of {@link EventList}. */
export interface EventListProps {
  events: ReadonlySignal<readonly RealmEvent[]>;
  selected: ReadonlySignal<RealmEvent | null>;
  onSelect(event: RealmEvent): void;
}

/** A virtualised, keyboard-navigable list of events (newest first). */
export function EventList(props: EventListProps) {
  const scrollTop = useSignal(0);
  const height = useSignal(400);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(() => (height.value = element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const events = props.events.value;
  const first = Math.max(0, Math.floor(scrollTop.value / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(
    events.length,
    Math.ceil((scrollTop.value + height.value) / ROW_HEIGHT) + OVERSCAN,
  );
  const selectedId = props.selected.value?.id;

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const index = events.findIndex((item) => item.id === selectedId);
    const next = events[
      Math.max(0, Math.min(events.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1)))
    ];
    if (!next) return;
    props.onSelect(next);
    const element = ref.current;
    const top = events.indexOf(next) * ROW_HEIGHT;
    if (
      element &&
      (top < element.scrollTop || top + ROW_HEIGHT > element.scrollTop + element.clientHeight)
    ) {
      element.scrollTop = top - element.clientHeight / 2;
    }
  };

  return (
    <div
      class='event-list'
      ref={ref}
      tabIndex={0}
      role='listbox'
      aria-label={`Events (${events.length} shown)`}
      aria-activedescendant={selectedId ? `event-${selectedId}` : undefined}
      onScroll={(event) => (scrollTop.value = event.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
    >
      <div class='event-spacer' style={{ height: `${events.length * ROW_HEIGHT}px` }}>
        {events.slice(first, last).map((event, offset) => (
          <div
            key={event.id}
            id={`event-${event.id}`}
            role='option'
            aria-selected={event.id === selectedId}
            class={`event-row prio-${event.priority}${event.id === selectedId ? ' selected' : ''}`}
            style={{ top: `${(first + offset) * ROW_HEIGHT}px` }}
            data-seq={event.seq}
            onClick={() => props.onSelect(event)}
          >
            <span class='time'>{formatClock(event.time)}</span>
            <span class='realm'>{event.realm}</span>
            <span class={`type type-${event.type.split('.')[0]}`}>{event.type}</span>
            <span class='summary'>{summarize(event)}</span>
            {event.source === 'replay' ? <span class='badge'>replay</span> : null}
          </div>
        ))}
      </div>
      {events.length === 0 ? <p class='empty muted'>No events match.</p> : null}
    </div>
  );
}

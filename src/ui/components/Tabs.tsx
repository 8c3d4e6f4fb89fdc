/** @module The view switcher: a tab list of buttons. */
import type { ReadonlySignal } from '@preact/signals';
import type { View } from '../models/app.ts';

const LABELS: Record<View, string> = {
  live: 'Live',
  charts: 'Charts',
  realms: 'Realms',
  recordings: 'Recordings',
};

/** Props of {@link Tabs}. */
export interface TabsProps {
  views: readonly View[];
  current: ReadonlySignal<View>;
  onSelect(view: View): void;
}

/** One button per view; arrow keys move between them. */
export function Tabs(props: TabsProps) {
  const move = (event: KeyboardEvent, index: number) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = props.views[(index + step + props.views.length) % props.views.length];
    props.onSelect(next);
    document.getElementById(`tab-${next}`)?.focus();
  };
  return (
    <nav class='tabs' role='tablist' aria-label='Views'>
      {props.views.map((view, index) => (
        <button
          type='button'
          role='tab'
          id={`tab-${view}`}
          key={view}
          aria-selected={props.current.value === view}
          aria-controls={`view-${view}`}
          tabIndex={props.current.value === view ? 0 : -1}
          onClick={() => props.onSelect(view)}
          onKeyDown={(event) => move(event, index)}
        >
          {LABELS[view]}
        </button>
      ))}
    </nav>
  );
}

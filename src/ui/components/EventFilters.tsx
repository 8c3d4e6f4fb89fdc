/** @module Live view toolbar: type chips, realm and source filters, search, pause, export. */
import { useComputed } from '@preact/signals';
import type { ExportFormat } from '../lib/exportEvents.ts';
import type { EventsModel, SourceFilter } from '../models/events.ts';

/** Props of {@link EventFilters}. */
export interface EventFiltersProps {
  model: EventsModel;
  onExport(format: ExportFormat): void;
}

/** Filters and actions above the event list. */
export function EventFilters({ model, onExport }: EventFiltersProps) {
  const pauseLabel = useComputed(() =>
    model.paused.value ? `Resume (${model.pending.value} new)` : 'Pause'
  );
  const shown = useComputed(() => `${model.visible.value.length} shown of ${model.stored.value}`);
  return (
    <div class='filters'>
      <div class='row'>
        <label class='search'>
          <span class='sr-only'>Search events</span>
          <input
            id='event-search'
            type='search'
            placeholder='Search text, names, types…'
            value={model.search}
            onInput={(event) => (model.search.value = event.currentTarget.value)}
          />
        </label>
        <label>
          Realm{' '}
          <select
            id='realm-filter'
            value={model.realm}
            onChange={(event) => (model.realm.value = event.currentTarget.value)}
          >
            <option value=''>all</option>
            {model.realms.value.map((realm) => <option key={realm} value={realm}>{realm}</option>)}
          </select>
        </label>
        <label>
          Source{' '}
          <select
            id='source-filter'
            value={model.source}
            onChange={(event) => (model.source.value = event.currentTarget.value as SourceFilter)}
          >
            <option value='all'>all</option>
            <option value='live'>live</option>
            <option value='replay'>replay</option>
          </select>
        </label>
        <button
          type='button'
          id='pause-button'
          aria-pressed={model.paused}
          onClick={() => model.togglePause()}
        >
          {pauseLabel}
        </button>
        <button type='button' onClick={() => onExport('json')}>Export JSON</button>
        <button type='button' onClick={() => onExport('jsonl')}>Export JSONL</button>
        <button type='button' class='ghost' onClick={() => model.clear()}>Clear</button>
        <span class='muted' id='shown-count'>{shown}</span>
      </div>
      <div
        class='row chips'
        role='group'
        aria-label='Event types (click: toggle, double-click: only this)'
      >
        {model.types.value.map((type) => (
          <button
            type='button'
            key={type}
            class='chip'
            data-type={type}
            aria-pressed={!model.hiddenTypes.value.has(type)}
            onClick={() => model.toggleType(type)}
            onDblClick={() => model.only(type)}
          >
            {type}
          </button>
        ))}
      </div>
    </div>
  );
}

/** @module The live view: filters, the virtualised list and the detail panel. */
import { download, type ExportFormat, serializeEvents } from '../lib/exportEvents.ts';
import type { EventsModel } from '../models/events.ts';
import { EventDetail } from './EventDetail.tsx';
import { EventFilters } from './EventFilters.tsx';
import { EventList } from './EventList.tsx';

/** Props of {@link LiveView}. */
export interface LiveViewProps {
  model: EventsModel;
}

/** Events as they come. */
export function LiveView({ model }: LiveViewProps) {
  const exportShown = (format: ExportFormat) => {
    // The list shows newest first; files read better oldest first.
    const events = [...model.visible.peek()].reverse();
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    download(
      `realmstream-events-${stamp}.${format}`,
      serializeEvents(events, format),
      format === 'json' ? 'application/json' : 'application/x-ndjson',
    );
  };
  return (
    <div class='live'>
      <EventFilters model={model} onExport={exportShown} />
      <div class='live-body'>
        <EventList
          events={model.visible}
          selected={model.selected}
          onSelect={(event) => model.select(event)}
        />
        <EventDetail event={model.selected} onClose={() => model.select(null)} />
      </div>
    </div>
  );
}

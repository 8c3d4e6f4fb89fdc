/**
 * @module The dashboard's root model: the connection, and the models it feeds (events,
 * realms, charts, recordings), plus the current view.
 */
import { computed, createModel, effect, signal } from '@preact/signals';
import { httpBaseFromWsUrl } from '../../client/api.ts';
import { defaultWsUrl, loadSettings, tokenFromHash } from '../lib/settings.ts';
import { ChartsModel } from './charts.ts';
import { ConnectionModel } from './connection.ts';
import { ConsoleModel, httpConsoleRunner } from './console.ts';
import { EventsModel } from './events.ts';
import { RealmsModel } from './realms.ts';
import { RecordingsModel } from './recordings.ts';

/** The views of the dashboard. */
export const VIEWS = ['live', 'charts', 'realms', 'recordings'] as const;
/** A view. */
export type View = (typeof VIEWS)[number];

/** Where the app starts: the page's location and what the browser remembers. */
export interface AppStart {
  /** `location.protocol` and `location.host`. */
  location: { protocol: string; host: string; hash: string };
  /** Event ring capacity. */
  capacity?: number;
}

/** The root model. */
export const AppModel = createModel((start: AppStart) => {
  const saved = loadSettings();
  const fromHash = tokenFromHash(start.location.hash);
  const view = signal<View>('live', { name: 'app.view' });
  const events = new EventsModel(start.capacity);
  // The sink below runs only once messages arrive, after these models exist.
  const fed: { realms?: RealmsModel; charts?: ChartsModel } = {};
  const connection = new ConnectionModel(
    {
      url: fromHash ? defaultWsUrl(start.location) : (saved?.url ?? defaultWsUrl(start.location)),
      token: fromHash ?? saved?.token ?? '',
    },
    {
      events(list) {
        const plain = list.map((item) => item.event);
        events.ingest(plain);
        fed.charts?.count(plain);
        fed.realms?.applyEvents(plain);
      },
      notice(notice) {
        // After a gap in the stream the cards may be stale: reload them (protocol §5.3).
        if (notice.kind === 'subscribed' && notice.resumed && !notice.recovered) {
          void fed.realms?.refresh();
        }
      },
    },
  );
  const realms = new RealmsModel(connection.api);
  const charts = new ChartsModel(realms.byId, realms.list);
  fed.realms = realms;
  fed.charts = charts;
  const recordings = new RecordingsModel(connection.api, {
    onPlay() {
      events.dropReplayed();
      events.source.value = 'replay';
    },
    onSeek: () => events.dropReplayed(),
  });
  // The console panel (issue 10) for admin tokens: one model per connection, fed the realm ids.
  const commandConsole = signal<InstanceType<typeof ConsoleModel> | null>(null, {
    name: 'app.console',
  });
  effect(() => {
    const admin = connection.role.value === 'admin' && connection.api.value !== null;
    if (!admin) {
      commandConsole.value = null;
      return;
    }
    const base = httpBaseFromWsUrl(connection.url.peek().trim());
    commandConsole.value = new ConsoleModel(
      httpConsoleRunner(connection.token.peek().trim(), base),
    );
  });
  const realmIds = computed(() => realms.list.value.map((realm) => realm.id), {
    name: 'app.realmIds',
  });
  effect(() => {
    const target = commandConsole.value;
    if (target) target.setRealms(realmIds.value);
  });
  return {
    view,
    commandConsole,
    connection,
    events,
    realms,
    charts,
    recordings,
    /** Switches the view. */
    show(next: View) {
      view.value = next;
    },
    /** Connects at once when the page was opened with a token (fragment or remembered). */
    autoConnect() {
      if (connection.token.peek()) connection.connect();
      return fromHash !== undefined;
    },
  };
});

/** An app model instance. */
export type AppModel = InstanceType<typeof AppModel>;

/**
 * @module The live event list: a bounded ring of the last events, filters (types, realm,
 * source, text), pause with a bounded buffer, and the selected event. The ring is plain data;
 * `version` tells computeds that it changed, so thousands of events cost one signal write
 * per batch.
 */
import { computed, createModel, signal } from '@preact/signals';
import type { RealmEvent } from '../../pipeline/events.ts';
import { Ring } from '../lib/ring.ts';

/** Which events the source filter lets through. */
export type SourceFilter = 'all' | 'live' | 'replay';

/** Default number of events kept. */
export const DEFAULT_EVENT_CAPACITY = 5000;

const searchText = new WeakMap<RealmEvent, string>();
function textOf(event: RealmEvent): string {
  let text = searchText.get(event);
  if (text === undefined) {
    text = `${event.type} ${event.realm} ${JSON.stringify(event.data)}`.toLowerCase();
    searchText.set(event, text);
  }
  return text;
}

/** The events model. */
export const EventsModel = createModel((capacity: number = DEFAULT_EVENT_CAPACITY) => {
  const ring = new Ring<RealmEvent>(capacity);
  const held = new Ring<RealmEvent>(capacity);
  const version = signal(0, { name: 'events.version' });
  const paused = signal(false, { name: 'events.paused' });
  const pending = signal(0, { name: 'events.pending' });
  const received = signal(0, { name: 'events.received' });
  const hiddenTypes = signal<ReadonlySet<string>>(new Set(), { name: 'events.hiddenTypes' });
  const realm = signal('', { name: 'events.realm' });
  const source = signal<SourceFilter>('all', { name: 'events.source' });
  const search = signal('', { name: 'events.search' });
  const selected = signal<RealmEvent | null>(null, { name: 'events.selected' });
  const types = signal<readonly string[]>([], { name: 'events.types' });
  const realms = signal<readonly string[]>([], { name: 'events.realms' });

  const visible = computed(() => {
    version.value;
    const hidden = hiddenTypes.value;
    const wantedRealm = realm.value;
    const wantedSource = source.value;
    const needle = search.value.trim().toLowerCase();
    const out: RealmEvent[] = [];
    // Newest first: the list reads from the top.
    for (let i = ring.size - 1; i >= 0; i--) {
      const event = ring.at(i) as RealmEvent;
      if (hidden.has(event.type)) continue;
      if (wantedRealm && event.realm !== wantedRealm) continue;
      if (wantedSource === 'live' && event.source === 'replay') continue;
      if (wantedSource === 'replay' && event.source !== 'replay') continue;
      if (needle && !textOf(event).includes(needle)) continue;
      out.push(event);
    }
    return out;
  }, { name: 'events.visible' });

  const stored = computed(() => {
    version.value;
    return ring.size;
  }, { name: 'events.stored' });

  function remember(list: readonly RealmEvent[]): void {
    let newTypes: string[] | undefined;
    let newRealms: string[] | undefined;
    for (const event of list) {
      if (!types.value.includes(event.type) && !newTypes?.includes(event.type)) {
        (newTypes ??= []).push(event.type);
      }
      if (!realms.value.includes(event.realm) && !newRealms?.includes(event.realm)) {
        (newRealms ??= []).push(event.realm);
      }
    }
    if (newTypes) types.value = [...types.value, ...newTypes].sort();
    if (newRealms) realms.value = [...realms.value, ...newRealms].sort();
  }

  return {
    version,
    paused,
    pending,
    received,
    hiddenTypes,
    realm,
    source,
    search,
    selected,
    types,
    realms,
    visible,
    stored,
    /** Takes a batch of events (call inside `batch()`). */
    ingest(list: readonly RealmEvent[]) {
      if (list.length === 0) return;
      received.value += list.length;
      remember(list);
      if (paused.value) {
        for (const event of list) held.push(event);
        pending.value = held.size;
        return;
      }
      for (const event of list) ring.push(event);
      version.value++;
    },
    /** Pauses (new events are held, up to the capacity) or resumes (they are added). */
    togglePause() {
      if (paused.value) {
        for (const event of held.toArray()) ring.push(event);
        held.clear();
        pending.value = 0;
        paused.value = false;
        version.value++;
      } else {
        paused.value = true;
      }
    },
    /** Shows or hides one type. */
    toggleType(type: string) {
      const next = new Set(hiddenTypes.value);
      if (next.has(type)) next.delete(type);
      else next.add(type);
      hiddenTypes.value = next;
    },
    /** Shows only `type` (or every type again when it is the only one shown). */
    only(type: string) {
      const others = types.value.filter((t) => t !== type);
      const alreadyOnly = others.every((t) => hiddenTypes.value.has(t)) &&
        !hiddenTypes.value.has(type);
      hiddenTypes.value = alreadyOnly ? new Set() : new Set(others);
    },
    /** Selects an event for the detail panel (null closes it). */
    select(event: RealmEvent | null) {
      selected.value = event;
    },
    /** Forgets the replayed events (before playing or after seeking). */
    dropReplayed() {
      ring.removeWhere((event) => event.source === 'replay');
      held.removeWhere((event) => event.source === 'replay');
      pending.value = held.size;
      if (selected.value?.source === 'replay') selected.value = null;
      version.value++;
    },
    /** Empties the list. */
    clear() {
      ring.clear();
      held.clear();
      pending.value = 0;
      selected.value = null;
      version.value++;
    },
  };
});

/** An events model instance. */
export type EventsModel = InstanceType<typeof EventsModel>;

/**
 * @module Chart series: events per second by type, event type distribution (top 10), online
 * players per realm, SOAP latency and update diff per realm. Every series is a ring of the
 * last samples; a one-second tick appends a sample, and each chart's frame is a computed the
 * chart component applies in place.
 */
import { computed, createModel, effect, type ReadonlySignal, signal } from '@preact/signals';
import type { RealmEvent } from '../../pipeline/events.ts';
import { Ring } from '../lib/ring.ts';
import type { RealmView } from './realms.ts';

/** What a chart draws: x labels and named series. */
export interface ChartFrame {
  readonly labels: readonly string[];
  readonly datasets: readonly {
    readonly label: string;
    readonly data: readonly (number | null)[];
  }[];
}

/** Samples kept per series (one per second). */
export const CHART_SAMPLES = 120;
/** Types drawn separately in the rate chart; the rest is summed as `other`. */
export const RATE_TYPES = 6;
/** Types in the distribution chart. */
export const DISTRIBUTION_TYPES = 10;

function label(ms: number): string {
  const date = new Date(ms);
  return `${String(date.getMinutes()).padStart(2, '0')}:${
    String(date.getSeconds()).padStart(2, '0')
  }`;
}

/** The charts model. */
export const ChartsModel = createModel((
  realms: ReadonlySignal<ReadonlyMap<string, RealmView>>,
  realmList: ReadonlySignal<readonly RealmView[]>,
  samples: number = CHART_SAMPLES,
) => {
  const labels = new Ring<string>(samples);
  const rates = new Ring<ReadonlyMap<string, number>>(samples);
  const players = new Map<string, Ring<number | null>>();
  const latency = new Map<string, Ring<number | null>>();
  const diff = new Map<string, Ring<number | null>>();
  const totals = new Map<string, number>();
  let current = new Map<string, number>();
  const tick = signal(0, { name: 'charts.tick' });
  const counted = signal(0, { name: 'charts.counted' });

  function series(map: Map<string, Ring<number | null>>, key: string): Ring<number | null> {
    let ring = map.get(key);
    if (!ring) {
      ring = new Ring<number | null>(samples);
      // A realm seen late starts with gaps, so every series lines up with the labels.
      for (let i = 0; i < labels.size - 1; i++) ring.push(null);
      map.set(key, ring);
    }
    return ring;
  }

  function sample(now: number): void {
    labels.push(label(now));
    rates.push(current);
    current = new Map();
    for (const realm of realms.peek().values()) {
      series(players, realm.id).push(realm.players ?? null);
      series(latency, realm.id).push(realm.latencyMs ?? null);
      series(diff, realm.id).push(realm.updateDiffMs ?? null);
    }
    for (const map of [players, latency, diff]) {
      for (const [id, ring] of map) if (!realms.peek().has(id)) ring.push(null);
    }
    tick.value++;
  }

  const ratesFrame = computed<ChartFrame>(() => {
    tick.value;
    const rows = rates.toArray();
    const sums = new Map<string, number>();
    for (const row of rows) for (const [type, n] of row) sums.set(type, (sums.get(type) ?? 0) + n);
    const top = [...sums].sort((a, b) => b[1] - a[1]).slice(0, RATE_TYPES).map(([type]) => type);
    const datasets = top.map((type) => ({
      label: type,
      data: rows.map((row) => row.get(type) ?? 0),
    }));
    if (sums.size > top.length) {
      datasets.push({
        label: 'other',
        data: rows.map((row) => {
          let n = 0;
          for (const [type, count] of row) if (!top.includes(type)) n += count;
          return n;
        }),
      });
    }
    return { labels: labels.toArray(), datasets };
  }, { name: 'charts.rates' });

  const distributionFrame = computed<ChartFrame>(() => {
    tick.value;
    const top = [...totals].sort((a, b) => b[1] - a[1]).slice(0, DISTRIBUTION_TYPES);
    return {
      labels: top.map(([type]) => type),
      datasets: [{ label: 'events', data: top.map(([, n]) => n) }],
    };
  }, { name: 'charts.distribution' });

  const perRealm = (pick: (realm: string) => { label: string; ring: Ring<number | null> }[]) => {
    tick.value;
    realmList.value; // keeps the realm poll running while a realm chart is on screen
    const ids = [...new Set([...players.keys(), ...latency.keys()])].sort();
    return {
      labels: labels.toArray(),
      datasets: ids.flatMap(pick).map(({ label, ring }) => ({ label, data: ring.toArray() })),
    };
  };

  const playersFrame = computed<ChartFrame>(
    () => perRealm((id) => [{ label: id, ring: series(players, id) }]),
    { name: 'charts.players' },
  );

  const latencyFrame = computed<ChartFrame>(
    () =>
      perRealm((id) => [
        { label: `${id} SOAP latency`, ring: series(latency, id) },
        { label: `${id} update diff`, ring: series(diff, id) },
      ]),
    { name: 'charts.latency' },
  );

  effect(() => {
    const timer = setInterval(() => sample(Date.now()), 1000);
    return () => clearInterval(timer);
  });

  return {
    tick,
    counted,
    ratesFrame,
    distributionFrame,
    playersFrame,
    latencyFrame,
    /** Counts a batch of events (call inside `batch()`). */
    count(events: readonly RealmEvent[]) {
      for (const event of events) {
        current.set(event.type, (current.get(event.type) ?? 0) + 1);
        totals.set(event.type, (totals.get(event.type) ?? 0) + 1);
      }
      counted.value += events.length;
    },
    /** Appends a sample now (the one-second tick calls this). */
    sample: () => sample(Date.now()),
  };
});

/** A charts model instance. */
export type ChartsModel = InstanceType<typeof ChartsModel>;

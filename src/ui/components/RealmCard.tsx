/** @module One realm's card: up/down with reason, players, uptime, update diff, last poll. */
import type { ReadonlySignal } from '@preact/signals';
import { formatAgo, formatDuration } from '../lib/format.ts';
import type { RealmView } from '../models/realms.ts';

/** Props of {@link RealmCard}. */
export interface RealmCardProps {
  realm: RealmView;
  /** Ms since the Unix epoch, ticking (for ages and uptime). */
  now: ReadonlySignal<number>;
}

/** A realm at a glance. */
export function RealmCard({ realm, now }: RealmCardProps) {
  const state = realm.up === null ? 'unknown' : realm.up ? 'up' : 'down';
  const uptime = realm.uptimeSeconds === undefined || !realm.up
    ? undefined
    : realm.uptimeSeconds + Math.max(0, (now.value - (realm.uptimeAt ?? now.value)) / 1000);
  return (
    <article
      class={`realm card realm-${state}`}
      data-realm={realm.id}
      aria-label={`Realm ${realm.id}`}
    >
      <header>
        <h3>{realm.name ?? realm.id}</h3>
        <span class={`pill pill-${state}`} data-state={state}>{state}</span>
      </header>
      {realm.up === false
        ? (
          <p class='down-reason' role='alert'>
            {realm.downReason}: {realm.downMessage}
          </p>
        )
        : null}
      <dl>
        <dt>Players online</dt>
        <dd data-field='players'>{realm.players ?? '-'}</dd>
        <dt>Uptime</dt>
        <dd>{uptime === undefined ? '-' : formatDuration(uptime)}</dd>
        <dt>Update diff</dt>
        <dd>{realm.updateDiffMs === undefined ? '-' : `${realm.updateDiffMs} ms`}</dd>
        <dt>SOAP latency</dt>
        <dd>{realm.latencyMs === undefined ? '-' : `${realm.latencyMs} ms`}</dd>
        <dt>Last poll</dt>
        <dd>{formatAgo(realm.lastPollAt, now.value)}</dd>
        <dt>Polls / errors</dt>
        <dd>{realm.polls ?? 0} / {realm.pollErrors ?? 0}</dd>
      </dl>
      <p class='muted small'>{realm.id} · {realm.flavor ?? ''}</p>
    </article>
  );
}

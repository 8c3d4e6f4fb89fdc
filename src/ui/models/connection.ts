/**
 * @module The connection: the form values (URL, token, remembered per browser), the client
 * of `realmstream/client`, its state, and the one bridge from RxJS to signals (G12): `stats`
 * subscribes to the client's observables while it is watched and applies every message in
 * one `batch()`.
 */
import { batch, computed, createModel, effect, signal } from '@preact/signals';
import { type ApiClient, createApiClient, httpBaseFromWsUrl } from '../../client/api.ts';
import { connect, NO_CLIENT_STATS, type RealmstreamClient } from '../../client/client.ts';
import type {
  ClientEvent,
  ClientNotice,
  ClientStats,
  ConnectionState,
} from '../../client/types.ts';
import { saveSettings } from '../lib/settings.ts';

/** Where the bridge delivers what the client receives. */
export interface ConnectionSink {
  /** A frame's events (called inside `batch()`). */
  events(events: readonly ClientEvent[]): void;
  /** A notice (called inside `batch()`). */
  notice(notice: ClientNotice): void;
}

function describeClose(code: number | undefined): string {
  switch (code) {
    case 4401:
      return 'token refused';
    case 4403:
      return 'origin not allowed';
    case 4400:
    case 1009:
      return 'protocol error';
    default:
      return code === undefined ? 'disconnected' : `closed (${code})`;
  }
}

/** The connection model. */
export const ConnectionModel = createModel((
  initial: { url: string; token: string },
  sink: ConnectionSink,
) => {
  const url = signal(initial.url, { name: 'connection.url' });
  const token = signal(initial.token, { name: 'connection.token' });
  const remember = signal(true, { name: 'connection.remember' });
  const client = signal<RealmstreamClient | null>(null, { name: 'connection.client' });
  const api = signal<ApiClient | null>(null, { name: 'connection.api' });
  const state = signal<ConnectionState | null>(null, { name: 'connection.state' });
  const error = signal<string | null>(null, { name: 'connection.error' });
  const lastNotice = signal<string | null>(null, { name: 'connection.lastNotice' });

  // The bridge: the only place where Observables meet signals.
  let stopBridge: (() => void) | undefined;
  const stats = signal<ClientStats>(NO_CLIENT_STATS, {
    name: 'connection.stats',
    watched() {
      stopBridge = effect(() => {
        const current = client.value;
        if (!current) return;
        const subscriptions = [
          current.batches$.subscribe((events) => batch(() => sink.events(events))),
          current.notices$.subscribe((notice) =>
            batch(() => {
              sink.notice(notice);
              if (notice.kind === 'gap') {
                lastNotice.value = `${notice.dropped} events dropped (${notice.reason})`;
              } else if (notice.kind === 'subscribed' && notice.resumed && !notice.recovered) {
                lastNotice.value = notice.epochChanged
                  ? 'gateway restarted: events during the outage are missing'
                  : 'some events were missed while reconnecting';
              } else if (notice.kind === 'error') {
                lastNotice.value = `${notice.code}: ${notice.message}`;
              }
            })
          ),
          current.state$.subscribe((next) =>
            batch(() => {
              state.value = next;
              if (next.status === 'closed' && next.code !== 1000) {
                // Closed for good (refused token, protocol error): back to the connect form.
                error.value = describeClose(next.code);
                client.value = null;
                api.value = null;
              }
            })
          ),
          current.stats$.subscribe((next) => (stats.value = next)),
        ];
        return () => subscriptions.forEach((subscription) => subscription.unsubscribe());
      });
    },
    unwatched() {
      stopBridge?.();
      stopBridge = undefined;
    },
  });

  const connected = computed(() => client.value !== null, { name: 'connection.connected' });
  const status = computed(() => state.value?.status ?? 'closed', { name: 'connection.status' });
  const statusText = computed(() => {
    const current = state.value;
    if (!current) return client.value ? 'connecting' : 'disconnected';
    switch (current.status) {
      case 'open':
        return 'connected';
      case 'connecting':
        return current.attempt > 0 ? `connecting (attempt ${current.attempt + 1})` : 'connecting';
      case 'reconnecting':
        return `reconnecting in ${((current.retryInMs ?? 0) / 1000).toFixed(1)} s (${
          describeClose(current.code)
        })`;
      case 'closed':
        return describeClose(current.code);
    }
  }, { name: 'connection.statusText' });
  const role = computed(() => state.value?.role ?? null, { name: 'connection.role' });

  function disconnect(forget = false): void {
    client.peek()?.close();
    batch(() => {
      client.value = null;
      api.value = null;
      state.value = null;
      stats.value = NO_CLIENT_STATS;
      lastNotice.value = null;
    });
    if (forget) saveSettings(undefined);
  }

  return {
    url,
    token,
    remember,
    client,
    api,
    state,
    stats,
    error,
    lastNotice,
    connected,
    status,
    statusText,
    role,
    /** Connects with the form values (and remembers them when asked). */
    connect() {
      disconnect();
      const wsUrl = url.peek().trim();
      const secret = token.peek().trim();
      let created: RealmstreamClient;
      let httpBase: string;
      try {
        httpBase = httpBaseFromWsUrl(wsUrl);
        // The auth message (not the subprotocol) lets a browser tell a refused token (4401)
        // from a network failure: a refused upgrade is only a bare 1006 to page scripts.
        created = connect(wsUrl, {
          token: secret,
          auth: 'message',
          subscriptions: [{ id: 'dashboard' }],
        });
      } catch (cause) {
        error.value = cause instanceof Error ? cause.message : String(cause);
        return;
      }
      batch(() => {
        error.value = null;
        client.value = created;
        api.value = createApiClient({ baseUrl: httpBase, token: secret });
        state.value = created.state();
      });
      saveSettings(remember.peek() ? { url: wsUrl, token: secret } : undefined);
    },
    disconnect,
  };
});

/** A connection model instance. */
export type ConnectionModel = InstanceType<typeof ConnectionModel>;

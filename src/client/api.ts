/**
 * @module A small client for the gateway's HTTP API (`/api/*`, docs/protocol.md §10): realm
 * status, recordings and the player. Bearer token in the header, JSON errors as
 * {@link ApiError}, every request bounded by a timeout.
 */
import type { RealmStatus } from '../pipeline/realmStatus.ts';
import type {
  ActiveRecording,
  PlayerControl,
  PlayerInfo,
  PlayRequest,
  StartRecordingRequest,
} from '../pipeline/recording/controller.ts';
import type { RecordingListing } from '../pipeline/recording/library.ts';

/** An HTTP API error: the status and the `{error, message}` body. */
export class ApiError extends Error {
  /** HTTP status (0: no answer). */
  readonly status: number;
  /** The `error` code of the body, or `network`/`timeout`. */
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/** Options of {@link createApiClient}. */
export interface ApiClientOptions {
  /** `http(s)://host:port` of the gateway. */
  baseUrl: string;
  /** Access token. */
  token: string;
  /** fetch (default `globalThis.fetch`). */
  fetch?: typeof fetch;
  /** Per-request timeout, ms (default 10 000). */
  timeoutMs?: number;
}

/** What the HTTP API offers the dashboard. */
export interface ApiClient {
  /** `GET /api/realms`. */
  realms(): Promise<RealmStatus[]>;
  /** `GET /api/recordings`. */
  recordings(): Promise<{ recordings: RecordingListing[]; active: ActiveRecording[] }>;
  /** `POST /api/recordings` (admin). */
  startRecording(request?: Omit<StartRecordingRequest, 'reason'>): Promise<unknown>;
  /** `POST /api/recordings/:id/stop` (admin). */
  stopRecording(id: string): Promise<unknown>;
  /** `POST /api/recordings/:id/play` (admin). */
  play(id: string, request?: PlayRequest): Promise<PlayerInfo>;
  /** `GET /api/player`. */
  player(): Promise<PlayerInfo | null>;
  /** `POST /api/player` (admin). */
  control(control: PlayerControl): Promise<PlayerInfo | null>;
}

/**
 * The HTTP base URL that belongs to a WebSocket URL (`ws://h:p/ws` -> `http://h:p`).
 *
 * @param wsUrl The `/ws` URL.
 * @returns The origin to send API requests to.
 */
export function httpBaseFromWsUrl(wsUrl: string): string {
  const url = new URL(wsUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  return url.origin;
}

/**
 * Creates an HTTP API client.
 *
 * ## Example
 * ```ts
 * const api = createApiClient({ baseUrl: 'http://127.0.0.1:8787', token });
 * for (const realm of await api.realms()) console.log(realm.id, realm.reachable);
 * ```
 *
 * @param options Base URL, token, fetch, timeout.
 * @returns The client.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let response: Response;
    try {
      response = await doFetch(base + path, {
        method,
        headers: {
          authorization: `Bearer ${options.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
      });
    } catch (error) {
      const aborted = controller.signal.aborted;
      throw new ApiError(
        0,
        aborted ? 'timeout' : 'network',
        aborted ? `${method} ${path} timed out` : `${method} ${path} failed: ${String(error)}`,
      );
    } finally {
      clearTimeout(timer);
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const payload = (json ?? {}) as { error?: unknown; message?: unknown };
      throw new ApiError(
        response.status,
        typeof payload.error === 'string' ? payload.error : `http_${response.status}`,
        typeof payload.message === 'string'
          ? payload.message
          : `${method} ${path}: HTTP ${response.status}`,
      );
    }
    return json as T;
  }

  const id = (value: string) => encodeURIComponent(value);
  return {
    realms: async () => (await call<{ realms: RealmStatus[] }>('GET', '/api/realms')).realms,
    recordings: () => call('GET', '/api/recordings'),
    startRecording: (request = {}) => call('POST', '/api/recordings', request),
    stopRecording: (recording) => call('POST', `/api/recordings/${id(recording)}/stop`, {}),
    play: async (recording, request = {}) =>
      (await call<{ player: PlayerInfo }>('POST', `/api/recordings/${id(recording)}/play`, request))
        .player,
    player: async () => (await call<{ player: PlayerInfo | null }>('GET', '/api/player')).player,
    control: async (control) =>
      (await call<{ player: PlayerInfo | null }>('POST', '/api/player', control)).player,
  };
}

/** @module Connection settings remembered per browser (localStorage), tolerant of bad data. */

/** What is remembered. */
export interface SavedSettings {
  url: string;
  token: string;
}

const KEY = 'realmstream.dashboard.v1';

/**
 * Reads the remembered settings.
 *
 * @param storage Where (default `localStorage`; absent in some sandboxes).
 * @returns The settings, or undefined when none (or unreadable).
 */
export function loadSettings(
  storage: Storage | undefined = globalThis.localStorage,
): SavedSettings | undefined {
  try {
    const value = JSON.parse(storage?.getItem(KEY) ?? 'null') as Partial<SavedSettings> | null;
    if (value && typeof value.url === 'string' && typeof value.token === 'string') {
      return { url: value.url, token: value.token };
    }
  } catch {
    // Corrupt or blocked storage: start from the connect screen.
  }
  return undefined;
}

/**
 * Remembers settings, or forgets them.
 *
 * @param settings What to remember; undefined forgets.
 * @param storage Where (default `localStorage`).
 */
export function saveSettings(
  settings: SavedSettings | undefined,
  storage: Storage | undefined = globalThis.localStorage,
): void {
  try {
    if (settings) storage?.setItem(KEY, JSON.stringify(settings));
    else storage?.removeItem(KEY);
  } catch {
    // Quota or privacy mode: remembering is a convenience, not a requirement.
  }
}

/**
 * The token in a URL fragment (`#token=...`, as `npm start` prints), if any.
 *
 * @param hash `location.hash`.
 * @returns The token.
 */
export function tokenFromHash(hash: string): string | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  return token ? token : undefined;
}

/**
 * The WebSocket URL of the gateway that served the page.
 *
 * @param location The page location.
 * @returns `ws(s)://host/ws`.
 */
export function defaultWsUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

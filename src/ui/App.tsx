/** @module The dashboard shell (foundation version: connection status and a live event count). */
import { signal } from '@preact/signals';
import { ConsolePanel } from './components/ConsolePanel.tsx';
import { ConsoleModel, httpConsoleRunner } from './models/console.ts';

const status = signal('connecting');
const received = signal(0);
// Set for admin tokens only: the console panel needs the token for its HTTP calls.
const commandConsole = signal<InstanceType<typeof ConsoleModel> | null>(null);

function connect(): void {
  const match = /(?:^|&)token=([^&]+)/.exec(location.hash.slice(1));
  if (!match) {
    status.value = 'no token: open the URL printed by `npm start`';
    return;
  }
  history.replaceState(null, '', location.pathname + location.search);
  const token = decodeURIComponent(match[1]);
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  const socket = new WebSocket(url, ['realmstream.v1', `realmstream.bearer.${match[1]}`]);
  socket.onopen = () => socket.send(JSON.stringify({ op: 'subscribe', id: 'all', types: ['*'] }));
  socket.onmessage = (message) => {
    const data = JSON.parse(String(message.data));
    if (data.op === 'welcome') status.value = 'connected';
    if (data.op === 'welcome' && data.role === 'admin' && !commandConsole.value) {
      const model = new ConsoleModel(httpConsoleRunner(token));
      fetch('/api/realms', { headers: { authorization: `Bearer ${token}` } })
        .then((response) => response.json())
        .then((body: { realms?: { id: string }[] }) =>
          model.setRealms((body.realms ?? []).map((realm) => realm.id))
        )
        .catch(() => {});
      commandConsole.value = model;
    }
    if (data.op === 'event') received.value++;
    if (data.op === 'events') received.value += data.events.length;
  };
  socket.onclose = (event) => (status.value = `closed (${event.code})`);
}

connect();

/** The dashboard root. */
export function App() {
  return (
    <main>
      <h1>realmstream</h1>
      <p>
        Status: <span id='status'>{status}</span>
      </p>
      <p>
        Events: <span id='received'>{received}</span>
      </p>
      {commandConsole.value ? <ConsolePanel model={commandConsole.value} /> : null}
    </main>
  );
}

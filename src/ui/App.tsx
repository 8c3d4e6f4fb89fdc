/** @module The dashboard shell (foundation version: connection status and a live event count). */
import { signal } from '@preact/signals';

const status = signal('connecting');
const received = signal(0);

function connect(): void {
  const match = /(?:^|&)token=([^&]+)/.exec(location.hash.slice(1));
  if (!match) {
    status.value = 'no token: open the URL printed by `npm start`';
    return;
  }
  history.replaceState(null, '', location.pathname + location.search);
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  const socket = new WebSocket(url, ['realmstream.v1', `realmstream.bearer.${match[1]}`]);
  socket.onopen = () => socket.send(JSON.stringify({ op: 'subscribe', id: 'all', types: ['*'] }));
  socket.onmessage = (message) => {
    const data = JSON.parse(String(message.data));
    if (data.op === 'welcome') status.value = 'connected';
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
    </main>
  );
}

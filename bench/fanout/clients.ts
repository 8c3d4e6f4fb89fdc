/**
 * @module Fan-out benchmark clients (a child process, apart from the server so the server's
 * CPU figure is its own): N WebSockets on loopback, subscribed to everything; the first
 * `paused` of them stop reading their socket once subscribed (slow consumers). Every
 * arrival is kept as (seq, latency); once the server says which seq range was published
 * during the measurement window, the report counts, per seq of that range, how many clients
 * got it, and the latency percentiles over it. Start/report cycles may repeat.
 *
 * Arguments: url count mode token [paused]
 * IPC: -> ready {connected}; <- start; <- report {firstSeq, lastSeq, waitMs};
 *      -> report {received, expected, minClientsPerSeq, histogram, cpuCores, frames, closed}
 */
import WebSocket from 'ws';
import { LatencyHistogram } from '../lib/histogram.ts';
import { wallClock } from './events.ts';

const [url, countText, mode, token, pausedText] = process.argv.slice(2);
const count = Number(countText);
const paused = Number(pausedText ?? 0);
const send = (message: Record<string, unknown>) => process.send?.(message);
let finished = false;
process.on('SIGTERM', () => {
  finished = true;
  process.exit(0);
});

let frames = 0;
let closed = 0;
// Arrival log in growable typed arrays: no per-event objects.
let seqs = new Uint32Array(1 << 20);
let latencies = new Float32Array(1 << 20);
let arrivals = 0;

interface WireEvent {
  seq: number;
  time: number;
}

function onEvent(event: WireEvent, now: number): void {
  if (arrivals === seqs.length) {
    const grownSeqs = new Uint32Array(seqs.length * 2);
    grownSeqs.set(seqs);
    seqs = grownSeqs;
    const grownLatencies = new Float32Array(latencies.length * 2);
    grownLatencies.set(latencies);
    latencies = grownLatencies;
  }
  seqs[arrivals] = event.seq;
  latencies[arrivals++] = now - event.time;
}

function open(index: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, {
      headers: mode === 'realmstream' ? { authorization: `Bearer ${token}` } : {},
      perMessageDeflate: false,
    });
    const subscribed = () => {
      if (index < paused) socket.pause();
      resolve(socket);
    };
    socket.on('message', (data) => {
      frames++;
      const now = wallClock();
      const message = JSON.parse(String(data)) as {
        op: string;
        event?: WireEvent;
        events?: WireEvent[];
      };
      if (message.op === 'event') onEvent(message.event!, now);
      else if (message.op === 'events') { for (const e of message.events!) onEvent(e, now); }
      else if (message.op === 'welcome') socket.send('{"op":"subscribe","id":"all"}');
      else if (message.op === 'subscribed') subscribed();
    });
    socket.once('open', () => {
      if (mode !== 'realmstream') subscribed();
    });
    socket.once('error', reject);
    socket.once('close', (code) => {
      closed++;
      if (!finished && index >= paused) console.error(`bench client ${index} closed ${code}`);
    });
  });
}

const sockets: WebSocket[] = [];
for (let i = 0; i < count; i += 50) {
  const batch = [];
  for (let j = i; j < Math.min(count, i + 50); j++) batch.push(open(j));
  sockets.push(...(await Promise.all(batch)));
}
send({ type: 'ready', connected: sockets.length });

let cpuStart = process.cpuUsage();
let wallStart = performance.now();
function summarise(first: number, last: number) {
  const perSeq = new Uint32Array(Math.max(0, last - first + 1));
  const histogram = new LatencyHistogram();
  for (let i = 0; i < arrivals; i++) {
    const seq = seqs[i];
    if (seq < first || seq > last) continue;
    perSeq[seq - first]++;
    histogram.record(latencies[i]);
  }
  let minClientsPerSeq = perSeq.length ? Infinity : 0;
  for (const n of perSeq) minClientsPerSeq = Math.min(minClientsPerSeq, n);
  return {
    received: histogram.total,
    expected: perSeq.length * (count - paused),
    minClientsPerSeq,
    histogram: histogram.toSparse(),
  };
}

process.on('message', (message: {
  type: string;
  firstSeq?: number;
  lastSeq?: number;
  waitMs?: number;
}) => {
  if (message.type === 'start') {
    cpuStart = process.cpuUsage();
    wallStart = performance.now();
    frames = 0;
    arrivals = 0;
  } else if (message.type === 'report') {
    const deadline = performance.now() + (message.waitMs ?? 0);
    // Late deliveries still count: wait (up to waitMs) until every reading client has the
    // whole range, then report. The CPU figure covers the window only.
    const cpu = process.cpuUsage(cpuStart);
    const wall = performance.now() - wallStart;
    const framesInWindow = frames;
    const attempt = () => {
      const report = summarise(message.firstSeq!, message.lastSeq!);
      if (report.received < report.expected && performance.now() < deadline) {
        setTimeout(attempt, 100);
        return;
      }
      send({
        type: 'report',
        ...report,
        frames: framesInWindow,
        closed,
        cpuCores: (cpu.user + cpu.system) / 1000 / wall,
      });
    };
    attempt();
  }
});

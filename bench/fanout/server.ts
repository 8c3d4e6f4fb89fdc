/**
 * @module Fan-out benchmark server (a child process): either the realmstream gateway on Node
 * (`realmstream`) or a plain `ws` broadcast of the same pre-serialised events, one message
 * per event per client (`baseline`). Publishes at a fixed rate when told and reports its own
 * CPU use (`process.cpuUsage()`) over the measurement window.
 *
 * IPC: -> ready {port, token}; <- run {rate, warmupMs, measureMs};
 *      -> done {firstSeq, lastSeq, published, cpuCores, ...}
 */
import { WebSocketServer } from 'ws';
import { parseConfig } from '../../src/pipeline/config.ts';
import { draftEvent } from '../../src/pipeline/events.ts';
import { silentLogger } from '../../src/logger.ts';
import { startGateway } from '../../src/server/gateway.ts';
import { startServer } from '../../src/server/node.ts';

const mode = process.argv[2] === 'baseline' ? 'baseline' : 'realmstream';
const TOKEN = 'bench-token-0123456789abcdef';
const send = (message: Record<string, unknown>) => process.send?.(message);
const clock = () => performance.timeOrigin + performance.now();
// Exit normally on SIGTERM so `--cpu-prof` can write its profile.
process.on('SIGTERM', () => process.exit(0));

const texts = ['LF2M ICC 25 need heal and tank', 'WTS [Frostweave Cloth] x20', 'inv pls', 'gz!'];
function draft(i: number) {
  return draftEvent('chat.message', {
    realm: 'world-1',
    time: clock(), // sub-ms wall clock: the clients compute latency from it
    source: 'log',
    data: { channel: 'say', character: `Player${i % 500}`, text: texts[i % texts.length] },
  });
}

let publishOne: (i: number) => number; // returns the seq
let stats: () => Record<string, unknown> = () => ({});
let port: number;

if (mode === 'realmstream') {
  const config = parseConfig({
    server: {
      host: '127.0.0.1',
      port: 0,
      maxClients: 5000,
      maxConnectionsPerIp: 5000,
      clientRatePerSecond: 100_000,
      clientBurst: 100_000,
    },
    auth: { tokens: [{ name: 'bench', token: TOKEN, role: 'viewer' }] },
  });
  const gateway = await startGateway({ config, startServer, logger: silentLogger });
  port = gateway.server.port;
  publishOne = (i) => gateway.hub.publish(draft(i)).event.seq;
  stats = () => ({
    frames: gateway.metrics.framesSent,
    delivered: gateway.metrics.delivered.ws,
    dropped: Object.fromEntries(gateway.metrics.dropped),
    closes: Object.fromEntries(gateway.metrics.closes),
    batchWindowMs: gateway.clients.batchWindowMs(Date.now()),
  });
} else {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  port = (wss.address() as { port: number }).port;
  let seq = 0;
  let frames = 0;
  publishOne = (i) => {
    seq++;
    const event = { id: `base:${seq}`, seq, ...draft(i) };
    const frame = `{"op":"event","event":${JSON.stringify(event)}}`; // serialised once
    for (const client of wss.clients) client.send(frame);
    frames += wss.clients.size;
    return seq;
  };
  stats = () => ({ frames, delivered: frames });
}

send({ type: 'ready', port, token: TOKEN });

process.on(
  'message',
  (message: { type: string; rate: number; warmupMs: number; measureMs: number }) => {
    if (message.type !== 'run') return;
    const { rate, warmupMs, measureMs } = message;
    const started = performance.now();
    let published = 0;
    let firstSeq = 0;
    let lastSeq = 0;
    let cpuStart: NodeJS.CpuUsage | undefined;
    let wallStart = 0;
    let statsStart: Record<string, unknown> = {};
    const timer = setInterval(() => {
      const elapsed = performance.now() - started;
      if (!cpuStart && elapsed >= warmupMs) {
        cpuStart = process.cpuUsage();
        wallStart = performance.now();
        statsStart = stats();
      }
      const due = Math.floor((rate * Math.min(elapsed, warmupMs + measureMs)) / 1000);
      while (published < due) {
        const seq = publishOne(published++);
        if (cpuStart) {
          if (!firstSeq) firstSeq = seq;
          lastSeq = seq;
        }
      }
      if (elapsed >= warmupMs + measureMs) {
        clearInterval(timer);
        const cpu = process.cpuUsage(cpuStart);
        const wall = performance.now() - wallStart;
        send({
          type: 'done',
          firstSeq,
          lastSeq,
          published,
          cpuCores: (cpu.user + cpu.system) / 1000 / wall,
          wallMs: wall,
          before: statsStart,
          after: stats(),
        });
      }
    }, 2);
  },
);

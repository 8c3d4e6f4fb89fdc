/**
 * @module Fan-out benchmark server (a child process, so its CPU and RSS are its own): the
 * realmstream gateway on Node (`realmstream`), the plain `ws` ceiling sending the same
 * batched frames (`ceiling`), or the naive gateway (`naive`). Publishes at a fixed rate when
 * told, and reports its CPU (`process.cpuUsage()`), RSS samples and counters per window.
 *
 * IPC: -> ready {port, token}
 *      <- run {rate, warmupMs, measureMs}
 *      -> done {firstSeq, lastSeq, cpuCores, wallMs, rssBytes, rssSamples, queuedSamples...}
 *      <- memory -> memory {rss, heapUsed} (after a full GC when run with --expose-gc)
 */
import { WebSocketServer } from 'ws';
import { parseConfig } from '../../src/pipeline/config.ts';
import type { DraftEvent } from '../../src/pipeline/events.ts';
import { silentLogger } from '../../src/logger.ts';
import { startGateway } from '../../src/server/gateway.ts';
import { startServer } from '../../src/server/node.ts';
import { startCeiling } from './ceiling.ts';
import { benchEvent } from './events.ts';
import { startNaiveGateway } from './naive.ts';

/** The three servers. */
export type Variant = 'realmstream' | 'ceiling' | 'naive';

const variant = process.argv[2] as Variant;
const TOKEN = 'bench-token-0123456789abcdef';
const send = (message: Record<string, unknown>) => process.send?.(message);
// Exit normally on SIGTERM so `--cpu-prof` can write its profile.
process.on('SIGTERM', () => process.exit(0));

let publish: (draft: DraftEvent) => number; // returns the seq
let counters: () => Record<string, unknown>;
/** Bytes held for clients (server queues plus socket send buffers); 0 where unknown. */
let queuedBytes: () => number = () => 0;
let port: number;

if (variant === 'realmstream') {
  const config = parseConfig({
    server: { host: '127.0.0.1', port: 0, maxClients: 5000, maxConnectionsPerIp: 5000 },
    auth: { tokens: [{ name: 'bench', token: TOKEN, role: 'viewer' }] },
    stats: { windowMs: 0 },
  });
  const gateway = await startGateway({
    config,
    startServer,
    logger: silentLogger,
    realmPipelines: false,
  });
  port = gateway.server.port;
  queuedBytes = () => {
    let total = 0;
    for (const client of gateway.clients.clients()) total += client.queuedBytes();
    return total;
  };
  publish = (draft) => gateway.hub.publish(draft).event.seq;
  counters = () => ({
    frames: gateway.metrics.framesSent,
    delivered: gateway.metrics.delivered.ws,
    dropped: Object.fromEntries(gateway.metrics.dropped),
    closes: Object.fromEntries(gateway.metrics.closes),
    clients: gateway.clients.size,
    batchWindowMs: gateway.clients.batchWindowMs(Date.now()),
  });
} else if (variant === 'ceiling' || variant === 'naive') {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise((resolve) => wss.once('listening', resolve));
  port = (wss.address() as { port: number }).port;
  queuedBytes = () => {
    let total = 0;
    for (const client of wss.clients) total += client.bufferedAmount;
    return total;
  };
  if (variant === 'ceiling') {
    const ceiling = startCeiling(wss);
    publish = ceiling.publish;
    counters = () => ({ ...ceiling.stats, clients: wss.clients.size });
  } else {
    const naive = startNaiveGateway(wss, 2000);
    publish = naive.publish;
    counters = () => ({ ...naive.stats, clients: wss.clients.size });
  }
} else {
  throw new Error(`unknown variant ${variant}`);
}

send({ type: 'ready', port, token: TOKEN });

interface RunMessage {
  type: 'run';
  rate: number;
  warmupMs: number;
  measureMs: number;
}

let published = 0;
const rss = () => process.memoryUsage().rss;

function run({ rate, warmupMs, measureMs }: RunMessage): void {
  const started = performance.now();
  const startIndex = published;
  let firstSeq = 0;
  let lastSeq = 0;
  let cpuStart: NodeJS.CpuUsage | undefined;
  let wallStart = 0;
  let before: Record<string, unknown> = {};
  const rssSamples: number[] = [rss()];
  const queuedSamples: number[] = [queuedBytes()];
  const sampler = setInterval(() => {
    rssSamples.push(rss());
    queuedSamples.push(queuedBytes());
  }, 1000);
  const timer = setInterval(() => {
    const elapsed = performance.now() - started;
    if (!cpuStart && elapsed >= warmupMs) {
      cpuStart = process.cpuUsage();
      wallStart = performance.now();
      before = counters();
    }
    const due = startIndex + Math.floor((rate * Math.min(elapsed, warmupMs + measureMs)) / 1000);
    while (published < due) {
      const seq = publish(benchEvent(published++));
      if (cpuStart) {
        if (!firstSeq) firstSeq = seq;
        lastSeq = seq;
      }
    }
    if (elapsed >= warmupMs + measureMs) {
      clearInterval(timer);
      clearInterval(sampler);
      const cpu = process.cpuUsage(cpuStart);
      const wallMs = performance.now() - wallStart;
      rssSamples.push(rss());
      queuedSamples.push(queuedBytes());
      send({
        type: 'done',
        firstSeq,
        lastSeq,
        cpuCores: (cpu.user + cpu.system) / 1000 / wallMs,
        wallMs,
        rssBytes: rss(),
        rssSamples,
        queuedSamples,
        before,
        after: counters(),
      });
    }
  }, 5);
}

process.on('message', (message: { type: string }) => {
  if (message.type === 'run') run(message as RunMessage);
  else if (message.type === 'memory') {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    const usage = process.memoryUsage();
    send({ type: 'memory', rss: usage.rss, heapUsed: usage.heapUsed, counters: counters() });
  }
});

import { createServer } from 'node:net';
import { firstValueFrom, lastValueFrom, merge, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { SoapBusyError } from '../../../../src/pipeline/sources/soap/errors.ts';
import { createSoapTransport } from '../../../../src/pipeline/sources/soap/transport.ts';
import { type Simulator, startSimulator } from '../../../../src/simulator/simulator.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function setup(tickMs = 50) {
  sim = await startSimulator({ flavor: 'tc', tickMs });
  return { url: sim.url, username: 'ADMIN', password: 'admin', flavor: 'trinitycore' as const };
}

describe('createSoapTransport', () => {
  it('runs commands one at a time, in order, each on its own connection', async () => {
    const connection = await setup();
    const transport = createSoapTransport(connection);
    const results = await lastValueFrom(
      merge(transport('announce 1'), transport('announce 2'), transport('character level Thrall 9'))
        .pipe(toArray()),
    );
    expect(results).toEqual(['', '', 'You changed level of Thrall to 9.\n']);
    expect(sim!.requests.map((entry) => entry.command)).toEqual([
      'announce 1',
      'announce 2',
      'character level Thrall 9',
    ]);
  });

  it('never opens a second connection while one is in flight', async () => {
    let waiting = 0;
    let maxWaiting = 0;
    let connections = 0;
    const server = createServer((socket) => {
      connections++;
      socket.on('error', () => {});
      // Answer each request only after a while: a second request arriving meanwhile would
      // mean two in flight.
      socket.once('data', () => {
        maxWaiting = Math.max(maxWaiting, ++waiting);
        setTimeout(() => {
          waiting--;
          const body = '<E:Envelope xmlns:E="http://schemas.xmlsoap.org/soap/envelope/"><E:Body>' +
            '<ns1:executeCommandResponse xmlns:ns1="urn:TC"><result/></ns1:executeCommandResponse></E:Body></E:Envelope>';
          socket.end(
            `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
          );
        }, 100);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const transport = createSoapTransport({
        url: `http://127.0.0.1:${port}/`,
        username: 'a',
        password: 'b',
        flavor: 'trinitycore',
      });
      const all = await lastValueFrom(
        merge(transport('a'), transport('b'), transport('c')).pipe(toArray()),
      );
      expect(all).toEqual(['', '', '']);
      expect(connections).toBe(3);
      expect(maxWaiting).toBe(1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('fails fast with SoapBusyError when the queue is full', async () => {
    const connection = await setup(300);
    const transport = createSoapTransport(connection, { maxQueue: 1 });
    const first = firstValueFrom(transport('announce a'));
    const second = firstValueFrom(transport('announce b'));
    const third = firstValueFrom(transport('announce c'));
    await expect(third).rejects.toBeInstanceOf(SoapBusyError);
    await expect(third).rejects.toMatchObject({ kind: 'busy', maxQueue: 1, command: 'announce c' });
    expect(await first).toBe('');
    expect(await second).toBe('');
  });

  it('a queued command that is unsubscribed never runs; the queue moves on after errors', async () => {
    const connection = await setup(100);
    const transport = createSoapTransport(connection);
    const first = firstValueFrom(transport('announce first'));
    const dropped = transport('announce dropped').subscribe();
    dropped.unsubscribe();
    const failing = firstValueFrom(transport('no such command')).catch((error) => error.name);
    const last = firstValueFrom(transport('announce last'));
    expect(await first).toBe('');
    expect(await failing).toBe('SoapFaultError');
    expect(await last).toBe('');
    expect(sim!.requests.map((entry) => entry.command)).toEqual([
      'announce first',
      'no such command',
      'announce last',
    ]);
  });

  it('unsubscribing the running command lets the next one start', async () => {
    const connection = await setup(20);
    const transport = createSoapTransport(connection, { maxQueue: 1 });
    const running = transport('announce running').subscribe();
    const next = firstValueFrom(transport('announce next'));
    running.unsubscribe();
    expect(await next).toBe('');
  });
});

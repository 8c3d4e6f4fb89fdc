import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  executeCommand,
  executeCommandAsync,
  type SoapExchange,
} from '../../../../src/pipeline/sources/soap/client.ts';
import {
  SoapAuthError,
  SoapFaultError,
  SoapForbiddenError,
  SoapProtocolError,
  SoapTimeoutError,
  SoapUnreachableError,
} from '../../../../src/pipeline/sources/soap/errors.ts';
import { httpExchange, parseHttpResponse } from '../../../../src/pipeline/sources/soap/http.ts';
import { parseSoapResponse } from '../../../../src/pipeline/sources/soap/parse.ts';
import type { Flavor, SoapConnection } from '../../../../src/pipeline/sources/soap/types.ts';
import { type Simulator, startSimulator } from '../../../../src/simulator/simulator.ts';
import { rawExchange } from '../../../simulator/rawHttp.ts';

let sim: Simulator | undefined;
let server: Server | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** A TCP server that accepts, reads, and never answers; it records connection events. */
async function silentServer() {
  const log: string[] = [];
  const sockets: Socket[] = [];
  const received: string[] = [];
  server = createServer((socket) => {
    const index = sockets.push(socket) - 1;
    received[index] = '';
    log.push('open');
    socket.on('data', (chunk) => {
      received[index] += chunk;
      log.push('data');
    });
    socket.on('close', () => log.push('close'));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { port, log, sockets, received };
}

const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
};

for (const [short, flavor] of [['tc', 'trinitycore'], ['ac', 'azerothcore']] as const) {
  describe(`executeCommand against the ${short} simulator over real HTTP`, () => {
    const connect = async (options: Parameters<typeof startSimulator>[0] = {}) => {
      sim = await startSimulator({ flavor: short, ...options });
      const connection: SoapConnection = {
        url: sim.url,
        username: 'ADMIN',
        password: 'admin',
        flavor: flavor as Flavor,
        timeoutMs: 2000,
      };
      return connection;
    };

    it('success: the output with LF line ends, entities and CRs decoded', async () => {
      const connection = await connect();
      sim!.login('Thrall');
      expect(await executeCommandAsync(connection, 'character level Thrall 80')).toBe(
        'You changed level of Thrall to 80.\n',
      );
      const list = await executeCommandAsync(connection, 'account onlinelist');
      expect(list.split('\n')).toContain(
        short === 'tc'
          ? '-[           ADMIN][      Thrall][      127.0.0.1][  1][  14][2][3]-'
          : '-[ADMIN][Thrall][127.0.0.1][1][14][2][3]-',
      );
      expect(list).not.toContain('\r');
    });

    it('empty result: the empty string', async () => {
      const connection = await connect();
      expect(await executeCommandAsync(connection, 'announce hello')).toBe('');
    });

    it('unknown command: SoapFaultError with the output', async () => {
      const connection = await connect();
      const error = await failure(executeCommandAsync(connection, 'frobnicate now'));
      expect(error).toBeInstanceOf(SoapFaultError);
      expect(error).toMatchObject({
        kind: 'fault',
        output: "Command 'frobnicate now' does not exist\n",
        command: 'frobnicate now',
        status: 500,
      });
    });

    it('a fault whose raw <detail> is not well-formed still gives the output', async () => {
      const connection = await connect();
      // A 13-character name would not exist; the quoted text holds < and & raw in <detail>.
      const error = await failure(executeCommandAsync(connection, 'pinfo <a&b>'));
      expect(error).toBeInstanceOf(SoapFaultError);
      expect((error as SoapFaultError).output).toBe("Character '<a&b>' does not exist.\n");
    });

    it('401: SoapAuthError; 403: SoapForbiddenError', async () => {
      const connection = await connect();
      expect(
        await failure(executeCommandAsync({ ...connection, password: 'wrong' }, 'server info')),
      )
        .toBeInstanceOf(SoapAuthError);
      expect(
        await failure(
          executeCommandAsync({ ...connection, username: 'GM', password: 'gm' }, 'server info'),
        ),
      )
        .toBeInstanceOf(SoapForbiddenError);
    });

    it('405 (GET, sent raw) read through the client parser: http-kind protocol error', async () => {
      await connect();
      const raw = await rawExchange(sim!.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      const response = parseHttpResponse(new TextEncoder().encode(raw), true).response!;
      const error = await failure(
        Promise.resolve().then(() => parseSoapResponse(response, flavor)),
      );
      expect(error).toBeInstanceOf(SoapProtocolError);
      expect(error).toMatchObject({ kind: 'http', status: 405 });
    });

    it('wrong namespace (flavour mismatch): protocol error naming the likely cause', async () => {
      const connection = await connect();
      const other: Flavor = flavor === 'trinitycore' ? 'azerothcore' : 'trinitycore';
      const error = await failure(
        executeCommandAsync({ ...connection, flavor: other }, 'server info'),
      );
      expect(error).toBeInstanceOf(SoapProtocolError);
      expect(error.message).toMatch(/not implemented.*wrong flavour/);
    });

    it('malformed body (sent with the byte layer): protocol error', async () => {
      const connection = await connect();
      const response = await httpExchange({
        url: new URL(connection.url),
        headers: { Authorization: 'Basic QURNSU46YWRtaW4=' },
        body:
          '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><oops>',
        signal: new AbortController().signal,
      });
      expect(() => parseSoapResponse(response, flavor)).toThrow(SoapProtocolError);
      expect(() => parseSoapResponse(response, flavor)).toThrow(/Validation constraint violation/);
    });

    it('timeout (slow world tick): SoapTimeoutError', async () => {
      const connection = await connect({ tickMs: 5000 });
      const error = await failure(
        executeCommandAsync({ ...connection, timeoutMs: 200 }, 'server info'),
      );
      expect(error).toBeInstanceOf(SoapTimeoutError);
      expect(error).toMatchObject({ kind: 'timeout', timeoutMs: 200, command: 'server info' });
    });

    it('server down (port closed): SoapUnreachableError ECONNREFUSED', async () => {
      const connection = await connect();
      await sim!.goDown();
      const error = await failure(executeCommandAsync(connection, 'server info'));
      expect(error).toBeInstanceOf(SoapUnreachableError);
      expect(error).toMatchObject({
        kind: 'unreachable',
        code: 'ECONNREFUSED',
        command: 'server info',
      });
    });

    it('garbage: protocol; reset: unreachable; http500: http; injected fault: SoapFaultError', async () => {
      const connection = await connect();
      sim!.failNext({ kind: 'garbage' });
      expect(await failure(executeCommandAsync(connection, 'server info'))).toMatchObject({
        name: 'SoapProtocolError',
        kind: 'protocol',
      });
      sim!.failNext({ kind: 'reset' });
      expect(await failure(executeCommandAsync(connection, 'server info'))).toMatchObject({
        name: 'SoapUnreachableError',
        code: 'ECONNRESET',
      });
      sim!.failNext({ kind: 'http500' });
      expect(await failure(executeCommandAsync(connection, 'server info'))).toMatchObject({
        name: 'SoapProtocolError',
        kind: 'http',
        status: 500,
      });
      sim!.failNext({ kind: 'fault' });
      expect(await failure(executeCommandAsync(connection, 'server info'))).toMatchObject({
        name: 'SoapFaultError',
        faultCode: 'SOAP-ENV:Server',
        output: 'Server is shutting down',
      });
    });
  });
}

describe('executeCommand connection discipline', () => {
  const connection = (port: number): SoapConnection => ({
    url: `http://127.0.0.1:${port}/`,
    username: 'ADMIN',
    password: 'admin',
    flavor: 'trinitycore',
    timeoutMs: 5000,
  });

  it('is cold: nothing connects until subscribed; then exactly one connection', async () => {
    const { port, log } = await silentServer();
    const command$ = executeCommand(connection(port), 'server info');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(log).toEqual([]);
    const subscription = command$.subscribe({ error: () => {} });
    await until(() => log.includes('data'));
    subscription.unsubscribe();
    await until(() => log.includes('close'));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(log.filter((entry) => entry === 'open')).toHaveLength(1);
    expect(log.at(-1)).toBe('close');
  });

  it('a timeout also closes the connection (no idle socket left on the server)', async () => {
    const { port, log } = await silentServer();
    const error = await failure(executeCommandAsync({ ...connection(port), timeoutMs: 150 }, 'x'));
    expect(error).toBeInstanceOf(SoapTimeoutError);
    await until(() => log.includes('close'));
    expect(log).toContain('close');
  });

  it('an AbortSignal aborts the Promise helper and the connection', async () => {
    const { port, log } = await silentServer();
    const controller = new AbortController();
    const pending = executeCommandAsync(connection(port), 'x', { signal: controller.signal });
    await until(() => log.includes('data'));
    controller.abort(new Error('stop'));
    expect((await failure(pending)).message).toBe('stop');
    await until(() => log.includes('close'));
    expect(log).toContain('close');
  });

  it('sends one HTTP/1.1 POST with Connection: close, Basic auth and text/xml', async () => {
    const { port, received } = await silentServer();
    const subscription = executeCommand(connection(port), 'server info').subscribe({
      error: () => {},
    });
    await until(() => (received[0] ?? '').includes('</SOAP-ENV:Envelope>'));
    subscription.unsubscribe();
    const [head] = received[0].split('\r\n\r\n');
    expect(head.split('\r\n')).toEqual([
      'POST / HTTP/1.1',
      `Host: 127.0.0.1:${port}`,
      'Authorization: Basic QURNSU46YWRtaW4=',
      'Content-Type: text/xml; charset=utf-8',
      'SOAPAction: "urn:TC#executeCommand"',
      expect.stringMatching(/^Content-Length: \d+$/),
      'Connection: close',
    ]);
  });

  it('onExchange reports status, body and latency, never credentials', async () => {
    sim = await startSimulator({ flavor: 'tc' });
    const seen: SoapExchange[] = [];
    const conn: SoapConnection = {
      url: sim.url.replace('http://', 'http://ADMIN:admin@'),
      username: 'ADMIN',
      password: 'secret-pass',
      flavor: 'trinitycore',
    };
    await failure(
      executeCommandAsync(conn, 'server info', { onExchange: (exchange) => seen.push(exchange) }),
    );
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ command: 'server info', status: 401, url: sim.url });
    expect(seen[0].error).toBeInstanceOf(SoapAuthError);
    expect(seen[0].latencyMs).toBeGreaterThanOrEqual(0);
    const text = JSON.stringify(seen);
    expect(text).not.toContain('secret-pass');
    expect(text).not.toContain('admin@');
  });

  it('DNS failure and bad URLs: unreachable / protocol errors', async () => {
    const dns = await failure(
      executeCommandAsync({ ...connection(1), url: 'http://nonexistent.invalid:7878/' }, 'x'),
    );
    expect(dns).toBeInstanceOf(SoapUnreachableError);
    expect(await failure(executeCommandAsync({ ...connection(1), url: 'not a url' }, 'x')))
      .toBeInstanceOf(
        SoapProtocolError,
      );
    expect(await failure(executeCommandAsync({ ...connection(1), url: 'ftp://127.0.0.1/' }, 'x')))
      .toBeInstanceOf(
        SoapProtocolError,
      );
  });
});

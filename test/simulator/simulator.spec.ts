import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/simulator.ts';
import type { SimWorldEvent } from '../../src/simulator/world/types.ts';
import { gsoapAnswer, gsoapEnvelope, openRaw, rawExchange, soapRequest } from './rawHttp.ts';

const START = Date.UTC(2025, 0, 13, 15, 2, 7);
const URN = { tc: 'urn:TC', ac: 'urn:AC' } as const;
let sim: Simulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function refused(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

const fault = (urn: string, string: string, detail?: string, code = 'SOAP-ENV:Client') =>
  gsoapEnvelope(
    urn,
    `<SOAP-ENV:Fault><faultcode>${code}</faultcode><faultstring>${string}</faultstring>` +
      `${detail === undefined ? '' : `<detail>${detail}</detail>`}</SOAP-ENV:Fault>`,
  );
const result = (urn: string, inner: string) =>
  gsoapEnvelope(urn, `<ns1:executeCommandResponse>${inner}</ns1:executeCommandResponse>`);

for (const flavor of ['tc', 'ac'] as const) {
  const urn = URN[flavor];
  describe(`simulated ${flavor} worldserver over real TCP (exact bytes)`, () => {
    it('success: the reference answer to character level Thrall 80', async () => {
      sim = await startSimulator({ flavor, now: () => START });
      const answer = await rawExchange(sim.port, soapRequest('character level Thrall 80', { urn }));
      expect(answer).toBe(gsoapAnswer(
        '200 OK',
        result(urn, '<result>You changed level of Thrall to 80.&#xD;\n</result>'),
      ));
    });

    it('empty output: <result/>', async () => {
      sim = await startSimulator({ flavor });
      expect(await rawExchange(sim.port, soapRequest('announce hello', { urn }))).toBe(
        gsoapAnswer('200 OK', result(urn, '<result/>')),
      );
    });

    it('unknown command: 500, escaped faultstring, raw detail', async () => {
      sim = await startSimulator({ flavor });
      expect(await rawExchange(sim.port, soapRequest('foo', { urn }))).toBe(gsoapAnswer(
        '500 Internal Server Error',
        fault(urn, "Command 'foo' does not exist&#xD;\n", "Command 'foo' does not exist\r\n"),
      ));
    });

    it('401 with WWW-Authenticate for a wrong password or no credentials; password case is ignored', async () => {
      sim = await startSimulator({ flavor });
      const unauthorized = gsoapAnswer(
        '401 Unauthorized',
        fault(urn, 'Error 401: HTTP 401 Unauthorized'),
        true,
      );
      expect(await rawExchange(sim.port, soapRequest('server info', { urn, auth: 'ADMIN:nope' })))
        .toBe(unauthorized);
      expect(await rawExchange(sim.port, soapRequest('server info', { urn, auth: null }))).toBe(
        unauthorized,
      );
      expect(await rawExchange(sim.port, soapRequest('server info', { urn, auth: 'NOBODY:admin' })))
        .toBe(unauthorized);
      expect(await rawExchange(sim.port, soapRequest('announce x', { urn, auth: 'admin:ADMIN' })))
        .toMatch(/^HTTP\/1\.1 200 OK/);
    });

    it('403 below security level 3', async () => {
      sim = await startSimulator({ flavor });
      expect(await rawExchange(sim.port, soapRequest('server info', { urn, auth: 'GM:gm' }))).toBe(
        gsoapAnswer('403 Forbidden', fault(urn, 'Error 403: HTTP 403 Forbidden')),
      );
    });

    it('405 for GET', async () => {
      sim = await startSimulator({ flavor });
      expect(await rawExchange(sim.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n')).toBe(
        gsoapAnswer('405 Method Not Allowed', fault(urn, 'HTTP GET method not implemented')),
      );
    });

    it('empty command: the "Command can not be empty" fault', async () => {
      sim = await startSimulator({ flavor });
      expect(await rawExchange(sim.port, soapRequest('', { urn }))).toBe(gsoapAnswer(
        '500 Internal Server Error',
        fault(urn, 'Command can not be empty', 'The supplied command was an empty string'),
      ));
    });

    it("the other flavour's namespace: Method not implemented, before auth", async () => {
      sim = await startSimulator({ flavor });
      const other = flavor === 'tc' ? 'urn:AC' : 'urn:TC';
      expect(await rawExchange(sim.port, soapRequest('server info', { urn: other, auth: null })))
        .toBe(
          gsoapAnswer(
            '500 Internal Server Error',
            fault(
              urn,
              "Method 'ns1:executeCommand' not implemented: method name or namespace not recognized",
            ),
          ),
        );
    });

    it('a malformed body gets a validation fault even without credentials', async () => {
      sim = await startSimulator({ flavor });
      const body =
        `<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><ns1:executeCommand xmlns:ns1="${urn}"><command>x</SOAP-ENV:Body>`;
      expect(await rawExchange(sim.port, soapRequest('', { auth: null, body }))).toBe(gsoapAnswer(
        '500 Internal Server Error',
        fault(urn, "Validation constraint violation: syntax error in element 'command'"),
      ));
    });

    it("echoes the request's 2001 xsi/xsd URIs", async () => {
      sim = await startSimulator({ flavor });
      const body =
        `<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><SOAP-ENV:Body><executeCommand xmlns="${urn}"><command xmlns="" xsi:type="xsd:string">announce hi</command></executeCommand></SOAP-ENV:Body></SOAP-ENV:Envelope>`;
      expect(await rawExchange(sim.port, soapRequest('', { urn, body }))).toBe(gsoapAnswer(
        '200 OK',
        gsoapEnvelope(
          urn,
          '<ns1:executeCommandResponse><result/></ns1:executeCommandResponse>',
          '2001',
          '2001',
        ),
      ));
    });
  });
}

describe('simulator transport behaviour', () => {
  it('answers Expect: 100-continue before reading the body', async () => {
    sim = await startSimulator({ flavor: 'tc' });
    const request = soapRequest('announce x', { headers: ['Expect: 100-continue'] });
    const [head, body] = request.split('\r\n\r\n');
    const connection = await openRaw(sim.port);
    connection.socket.write(head + '\r\n\r\n');
    await connection.waitFor(/^HTTP\/1\.1 100 Continue\r\n\r\n$/);
    connection.socket.write(body);
    expect(await connection.closed()).toMatch(
      /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n/,
    );
  });

  it('accepts a chunked body', async () => {
    sim = await startSimulator({ flavor: 'ac' });
    const request = soapRequest('announce x', { urn: 'urn:AC' });
    const [head, body] = request.split('\r\n\r\n');
    const chunkedHead = head.replace(/Content-Length: \d+/, 'Transfer-Encoding: chunked');
    const chunks = `${(20).toString(16)}\r\n${body.slice(0, 20)}\r\n${
      (body.length - 20).toString(16)
    }\r\n${body.slice(20)}\r\n0\r\n\r\n`;
    expect(await rawExchange(sim.port, `${chunkedHead}\r\n\r\n${chunks}`)).toMatch(
      /^HTTP\/1\.1 200 OK\r\n/,
    );
  });

  it('serves one connection at a time, in arrival order', async () => {
    sim = await startSimulator({ flavor: 'tc' });
    const first = await openRaw(sim.port);
    const request = soapRequest('announce x');
    first.socket.write(request.slice(0, 40));
    const second = await openRaw(sim.port);
    second.socket.write(soapRequest('pinfo Thrall'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(second.received()).toBe('');
    first.socket.write(request.slice(40));
    expect(await first.closed()).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(await second.closed()).toMatch(/Player {2}\(offline\) Thrall/);
    expect(sim.requests.map((entry) => entry.command)).toEqual(['announce x', 'pinfo Thrall']);
  });

  it('closes a connection that stays silent for the receive timeout, then serves the next', async () => {
    sim = await startSimulator({ flavor: 'tc', receiveTimeoutMs: 200 });
    const idle = await openRaw(sim.port);
    const waiting = rawExchange(sim.port, soapRequest('announce x'));
    expect(await idle.closed(3000)).toBe('');
    expect(await waiting).toMatch(/^HTTP\/1\.1 200 OK/);
  });

  it('413 for a body over the cap', async () => {
    sim = await startSimulator({ flavor: 'tc', maxBodyBytes: 100 });
    expect(await rawExchange(sim.port, soapRequest('announce ' + 'x'.repeat(200)))).toMatch(
      /^HTTP\/1\.1 413 Request Entity Too Large\r\n[\s\S]*Error 413: HTTP 413 Request Entity Too Large/,
    );
  });

  it('waits for the next world tick before answering', async () => {
    sim = await startSimulator({ flavor: 'tc', tickMs: 60_000 });
    const connection = await openRaw(sim.port);
    connection.socket.write(soapRequest('announce x'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(connection.received()).toBe('');
    await sim.close();
    expect(await connection.closed()).toBe('');
  });

  it('goDown closes the port (ECONNREFUSED); comeUp opens the same port again', async () => {
    sim = await startSimulator({ flavor: 'tc' });
    const port = sim.port;
    await sim.goDown();
    expect(sim.down).toBe(true);
    expect(await refused(port)).toBe('ECONNREFUSED');
    await sim.comeUp();
    expect(sim.port).toBe(port);
    expect(await rawExchange(port, soapRequest('announce x'))).toMatch(/^HTTP\/1\.1 200 OK/);
  });

  it('failNext: garbage, http500, fault, reset, timeout; counted, then normal again', async () => {
    sim = await startSimulator({ flavor: 'tc', hangMs: 300 });
    sim.failNext({ kind: 'garbage' });
    expect(await rawExchange(sim.port, soapRequest('server info'))).not.toMatch(/^HTTP/);
    sim.failNext({ kind: 'http500', count: 2 });
    for (let i = 0; i < 2; i++) {
      const answer = await rawExchange(sim.port, soapRequest('server info'));
      expect(answer).toMatch(/^HTTP\/1\.1 500 Internal Server Error\r\nContent-Type: text\/html/);
    }
    sim.failNext({ kind: 'fault' });
    expect(await rawExchange(sim.port, soapRequest('server info'))).toContain(
      '<faultcode>SOAP-ENV:Server</faultcode><faultstring>Server is shutting down</faultstring>',
    );
    sim.failNext({ kind: 'reset' });
    expect(await rawExchange(sim.port, soapRequest('server info'))).toBe('');
    sim.failNext({ kind: 'timeout' });
    expect(await rawExchange(sim.port, soapRequest('server info'))).toBe('');
    expect(await rawExchange(sim.port, soapRequest('announce ok'))).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(sim.requests.map((entry) => entry.failure ?? entry.status)).toEqual([
      'garbage',
      'http500',
      'http500',
      'fault',
      'reset',
      'timeout',
      200,
    ]);
  });

  it('logs requests without passwords', async () => {
    sim = await startSimulator({ flavor: 'tc', now: () => START });
    await rawExchange(sim.port, soapRequest('announce x', { auth: 'ADMIN:admin' }));
    await rawExchange(sim.port, soapRequest('server info', { auth: 'ADMIN:bad' }));
    expect(sim.requests).toEqual([
      { time: START, method: 'POST', user: 'ADMIN', status: 200, command: 'announce x' },
      { time: START, method: 'POST', user: 'ADMIN', status: 401, command: 'server info' },
    ]);
    expect(JSON.stringify(sim.requests)).not.toContain('admin"');
  });
});

describe('simulator world and drivers', () => {
  it('the test API drives the world; events reach subscribers; commands see the changes', async () => {
    sim = await startSimulator({ flavor: 'ac' });
    const events: SimWorldEvent[] = [];
    sim.world.subscribe((event) => events.push(event));
    expect(sim.login('Thrall', { ip: '2001:db8::5' })).toMatchObject({
      name: 'Thrall',
      ip: '2001:db8::5',
    });
    sim.move('Thrall', { map: 1, zone: 1637 });
    sim.setLevel('Jaina', 79);
    sim.chat('Thrall', 'yell', "Lok'tar!");
    sim.gmCommand('Thrall', 'revive');
    expect(events.map((event) => event.type)).toEqual([
      'login',
      'zone',
      'level',
      'chat',
      'gmCommand',
    ]);
    const list = await rawExchange(sim.port, soapRequest('account onlinelist', { urn: 'urn:AC' }));
    expect(list).toContain('-[ADMIN][Thrall][2001:db8::5][1][1637][2][3]-');
    expect(sim.logout('Thrall')).toMatchObject({ name: 'Thrall' });
  });

  it('restart() resets uptime and logs everyone out; the port stays open', async () => {
    let now = START;
    sim = await startSimulator({ flavor: 'tc', now: () => now });
    sim.login('Thrall');
    now += 3_600_000;
    sim.restart();
    const info = await rawExchange(sim.port, soapRequest('server info'));
    expect(info).toContain('Online players: 0 (max: 0)');
    expect(info).toContain('Server uptime: 0 Second.');
  });

  it('a scheduled restart that runs out takes the port down, then brings it back', async () => {
    sim = await startSimulator({ flavor: 'tc', tickMs: 20, restartDowntimeMs: 300 });
    const seen: string[] = [];
    sim.world.subscribe((event) => seen.push(event.type));
    await rawExchange(sim.port, soapRequest('server restart 0'));
    const port = sim.port;
    const until = Date.now() + 3000;
    while (!sim.down && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sim.down).toBe(true);
    expect(await refused(port)).toBe('ECONNREFUSED');
    while (sim.down && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sim.down).toBe(false);
    expect(seen).toEqual(expect.arrayContaining(['shutdownScheduled', 'shutdown', 'started']));
    expect(await rawExchange(port, soapRequest('server info'))).toContain(
      'Server uptime: 0 Second.',
    );
  });

  it('plays a scenario on the host clock', async () => {
    sim = await startSimulator({
      flavor: 'tc',
      scenario: {
        steps: [
          { at: 0, action: 'login', character: 'Thrall' },
          { at: 30, action: 'chat', character: 'Thrall', channel: 'say', text: 'hi' },
          { at: 60, action: 'logout', character: 'Nobody' },
          { at: 90, action: 'logout', character: 'Thrall' },
        ],
      },
    });
    const types: string[] = [];
    sim.world.subscribe((event) => types.push(event.type));
    const until = Date.now() + 3000;
    while (!types.includes('logout') && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(types.filter((type) => type !== 'updateDiff')).toEqual(['login', 'chat', 'logout']);
  });

  it('lively mode makes things happen, with a seeded population online', async () => {
    sim = await startSimulator({ flavor: 'tc', players: 10, lively: 20, seed: 3 });
    expect(sim.world.online()).toHaveLength(10);
    const types = new Set<string>();
    sim.world.subscribe((event) => types.add(event.type));
    const until = Date.now() + 4000;
    while (types.size < 3 && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(types.size).toBeGreaterThanOrEqual(3);
  });

  it('close() ends the world event stream and frees the port', async () => {
    const local = await startSimulator({ flavor: 'tc' });
    let completed = false;
    local.world.events$.subscribe({ complete: () => (completed = true) });
    await local.close();
    expect(completed).toBe(true);
    expect(await refused(local.port)).toBe('ECONNREFUSED');
  });
});

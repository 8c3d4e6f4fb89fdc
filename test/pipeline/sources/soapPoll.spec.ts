import { Observable, take } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  SoapAuthError,
  SoapForbiddenError,
  SoapUnreachableError,
} from '../../../src/pipeline/sources/soap/errors.ts';
import { createSoapTransport } from '../../../src/pipeline/sources/soap/transport.ts';
import type { SoapReply } from '../../../src/pipeline/sources/soap/types.ts';
import { backoffDelay, soapPoll } from '../../../src/pipeline/sources/soapPoll.ts';
import { type Simulator, startSimulator } from '../../../src/simulator/simulator.ts';
import { createTestScheduler } from '../../helpers/marbles.ts';

const down = new SoapUnreachableError('cannot reach http://h: ECONNREFUSED', 'ECONNREFUSED');
const ok = (command: string, text: string, time: number, latencyMs: number): SoapReply => ({
  kind: 'ok',
  command,
  text,
  time,
  latencyMs,
});
const failed = (command: string, error: Error, time: number, latencyMs: number): SoapReply => ({
  kind: 'error',
  command,
  error,
  time,
  latencyMs,
});
const noJitter = { jitter: 0 };

describe('soapPoll (marbles)', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => {
    testScheduler = createTestScheduler();
  });

  it('polls at once, then every interval; each reply carries time and latency', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const answer = cold('--x|', { x: 'info' });
      const poll$ = soapPoll({
        realm: 'r',
        transport: () => answer,
        commands: ['server info'],
        intervalMs: 5,
        scheduler: testScheduler,
      });
      expectObservable(poll$.pipe(take(3))).toBe('--a----b----(c|)', {
        a: ok('server info', 'info', 2, 2),
        b: ok('server info', 'info', 7, 2),
        c: ok('server info', 'info', 12, 2),
      });
      expectSubscriptions(answer.subscriptions).toBe(['^-!', '-----^-!', '----------^-!']);
    });
  });

  it('never overlaps: a reply slower than the interval makes the poller skip ticks', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const answer = cold('-------x|', { x: 'slow' });
      const poll$ = soapPoll({
        realm: 'r',
        transport: () => answer,
        commands: ['server info'],
        intervalMs: 5,
        scheduler: testScheduler,
      });
      expectObservable(poll$.pipe(take(3))).toBe('-------a---------b---------(c|)', {
        a: ok('server info', 'slow', 7, 7),
        b: ok('server info', 'slow', 17, 7),
        c: ok('server info', 'slow', 27, 7),
      });
      expectSubscriptions(answer.subscriptions).toBe([
        '^------!',
        '----------^------!',
        '--------------------^------!',
      ]);
    });
  });

  it('runs the commands of a round one after the other, each at its own cadence', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const poll$ = soapPoll({
        realm: 'r',
        transport: (command) => cold('-(x|)', { x: command.toUpperCase() }),
        commands: [
          { command: 'server info', intervalMs: 5 },
          { command: 'account onlinelist', intervalMs: 10 },
          { command: () => ['pinfo a', 'pinfo b'], intervalMs: 15 },
        ],
        intervalMs: 5,
        scheduler: testScheduler,
      });
      expectObservable(poll$.pipe(take(10))).toBe('-abcd-e----fg---hi(j|)', {
        a: ok('server info', 'SERVER INFO', 1, 1),
        b: ok('account onlinelist', 'ACCOUNT ONLINELIST', 2, 1),
        c: ok('pinfo a', 'PINFO A', 3, 1),
        d: ok('pinfo b', 'PINFO B', 4, 1),
        e: ok('server info', 'SERVER INFO', 6, 1),
        f: ok('server info', 'SERVER INFO', 11, 1),
        g: ok('account onlinelist', 'ACCOUNT ONLINELIST', 12, 1),
        h: ok('server info', 'SERVER INFO', 16, 1),
        i: ok('pinfo a', 'PINFO A', 17, 1),
        j: ok('pinfo b', 'PINFO B', 18, 1),
      });
    });
  });

  it('backs off exponentially after failures, capped (exact timings without jitter)', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const poll$ = soapPoll({
        realm: 'r',
        transport: () => cold('-#', undefined, down),
        commands: ['server info'],
        intervalMs: 5,
        scheduler: testScheduler,
        backoff: { initialMs: 10, maxMs: 40, ...noJitter },
      });
      // failures at 1; +10 -> 11, fails at 12; +20 -> 32, fails at 33; +40 -> 73, 74; +40 (cap)
      expectObservable(poll$.pipe(take(5))).toBe(
        '-a 10ms b 20ms c 40ms d 40ms (e|)',
        {
          a: failed('server info', down, 1, 1),
          b: failed('server info', down, 12, 1),
          c: failed('server info', down, 33, 1),
          d: failed('server info', down, 74, 1),
          e: failed('server info', down, 115, 1),
        },
      );
    });
  });

  it('jitter takes a random share off the delay (injected random source)', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const poll$ = soapPoll({
        realm: 'r',
        transport: () => cold('-#', undefined, down),
        commands: ['server info'],
        intervalMs: 5,
        scheduler: testScheduler,
        backoff: { initialMs: 20, jitter: 0.5, random: () => 0.5 },
      });
      // 20 * (1 - 0.25) = 15, then 40 * 0.75 = 30
      expectObservable(poll$.pipe(take(3))).toBe('-a 15ms b 30ms (c|)', {
        a: failed('server info', down, 1, 1),
        b: failed('server info', down, 17, 1),
        c: failed('server info', down, 48, 1),
      });
    });
  });

  it('resumes after recovery: success resets the backoff, the interval takes over again', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      let call = 0;
      const poll$ = soapPoll({
        realm: 'r',
        transport: () => {
          call++;
          return call === 1 || call === 2 || call === 5
            ? cold('-#', undefined, down)
            : cold('-x|', { x: 'up' });
        },
        commands: ['server info'],
        intervalMs: 5,
        scheduler: testScheduler,
        backoff: { initialMs: 10, ...noJitter },
      });
      // fail@1 (+10) fail@12 (+20) ok@33, ok@38, fail@43 (+10, reset) ok@54
      expectObservable(poll$.pipe(take(6))).toBe(
        '-a 10ms b 20ms c 4ms d 4ms e 10ms (f|)',
        {
          a: failed('server info', down, 1, 1),
          b: failed('server info', down, 12, 1),
          c: ok('server info', 'up', 33, 1),
          d: ok('server info', 'up', 38, 1),
          e: failed('server info', down, 43, 1),
          f: ok('server info', 'up', 54, 1),
        },
      );
    });
  });

  it('a failure ends the round; after the backoff every unfinished command runs again', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      let failOnce = true;
      const poll$ = soapPoll({
        realm: 'r',
        transport: (command) => {
          if (command === 'a' && failOnce) {
            failOnce = false;
            return cold('-#', undefined, down);
          }
          return cold('-(x|)', { x: command });
        },
        commands: [{ command: 'info', intervalMs: 5 }, { command: 'a', intervalMs: 50 }, {
          command: 'b',
          intervalMs: 50,
        }],
        intervalMs: 5,
        scheduler: testScheduler,
        backoff: { initialMs: 10, ...noJitter },
      });
      expectObservable(poll$.pipe(take(6))).toBe('-ab 10ms cde 2ms (f|)', {
        a: ok('info', 'info', 1, 1),
        b: failed('a', down, 2, 1),
        c: ok('info', 'info', 13, 1),
        d: ok('a', 'a', 14, 1),
        e: ok('b', 'b', 15, 1),
        f: ok('info', 'info', 18, 1),
      });
    });
  });

  it('stops on an auth error: emits its reply and completes, no more requests', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const auth = new SoapAuthError('HTTP 401: the SOAP account or password is wrong');
      const answer = cold('--#', undefined, auth);
      const poll$ = soapPoll({
        realm: 'r',
        transport: () => answer,
        commands: ['server info'],
        intervalMs: 5,
        scheduler: testScheduler,
      });
      expectObservable(poll$).toBe('--(a|)', { a: failed('server info', auth, 2, 2) });
      expectSubscriptions(answer.subscriptions).toBe('^-!');
    });
  });

  it('stops on 403 as well, even after successes', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const forbidden = new SoapForbiddenError('HTTP 403');
      let call = 0;
      const poll$ = soapPoll({
        realm: 'r',
        transport:
          () => (++call === 1 ? cold('-(x|)', { x: 'fine' }) : cold('-#', undefined, forbidden)),
        commands: ['server info'],
        intervalMs: 5,
        scheduler: testScheduler,
      });
      expectObservable(poll$).toBe('-a----(b|)', {
        a: ok('server info', 'fine', 1, 1),
        b: failed('server info', forbidden, 6, 1),
      });
    });
  });

  it('unsubscribing aborts the request in flight', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const answer = cold('------x|', { x: 'late' });
      const poll$ = soapPoll({
        realm: 'r',
        transport: () => answer,
        commands: ['server info'],
        intervalMs: 5,
        scheduler: testScheduler,
      });
      expectObservable(poll$, '^--!').toBe('---');
      expectSubscriptions(answer.subscriptions).toBe('^--!');
    });
  });

  it('a transport that completes without a value, or a throwing command list, is an error reply', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const boom = new Error('list failed');
      let throwList = true;
      const poll$ = soapPoll({
        realm: 'r',
        transport: () => cold('-|'),
        commands: [{
          command: () => {
            if (throwList) {
              throwList = false;
              throw boom;
            }
            return ['x'];
          },
        }],
        intervalMs: 5,
        scheduler: testScheduler,
        backoff: { initialMs: 3, ...noJitter },
      });
      expectObservable(poll$.pipe(take(2))).toBe('a 3ms (b|)', {
        a: failed('(command list)', boom, 0, 0),
        b: failed('x', new Error("transport completed without an answer to 'x'"), 4, 1),
      });
    });
  });
});

describe('backoffDelay', () => {
  it('grows by the factor, caps, and jitters down by at most the jitter share', () => {
    const fixed = { jitter: 0 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, { ...fixed, maxMs: 20_000 }, 5000)))
      .toEqual([5000, 10_000, 20_000, 20_000, 20_000, 20_000]);
    expect(backoffDelay(1, { jitter: 0.2, random: () => 0.999 }, 1000)).toBe(800);
    expect(backoffDelay(1, { jitter: 0.2, random: () => 0 }, 1000)).toBe(1000);
    expect(backoffDelay(3, { factor: 3, initialMs: 100, jitter: 0 }, 1000)).toBe(900);
  });
});

describe('soapPoll over real HTTP against the simulator', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  for (const [short, flavor] of [['tc', 'trinitycore'], ['ac', 'azerothcore']] as const) {
    it(`${short}: replies, an outage as error replies, recovery`, async () => {
      sim = await startSimulator({ flavor: short, tickMs: 10 });
      sim.login('Thrall');
      const transport = createSoapTransport({
        url: sim.url,
        username: 'ADMIN',
        password: 'admin',
        flavor,
        timeoutMs: 1000,
      });
      const replies: SoapReply[] = [];
      const subscription = soapPoll({
        realm: 'sim',
        transport,
        commands: ['server info', 'account onlinelist'],
        intervalMs: 100,
        backoff: { initialMs: 50, jitter: 0 },
      }).subscribe((reply) => replies.push(reply));
      const until = async (check: () => boolean) => {
        const end = Date.now() + 5000;
        while (!check() && Date.now() < end) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      };
      await until(() => replies.length >= 2);
      await sim.goDown();
      await until(() => replies.some((reply) => reply.kind === 'error'));
      await sim.comeUp();
      const errorsSeen = replies.length;
      await until(() => replies.slice(errorsSeen).some((reply) => reply.kind === 'ok'));
      subscription.unsubscribe();
      expect(replies[0]).toMatchObject({ kind: 'ok', command: 'server info' });
      expect((replies[0] as { text: string }).text).toMatch(
        short === 'tc' ? /^TrinityCore rev\./ : /^AzerothCore rev\./,
      );
      expect(replies[1]).toMatchObject({ kind: 'ok', command: 'account onlinelist' });
      expect((replies[1] as { text: string }).text).toContain('Thrall');
      const error = replies.find((reply) => reply.kind === 'error');
      expect(error).toMatchObject({ error: { name: 'SoapUnreachableError', kind: 'unreachable' } });
      expect(replies.slice(errorsSeen).some((reply) => reply.kind === 'ok')).toBe(true);
    });
  }

  it('a wrong password stops polling after one request', async () => {
    sim = await startSimulator({ flavor: 'tc', tickMs: 10 });
    const replies: SoapReply[] = [];
    await new Promise<void>((resolve) => {
      soapPoll({
        realm: 'sim',
        transport: createSoapTransport({
          url: sim!.url,
          username: 'ADMIN',
          password: 'wrong',
          flavor: 'trinitycore',
        }),
        commands: ['server info'],
        intervalMs: 50,
      }).subscribe({ next: (reply) => replies.push(reply), complete: resolve });
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ kind: 'error', error: { name: 'SoapAuthError' } });
    expect(sim.requests).toHaveLength(1);
  });

  it('the transport seam: any Observable factory works (no network)', async () => {
    const replies: SoapReply[] = [];
    const subscription = soapPoll({
      realm: 'r',
      transport: (command) =>
        new Observable<string>((subscriber) => {
          subscriber.next(`echo ${command}`);
          subscriber.complete();
        }),
      commands: ['x'],
      intervalMs: 1000,
    }).subscribe((reply) => replies.push(reply));
    await new Promise((resolve) => setTimeout(resolve, 20));
    subscription.unsubscribe();
    expect(replies).toMatchObject([{ kind: 'ok', command: 'x', text: 'echo x' }]);
  });
});

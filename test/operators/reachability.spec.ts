import { beforeEach, describe, it } from 'vitest';
import type { TestScheduler } from 'rxjs/testing';
import { reachability } from '../../src/operators/index.ts';
import { type DraftEvent, draftEvent, type EventData } from '../../src/pipeline/events.ts';
import type { SoapReply } from '../../src/pipeline/sources/soap/types.ts';
import { createTestScheduler } from '../helpers/marbles.ts';
import { operatorCompliance } from '../helpers/operatorCompliance.ts';
import { errorReply, okReply } from '../fixtures/soap/fixtures.ts';

const ev = <T extends DraftEvent['type']>(type: T, time: number, data: EventData<T>) =>
  draftEvent(type, { realm: 'w1', time, source: 'soap', data });

describe('reachability', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  it('emits server.up at start, then only transitions, with the down time', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-a-x-y-|', {
        a: okReply('server info', 'x', 1000),
        x: errorReply('server info', 'timeout', 'no answer', 5000),
        y: errorReply('server info', 'unreachable', 'refused', 7000),
      });
      const late = okReply('server info', 'x', 9000);
      const result = source.pipe(reachability({ realm: 'w1' }));
      expectObservable(result).toBe('-U---D---|', {
        U: ev('server.up', 1000, {}),
        D: ev('server.down', 5000, { reason: 'timeout', message: 'no answer' }),
      });
      expectSubscriptions(source.subscriptions).toBe('^--------!');
      const recovering = cold('-x-y-a-|', {
        x: errorReply('server info', 'timeout', 'no answer', 5000),
        y: errorReply('server info', 'unreachable', 'refused', 7000),
        a: late,
      });
      expectObservable(recovering.pipe(reachability({ realm: 'w1' }))).toBe('-D---U-|', {
        D: ev('server.down', 5000, { reason: 'timeout', message: 'no answer' }),
        U: ev('server.up', 9000, { downForMs: 4000 }),
      });
    });
  });

  it('marks auth and forbidden failures as stopped', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-a-|', {
        a: errorReply('server info', 'auth', 'HTTP 401 Unauthorized', 3),
      });
      expectObservable(source.pipe(reachability({ realm: 'w1' }))).toBe('-D-|', {
        D: ev('server.down', 3, {
          reason: 'auth',
          message: 'HTTP 401 Unauthorized',
          stopped: true,
        }),
      });
      const forbidden = cold('-a-|', { a: errorReply('server info', 'forbidden', '403', 3) });
      expectObservable(forbidden.pipe(reachability({ realm: 'w1' }))).toBe('-D-|', {
        D: ev('server.down', 3, { reason: 'forbidden', message: '403', stopped: true }),
      });
    });
  });

  it('counts a SOAP fault as reachable (the server answered)', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-f-x-g-|', {
        f: errorReply('pinfo X', 'fault', "Character 'X' does not exist.", 1),
        x: errorReply('pinfo X', 'protocol', 'not SOAP', 2),
        g: errorReply('pinfo X', 'fault', "Character 'X' does not exist.", 6),
      });
      expectObservable(source.pipe(reachability({ realm: 'w1' }))).toBe('-U-D-V-|', {
        U: ev('server.up', 1, {}),
        D: ev('server.down', 2, { reason: 'protocol', message: 'not SOAP' }),
        V: ev('server.up', 6, { downForMs: 4 }),
      });
    });
  });
});

const up = ev('server.up', 0, {});
operatorCompliance<SoapReply, DraftEvent>('reachability', {
  operator: () => reachability({ realm: 'w1' }),
  values: { a: okReply('server info', 'x', 0) },
  single: { source: '-a|', expected: '-U|', expectedValues: { U: up }, subscription: '^-!' },
  multiple: {
    source: '-a-a|',
    expected: '-U--|',
    expectedValues: { U: up },
    subscription: '^---!',
  },
});

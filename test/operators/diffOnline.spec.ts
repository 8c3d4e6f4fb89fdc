import { beforeEach, describe, it } from 'vitest';
import type { TestScheduler } from 'rxjs/testing';
import { diffOnline, type OnlineInput } from '../../src/operators/index.ts';
import { type DraftEvent, draftEvent, type EventData } from '../../src/pipeline/events.ts';
import type { OnlinePlayer } from '../../src/pipeline/snapshots.ts';
import { createTestScheduler } from '../helpers/marbles.ts';
import { operatorCompliance } from '../helpers/operatorCompliance.ts';

const thrall: OnlinePlayer = {
  account: 'ADMIN',
  character: 'Thrall',
  ip: '127.0.0.1',
  map: 1,
  zone: 14,
  expansion: 2,
  gmLevel: 3,
};
const jaina: OnlinePlayer = { ...thrall, account: 'P2', character: 'Jaina', ip: '::1', map: 0 };
const thrallMoved: OnlinePlayer = { ...thrall, map: 0, zone: 1519 };

const snap = (time: number, players: OnlinePlayer[], complete = true): OnlineInput => ({
  kind: 'snapshot',
  time,
  command: 'account onlinelist',
  snapshot: { players, complete },
});
const failed = (time: number): OnlineInput => ({
  kind: 'poll.failed',
  time,
  command: 'account onlinelist',
  reason: 'timeout',
  message: 'timed out',
});
const restart = (time: number): OnlineInput => ({ kind: 'restart', time });

const ev = <T extends DraftEvent['type']>(type: T, time: number, data: EventData<T>) =>
  draftEvent(type, { realm: 'w1', time, source: 'soap', data });
const rosterOf = (reason: 'start' | 'recovery', time: number, players: OnlinePlayer[]) =>
  ev('realm.roster', time, {
    reason,
    count: players.length,
    players: players.map((p) => ({
      character: p.character,
      account: p.account,
      map: p.map,
      zone: p.zone,
    })),
  });
const login = (time: number, p: OnlinePlayer, extra: object = {}) =>
  ev('player.login', time, {
    character: p.character,
    account: p.account,
    map: p.map,
    zone: p.zone,
    ...extra,
    ip: p.ip,
  });

describe('diffOnline', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  it('turns the first snapshot into a roster, then derives logins, logouts and zones', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c-d-|', {
        a: snap(1000, [thrall]),
        b: snap(3000, [thrall, jaina]),
        c: snap(5000, [thrallMoved, jaina]),
        d: snap(7000, [thrallMoved]),
      });
      expectObservable(source.pipe(diffOnline({ realm: 'w1' }))).toBe('-R-L-Z-O-|', {
        R: rosterOf('start', 1000, [thrall]),
        L: login(3000, jaina),
        Z: ev('player.zone', 5000, {
          character: 'Thrall',
          account: 'ADMIN',
          fromMap: 1,
          fromZone: 14,
          map: 0,
          zone: 1519,
        }),
        // Jaina's login was seen at 3 s and her logout at 7 s: a 4 s session.
        O: ev('player.logout', 7000, {
          character: 'Jaina',
          reason: 'logout',
          account: 'P2',
          sessionSeconds: 4,
        }),
      });
      expectSubscriptions(source.subscriptions).toBe('^--------!');
    });
  });

  it('gives no session length for players of the first roster', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-a-b-|', { a: snap(1000, [thrall]), b: snap(3000, []) });
      expectObservable(source.pipe(diffOnline({ realm: 'w1' }))).toBe('-R-O-|', {
        R: rosterOf('start', 1000, [thrall]),
        O: ev('player.logout', 3000, { character: 'Thrall', reason: 'logout', account: 'ADMIN' }),
      });
    });
  });

  it('after an outage: approximate changes with the window, nothing for stayers, a recovery roster', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-a-x-x-x-b-----|', {
        a: snap(1000, [thrall, jaina]),
        x: failed(2000),
        b: snap(9000, [thrallMoved, { ...jaina, character: 'Anduin' }]),
      });
      const outage = { from: 1000, to: 9000 };
      expectObservable(source.pipe(diffOnline({ realm: 'w1' }))).toBe('-R-------(OLZS)|', {
        R: rosterOf('start', 1000, [thrall, jaina]),
        O: ev('player.logout', 9000, {
          character: 'Jaina',
          reason: 'logout',
          account: 'P2',
          approximate: true,
          outage,
        }),
        L: login(9000, { ...jaina, character: 'Anduin' }, { approximate: true, outage }),
        Z: ev('player.zone', 9000, {
          character: 'Thrall',
          account: 'ADMIN',
          fromMap: 1,
          fromZone: 14,
          map: 0,
          zone: 1519,
          approximate: true,
        }),
        S: rosterOf('recovery', 9000, [thrallMoved, { ...jaina, character: 'Anduin' }]),
      });
    });
  });

  it('after an outage with nobody changing: only the recovery roster, no login burst', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-a-x-x-x-b-c-|', {
        a: snap(1000, [thrall, jaina]),
        x: failed(2000),
        b: snap(9000, [thrall, jaina]),
        c: snap(11000, [thrall, jaina]),
      });
      expectObservable(source.pipe(diffOnline({ realm: 'w1' }))).toBe('-R-------S---|', {
        R: rosterOf('start', 1000, [thrall, jaina]),
        S: rosterOf('recovery', 9000, [thrall, jaina]),
      });
    });
  });

  it('ignores failed polls before the first snapshot (start while the realm is down)', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-x-x-a-|', { x: failed(0), a: snap(5000, [thrall]) });
      expectObservable(source.pipe(diffOnline({ realm: 'w1' }))).toBe('-----R-|', {
        R: rosterOf('start', 5000, [thrall]),
      });
    });
  });

  it('after a restart logs out everyone seen before, then sees real logins', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-a-b-r----c-|', {
        a: snap(1000, [thrall]),
        b: snap(3000, [thrall, jaina]),
        r: restart(5000),
        c: snap(6000, [thrall]),
      });
      expectObservable(source.pipe(diffOnline({ realm: 'w1' }))).toBe('-R-L-(TJ)-M-|', {
        R: rosterOf('start', 1000, [thrall]),
        L: login(3000, jaina),
        T: ev('player.logout', 5000, { character: 'Thrall', reason: 'restart', account: 'ADMIN' }),
        J: ev('player.logout', 5000, {
          character: 'Jaina',
          reason: 'restart',
          account: 'P2',
          sessionSeconds: 2,
        }),
        M: login(6000, thrall),
      });
    });
  });

  it('a restart detected after an outage marks the logouts approximate', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-a-x-r-c---|', {
        a: snap(1000, [thrall]),
        x: failed(2000),
        r: restart(7000),
        c: snap(7500, [jaina]),
      });
      expectObservable(source.pipe(diffOnline({ realm: 'w1' }))).toBe('-R---T-(LS)|', {
        R: rosterOf('start', 1000, [thrall]),
        T: ev('player.logout', 7000, {
          character: 'Thrall',
          reason: 'restart',
          account: 'ADMIN',
          approximate: true,
          outage: { from: 1000, to: 7000 },
        }),
        L: login(7500, jaina, { approximate: true, outage: { from: 1000, to: 7500 } }),
        S: rosterOf('recovery', 7500, [jaina]),
      });
    });
  });

  it('never logs anyone out because of an incomplete snapshot', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-a-b-c-|', {
        a: snap(1000, [thrall, jaina]),
        b: snap(3000, [jaina], false),
        c: snap(5000, [jaina]),
      });
      expectObservable(source.pipe(diffOnline({ realm: 'w1' }))).toBe('-R---O-|', {
        R: rosterOf('start', 1000, [thrall, jaina]),
        O: ev('player.logout', 5000, { character: 'Thrall', reason: 'logout', account: 'ADMIN' }),
      });
    });
  });

  it('passes parse errors through and handles incomplete (<Error>) rows', () => {
    const ghost: OnlinePlayer = {
      account: '',
      character: 'Ghost',
      ip: '',
      map: -1,
      zone: -1,
      expansion: -1,
      gmLevel: -1,
      incomplete: true,
    };
    const parseError = ev('parse.error', 2000, { parser: 'p', message: 'm', raw: 'r' });
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold<OnlineInput>('-a-e-b-c-|', {
        a: snap(1000, []),
        e: { kind: 'parse.error', time: 2000, event: parseError },
        b: snap(3000, [ghost]),
        c: snap(5000, [{ ...ghost, incomplete: false, account: 'X', map: 1, zone: 2 }]),
      });
      expectObservable(source.pipe(diffOnline({ realm: 'w1' }))).toBe('-R-E-L---|', {
        R: rosterOf('start', 1000, []),
        E: parseError,
        L: ev('player.login', 3000, { character: 'Ghost' }),
      });
    });
  });
});

const first = rosterOf('start', 0, [thrall]);
operatorCompliance<OnlineInput, DraftEvent>('diffOnline', {
  operator: () => diffOnline({ realm: 'w1' }),
  values: { a: snap(0, [thrall]) },
  single: { source: '-a|', expected: '-R|', expectedValues: { R: first }, subscription: '^-!' },
  multiple: {
    source: '-a-a-|',
    expected: '-R---|',
    expectedValues: { R: first },
    subscription: '^----!',
  },
});

import { filter, map, type Observable, take, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import {
  type CustomPipeline,
  type CustomPipelineContext,
  startCustomPipelines,
} from '../../src/pipeline/customPipelines.ts';
import { type DraftEvent, draftEvent, type RealmEvent } from '../../src/pipeline/events.ts';
import { createHub } from '../../src/pipeline/hub.ts';

const login = (character: string): DraftEvent =>
  draftEvent('player.login', { realm: 'w1', time: 1, source: 'soap', data: { character } });

const alert = (message: string): DraftEvent =>
  draftEvent('alert.raised', {
    realm: 'w1',
    time: 1,
    source: 'gateway',
    data: { name: 'test', severity: 'info', message },
  });

function setup(pipelines: CustomPipeline[]) {
  const hub = createHub();
  const lines: string[] = [];
  const logger = createLogger({ write: (line) => lines.push(line), json: true });
  const seen: RealmEvent[] = [];
  hub.events$.subscribe(({ event }) => seen.push(event));
  const running = startCustomPipelines(hub, pipelines, { logger });
  const logged = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { hub, running, seen, logged };
}

/** Answers every event it sees with an alert naming it: would loop forever on its own. */
function echo({ events$ }: CustomPipelineContext): Observable<DraftEvent> {
  return events$.pipe(map((event) => alert(`saw ${event.type}`)));
}

describe('startCustomPipelines', () => {
  it('publishes what a pipeline returns and never feeds it its own events', () => {
    const { hub, running, seen } = setup([echo]);
    hub.publish(login('Thrall'));
    hub.publish(login('Jaina'));
    expect(seen.map((event) => [event.type, event.seq])).toEqual([
      ['player.login', 1],
      ['alert.raised', 2],
      ['player.login', 3],
      ['alert.raised', 4],
    ]);
    expect(running.stats).toEqual([{ name: 'echo', published: 2, invalid: 0, failed: false }]);
  });

  it("pipelines never see each other's events, so they cannot feed each other", () => {
    const loginsToAlerts: CustomPipeline = ({ events$ }) =>
      events$.pipe(filter((e) => e.type === 'player.login'), map(() => alert('login')));
    const { hub, running, seen } = setup([loginsToAlerts, echo]);
    hub.publish(login('Thrall'));
    // echo answers only the login, not loginsToAlerts' alert (which would loop if echoed back).
    expect(seen.map((event) => event.type === 'alert.raised' ? event.data.message : event.type))
      .toEqual(['player.login', 'login', 'saw player.login']);
    expect(running.stats.map((s) => s.published)).toEqual([1, 1]);
  });

  it('drops and counts events the catalog refuses, logging the first ones', () => {
    const bad: CustomPipeline = ({ events$ }) =>
      events$.pipe(
        map(() => ({ ...alert('x'), data: { name: 'x', severity: 'loud', message: 'x' } })),
      ) as Observable<DraftEvent>;
    const { hub, running, seen, logged } = setup([bad]);
    for (let i = 0; i < 12; i++) hub.publish(login(`P${i}`));
    expect(seen.every((event) => event.type === 'player.login')).toBe(true);
    expect(running.stats[0]).toMatchObject({ name: 'bad', published: 0, invalid: 12 });
    const warnings = logged().filter((line) => line.level === 'warn');
    expect(warnings).toHaveLength(10);
    expect(warnings[0]).toMatchObject({
      pipeline: 'bad',
      problem: expect.stringMatching(/severity/),
    });
  });

  it('a failing pipeline stops alone; a throwing factory counts as failed', () => {
    const failsOnSecond: CustomPipeline = ({ events$ }) =>
      events$.pipe(
        map((event, index) => {
          if (index === 1) throw new Error('boom');
          return alert(`ok ${event.seq}`);
        }),
      );
    const throwsAtStart: CustomPipeline = () => {
      throw new Error('cannot start');
    };
    const errors: CustomPipeline = () => throwError(() => new Error('at once'));
    const { hub, running, logged } = setup([failsOnSecond, throwsAtStart, errors, echo]);
    hub.publish(login('A'));
    hub.publish(login('B'));
    hub.publish(login('C'));
    expect(running.stats.map((s) => [s.name, s.failed])).toEqual([
      ['failsOnSecond', true],
      ['throwsAtStart', true],
      ['errors', true],
      ['echo', false],
    ]);
    // echo kept going: it answered the three logins (not failsOnSecond's alert).
    expect(running.stats[3].published).toBe(3);
    expect(logged().filter((line) => line.level === 'error').map((line) => line.pipeline))
      .toEqual(['throwsAtStart', 'errors', 'failsOnSecond']);
  });

  it('names anonymous pipelines by position; stop() unsubscribes them', () => {
    const { hub, running, seen } = setup([
      ({ events$ }) => events$.pipe(take(100), map(() => alert('anonymous'))),
    ]);
    expect(running.stats[0].name).toBe('pipeline-1');
    running.stop();
    hub.publish(login('Late'));
    expect(seen).toHaveLength(1);
  });
});

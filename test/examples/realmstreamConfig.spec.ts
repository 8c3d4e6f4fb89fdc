import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import exampleConfig, { lagSpikes } from '../../examples/realmstream.config.ts';
import { silentLogger } from '../../src/logger.ts';
import { loadConfigFile } from '../../src/pipeline/config.ts';
import { startCustomPipelines } from '../../src/pipeline/customPipelines.ts';
import { draftEvent, type RealmEvent } from '../../src/pipeline/events.ts';
import { createHub } from '../../src/pipeline/hub.ts';
import { ROOT } from '../helpers/process.ts';

describe('examples/realmstream.config.ts', () => {
  it('loads as a config module with its pipeline', async () => {
    const config = await loadConfigFile(`${ROOT}examples/realmstream.config.ts`, () => undefined);
    expect(config.realms.map((realm) => realm.id)).toEqual(['sim']);
    expect(config.pipelines).toEqual(exampleConfig.pipelines);
  });

  it('raises one alert.raised for three lag spikes within a minute, in virtual time', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ flush }) => {
      const hub = createHub();
      const alerts: RealmEvent[] = [];
      hub.events$.subscribe(({ event }) => event.type === 'alert.raised' && alerts.push(event));
      startCustomPipelines(hub, [lagSpikes], { logger: silentLogger, scheduler });
      const spike = (ms: number) =>
        hub.publish(draftEvent('server.lag', {
          realm: 'world-1',
          time: 0,
          source: 'soap',
          data: { state: 'started', updateDiffMs: ms, thresholdMs: 300 },
        }));
      spike(400);
      spike(900);
      spike(500);
      flush();
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({
        realm: 'world-1',
        time: 60_000,
        source: 'gateway',
        priority: 'high',
        data: {
          name: 'lag-spikes',
          severity: 'warning',
          message: '3 lag spikes within a minute (worst 900 ms)',
        },
      });
    });
  });
});

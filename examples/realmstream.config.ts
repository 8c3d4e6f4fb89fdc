/**
 * @module Example: a config module with a custom pipeline. The gateway runs `pipelines` on
 * its own event stream and publishes what they return, so every client, recording and the
 * dashboard sees the alert like any other event.
 *
 * Run it: `npx realmstream serve --config examples/realmstream.config.ts`. In your project,
 * import from `realmstream` instead of `../src/mod.ts`.
 */
import { map, type Observable } from 'rxjs';
import { type CustomPipelineContext, type DraftEvent, draftEvent } from '../src/mod.ts';
import { lagAlerts } from './lagAlert.ts';

/**
 * Three lag spikes on one realm within a minute raise a `warning` alert.
 *
 * @param context The hub's events and the gateway's clock.
 * @returns `alert.raised` events.
 */
export function lagSpikes({ events$, scheduler }: CustomPipelineContext): Observable<DraftEvent> {
  return events$.pipe(
    lagAlerts({ threshold: 3, windowMs: 60_000, scheduler }),
    map((alert) =>
      draftEvent('alert.raised', {
        realm: alert.realm,
        time: alert.windowEnd,
        source: 'gateway',
        data: {
          name: 'lag-spikes',
          severity: 'warning',
          message: `${alert.spikes} lag spikes within a minute (worst ${alert.worstMs} ms)`,
          details: { ...alert },
        },
      })
    ),
  );
}

export default {
  realms: [{ id: 'sim', name: 'Simulated Realm', flavor: 'trinitycore', simulate: {} }],
  pipelines: [lagSpikes],
};

/**
 * `realmstream/testing`, imported by package name (Node's self-reference, as a user's
 * project would), replays the sample evening in virtual time.
 */
import { count, filter } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/process.ts';

describe('realmstream/testing', () => {
  it('the sample evening replays in virtual time', async () => {
    const testing = await import('realmstream/testing');
    const evening = await testing.loadRecording(`${ROOT}recordings/sample-tc.jsonl`);
    const logins = evening.events.filter((entry) => entry.event.type === 'player.login').length;
    expect(logins).toBeGreaterThan(3);
    new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(
      ({ expectObservable }) => {
        const replayed = testing.replay(evening).pipe(
          filter((event) => event.type === 'player.login'),
          count(),
        );
        // The replay lasts as long as the recording (its last entry may be a marker).
        expectObservable(replayed).toBe(`${evening.durationMs}ms (a|)`, { a: logins });
      },
    );
  });
});

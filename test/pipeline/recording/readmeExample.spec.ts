/**
 * The README's "Testing your pipelines with recordings" example, as a test. The code
 * between the README markers below is the README's code block, imports aside (the README
 * imports from the package, this file from the sources); the last test checks they agree.
 */
import { readFileSync } from 'node:fs';
import { bufferTime, filter, map, type OperatorFunction, pipe } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { RealmEvent } from '../../../src/mod.ts';
import { loadRecording, replay } from '../../../src/mod.ts';

// README:begin
/** A pipeline of your own: how many characters logged in, minute by minute. */
function loginsPerMinute(): OperatorFunction<RealmEvent, number> {
  return pipe(
    filter((event) => event.type === 'player.login'),
    bufferTime(60_000),
    map((logins) => logins.length),
  );
}

describe('loginsPerMinute', () => {
  it('counts the logins of the sample evening, minute by minute, in virtual time', async () => {
    const evening = await loadRecording('recordings/sample-tc.jsonl');
    const testScheduler = new TestScheduler((actual, expected) => {
      expect(actual).toEqual(expected);
    });
    testScheduler.run(({ expectObservable }) => {
      // Thrall logs in at 0:20, Jaina at 0:45, Grom at 1:30; nobody else before 3:00.
      const firstThreeMinutes = replay(evening, { to: 180_000 });
      expectObservable(firstThreeMinutes.pipe(loginsPerMinute())).toBe(
        '60s a 59999ms b 59999ms (cd|)',
        { a: 2, b: 1, c: 0, d: 0 },
      );
    });
  });
});
// README:end

describe('README example', () => {
  it('is the code in README.md', () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = /<!-- recording-example -->\s*```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'README has a code block after <!-- recording-example -->').toBeDefined();
    const source = readFileSync(new URL(import.meta.url), 'utf8');
    const body = /\/\/ README:begin\n([\s\S]*?)\/\/ README:end/.exec(source)?.[1];
    const withoutImports = (code: string) =>
      code.split('\n').filter((line) => !line.startsWith('import ')).join('\n').trim();
    expect(withoutImports(block as string)).toBe(withoutImports(body as string));
  });
});

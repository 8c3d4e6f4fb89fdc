import { describe, expect, it } from 'vitest';
import { createParseErrorReporter } from '../../../src/pipeline/formats/parseErrors.ts';

describe('createParseErrorReporter', () => {
  it('reports the first error of a window, counts the rest, and reports the count next', () => {
    const reporter = createParseErrorReporter({ realm: 'r1', parser: 'p', intervalMs: 1000 });
    const first = reporter.report(0, 'bad', 'line 1');
    expect(first).toEqual({
      kind: 'parse.error',
      time: 0,
      event: {
        realm: 'r1',
        type: 'parse.error',
        time: 0,
        priority: 'low',
        source: 'soap',
        data: { parser: 'p', message: 'bad', raw: 'line 1' },
      },
    });
    expect(reporter.report(10, 'bad', 'line 2')).toBeUndefined();
    expect(reporter.report(999, 'bad', 'line 3')).toBeUndefined();
    const next = reporter.report(1000, 'worse', 'line 4');
    expect(next?.event.data).toEqual({
      parser: 'p',
      message: 'worse',
      raw: 'line 4',
      suppressed: 2,
    });
    expect(reporter.report(2500, 'bad', 'line 5')?.event.data.suppressed).toBeUndefined();
  });

  it('truncates the raw text', () => {
    const reporter = createParseErrorReporter({ realm: 'r1', parser: 'p' });
    const value = reporter.report(0, 'bad', 'y'.repeat(100_000));
    expect(value!.event.data.raw.length).toBeLessThan(2100);
  });
});

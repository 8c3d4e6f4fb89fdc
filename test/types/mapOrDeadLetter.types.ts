/**
 * @module Type-level expectations for the dead-letter path (checked by tsc).
 */
import { type Observable, of } from 'rxjs';
import { createDeadLetterSink, mapOrDeadLetter } from '../../src/operators/index.ts';

const deadLetters = createDeadLetterSink({ capacity: 10 });

/** The output is the projection's type; failures do not appear in it. */
export const lengths: Observable<number> = of('a', 'bb').pipe(
  mapOrDeadLetter((text) => text.length, { deadLetters }),
);

// @ts-expect-error a dead-letter target needs push()
mapOrDeadLetter((text: string) => text.length, { deadLetters: { send: () => {} } });

// @ts-expect-error the projection receives the source's type
of(1).pipe(mapOrDeadLetter((text: string) => text.length, { deadLetters }));

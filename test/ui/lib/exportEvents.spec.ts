import { describe, expect, it } from 'vitest';
import { serializeEvents } from '../../../src/ui/lib/exportEvents.ts';
import type { RealmEvent } from '../../../src/pipeline/events.ts';

const events = [1, 2].map((seq) => ({ id: `e:${seq}`, seq, data: {} }) as unknown as RealmEvent);

describe('serializeEvents', () => {
  it('writes a JSON array or one JSON line per event', () => {
    expect(JSON.parse(serializeEvents(events, 'json'))).toEqual(events);
    const lines = serializeEvents(events, 'jsonl').split('\n');
    expect(lines).toEqual([JSON.stringify(events[0]), JSON.stringify(events[1]), '']);
    expect(serializeEvents([], 'jsonl')).toBe('');
    expect(serializeEvents([], 'json')).toBe('[]\n');
  });
});

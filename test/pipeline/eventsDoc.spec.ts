import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../src/pipeline/events.ts';
import { renderEventCatalog } from '../../src/pipeline/eventsDoc.ts';

/** Undo the formatter's table padding so generated and committed text compare equal. */
function normalise(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) =>
      line.startsWith('|')
        ? line.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/^-+$/, '---')).join('|')
        : line.trimEnd()
    )
    .join('\n')
    .trim();
}

describe('docs/events.md', () => {
  it('is in sync with the event catalog (run `npm run docs:events` after changing events.ts)', () => {
    const committed = readFileSync(new URL('../../docs/events.md', import.meta.url), 'utf8');
    expect(normalise(committed)).toBe(normalise(renderEventCatalog()));
  });

  it('documents every event type with its own section', () => {
    const rendered = renderEventCatalog();
    for (const type of EVENT_TYPES) expect(rendered).toContain(`\n## ${type}\n`);
  });
});

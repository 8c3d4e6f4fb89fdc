import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatTable } from '../../../src/pipeline/formats/formatSet.ts';

describe('docs/formats.md', () => {
  const doc = readFileSync(new URL('../../../docs/formats.md', import.meta.url), 'utf8');

  it('documents every format id of both flavours, with its template', () => {
    for (const flavor of ['trinitycore', 'azerothcore'] as const) {
      for (const [id, template] of Object.entries(formatTable(flavor))) {
        const row = doc.split('\n').find((line) => line.startsWith(`| \`${id}\``));
        expect(row, id).toBeDefined();
        const cells = row!.split(/(?<!\\)\|/).map((cell) => cell.trim());
        const column = flavor === 'trinitycore'
          ? cells[2]
          : cells[3] === 'same'
          ? cells[2]
          : cells[3];
        expect(column, `${flavor} ${id}`).toBe(`\`${template.replaceAll('|', '\\|')}\``);
      }
    }
  });
});

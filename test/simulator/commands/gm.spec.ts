import { describe, expect, it } from 'vitest';
import { runConsoleCommand } from '../../../src/simulator/commands/index.ts';
import { gmPadding } from '../../../src/simulator/commands/gm.ts';
import { SimWorld } from '../../../src/simulator/world/world.ts';

describe('gm list padding (upstream uint8 arithmetic)', () => {
  it('centres short names in 16 columns', () => {
    expect(gmPadding(5)).toEqual([5, 5]);
    expect(gmPadding(2)).toEqual([7, 6]);
    expect(gmPadding(6)).toEqual([5, 4]);
  });

  it('15 and 16 characters: width 0 still prints a space; 16 wraps max2 to 255', () => {
    expect(gmPadding(15)).toEqual([0, 0]);
    expect(gmPadding(16)).toEqual([0, 255]);
    expect(gmPadding(17)).toEqual([255, 255]);
  });

  it('renders the edge cases like the worldserver (TC) and the numbers (AC)', () => {
    for (const flavor of ['tc', 'ac'] as const) {
      const world = new SimWorld({ flavor });
      world.addAccount({ name: 'FIFTEENCHARSXXX', gmLevel: 1 });
      world.addAccount({ name: 'SIXTEENCHARSXXXX', gmLevel: 2 });
      const lines = runConsoleCommand(world, 'gm list').output.split('\r\n');
      if (flavor === 'tc') {
        expect(lines[2]).toBe('| FIFTEENCHARSXXX |   1  |');
        expect(lines[3]).toBe(`| SIXTEENCHARSXXXX${' '.repeat(255)}|   2  |`);
      } else {
        expect(lines[2]).toBe('|0 FIFTEENCHARSXXX|   0  |');
        expect(lines[3]).toBe('|0 SIXTEENCHARSXXXX|   255  |');
      }
    }
  });

  it('no GM accounts: "No gamemasters."', () => {
    expect(runConsoleCommand(new SimWorld({ flavor: 'tc' }), 'gm list')).toEqual({
      ok: true,
      output: 'No gamemasters.\r\n',
    });
  });
});

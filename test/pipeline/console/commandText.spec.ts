import { describe, expect, it } from 'vitest';
import { checkCommandText, normalizeCommand } from '../../../src/pipeline/console/commandText.ts';

describe('normalizeCommand', () => {
  it('trims, collapses spaces and strips one leading dot or bang', () => {
    expect(normalizeCommand('  .server    info  ')).toBe('server info');
    expect(normalizeCommand('!gm list')).toBe('gm list');
    expect(normalizeCommand('..server info')).toBe('.server info');
    expect(normalizeCommand('. pinfo Thrall')).toBe('pinfo Thrall');
  });
});

describe('checkCommandText', () => {
  it('accepts a plain command and returns it normalised', () => {
    expect(checkCommandText(' .Server  Info', 256)).toEqual({ ok: true, command: 'Server Info' });
  });

  it.each([
    ['server info\nserver shutdown 1', 'line_break'],
    ['server info\rserver shutdown 1', 'line_break'],
    ['server info\u2028server shutdown 1', 'line_break'],
    ['server info\u0000', 'control_character'],
    ['server\tinfo', 'control_character'],
    ['server info\u001b[2J', 'control_character'],
    ['pinfo Thrall\u202e', 'control_character'],
    ['</command></ns1:executeCommand><ns1:executeCommand><command>server shutdown 1', 'markup'],
    ['pinfo <Thrall>', 'markup'],
    ['pinfo \ud800x', 'invalid_text'],
    ['   ', 'empty'],
    ['.', 'empty'],
  ])('refuses %j (%s)', (text, reason) => {
    const result = checkCommandText(text, 256);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe(reason);
      expect(result.message).not.toBe('');
    }
  });

  it('refuses text over the length cap and accepts text at the cap', () => {
    expect(checkCommandText(`pinfo ${'a'.repeat(250)}`, 256).ok).toBe(true);
    const result = checkCommandText(`pinfo ${'a'.repeat(251)}`, 256);
    expect(result).toMatchObject({ ok: false, reason: 'too_long' });
  });

  it('accepts letters outside ASCII (character names)', () => {
    expect(checkCommandText('pinfo Ñandú', 256)).toEqual({ ok: true, command: 'pinfo Ñandú' });
  });
});

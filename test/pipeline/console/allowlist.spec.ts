import { describe, expect, it } from 'vitest';
import { AllowlistError, compileAllowlist } from '../../../src/pipeline/console/allowlist.ts';
import { DEFAULT_CONSOLE_ALLOW } from '../../../src/pipeline/config.ts';

describe('compileAllowlist', () => {
  const allow = compileAllowlist(DEFAULT_CONSOLE_ALLOW);

  it('allows the read-only defaults, case-insensitively', () => {
    expect(allow.check('server info')).toEqual({ allowed: true, rule: 'server info' });
    expect(allow.check('SERVER INFO')).toMatchObject({ allowed: true });
    expect(allow.check('account onlinelist')).toMatchObject({ allowed: true });
    expect(allow.check('pinfo Thrall')).toEqual({ allowed: true, rule: 'pinfo' });
    expect(allow.check('pinfo Ñandú')).toMatchObject({ allowed: true });
    expect(allow.check('lookup player account ADMIN')).toMatchObject({ allowed: true });
  });

  it('refuses commands outside the list', () => {
    for (const command of ['server shutdown 1', 'account set gmlevel x 3 -1', 'serverinfo']) {
      expect(allow.check(command)).toMatchObject({ allowed: false, reason: 'not_allowed' });
    }
  });

  it('refuses arguments a rule does not take or that do not match its pattern', () => {
    expect(allow.check('server info now')).toMatchObject({
      allowed: false,
      reason: 'bad_arguments',
    });
    expect(allow.check('pinfo')).toMatchObject({ allowed: false, reason: 'bad_arguments' });
    expect(allow.check('pinfo Thrall; server shutdown')).toMatchObject({
      allowed: false,
      reason: 'bad_arguments',
    });
    expect(allow.check('pinfo ThisNameIsWayTooLong')).toMatchObject({ allowed: false });
  });

  it('needs the whole argument text to match an unanchored pattern', () => {
    const loose = compileAllowlist([{ command: 'announce', args: '[a-z ]+' }]);
    expect(loose.check('announce hello there')).toMatchObject({ allowed: true });
    expect(loose.check('announce hello 1')).toMatchObject({ allowed: false });
  });

  it('lets the longest matching prefix decide', () => {
    const list = compileAllowlist([
      { command: 'server', args: 'motd' },
      { command: 'server info' },
    ]);
    expect(list.check('server info')).toEqual({ allowed: true, rule: 'server info' });
    expect(list.check('server motd')).toEqual({ allowed: true, rule: 'server' });
    expect(list.commands).toEqual(['server info', 'server']);
  });

  it('refuses a bad pattern, a backreference and an empty command at compile time', () => {
    expect(() => compileAllowlist([{ command: 'pinfo', args: '([a-z]' }])).toThrow(
      AllowlistError,
    );
    expect(() => compileAllowlist([{ command: 'pinfo', args: '(a)\\1' }])).toThrow(
      /backreferences/,
    );
    expect(() => compileAllowlist([{ command: ' . ' }])).toThrow(/empty command/);
  });
});

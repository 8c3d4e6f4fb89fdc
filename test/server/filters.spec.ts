import { describe, expect, it } from 'vitest';
import type { RealmEvent } from '../../src/pipeline/events.ts';
import { createHub } from '../../src/pipeline/hub.ts';
import type { Principal } from '../../src/server/auth.ts';
import { compilePattern, compileSubscription } from '../../src/server/filters.ts';
import { chat, gmCommand, login } from './fixtures.ts';

const viewer: Principal = { name: 'v', role: 'viewer' };
const hub = createHub({ epoch: 'f' });
const event = (draft: Parameters<typeof hub.publish>[0]): RealmEvent => hub.publish(draft).event;

describe('subscription compiler', () => {
  it('combines kinds with AND and list values with OR', () => {
    const result = compileSubscription(
      { types: ['player.*'], filters: { character: ['Thrall', 'Jaina'], zone: [12] } },
      viewer,
      16,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { predicate, filterCount } = result.compiled;
    expect(filterCount).toBe(3);
    expect(predicate(event(login('jaina', { zone: 12 })))).toBe(true);
    expect(predicate(event(login('Jaina', { zone: 13 })))).toBe(false);
    expect(predicate(event(chat('Jaina', 'hi')))).toBe(false);
  });

  it('measures the radius in 2D without z, in 3D with z', () => {
    const flat = compileSubscription({ filters: { near: { x: 0, y: 0, radius: 5 } } }, viewer, 16);
    const deep = compileSubscription(
      { filters: { near: { x: 0, y: 0, z: 100, radius: 5 } } },
      viewer,
      16,
    );
    if (!flat.ok || !deep.ok) throw new Error('compile failed');
    const gm = event(gmCommand('G', 3, 4)); // z is 10
    expect(flat.compiled.predicate(gm)).toBe(true);
    expect(deep.compiled.predicate(gm)).toBe(false);
  });

  it('refuses what the token may not see', () => {
    const bot: Principal = { name: 'b', role: 'viewer', realms: ['r1'], types: ['player.login'] };
    expect(compileSubscription({ types: ['player.*'] }, bot, 16)).toMatchObject({ ok: true });
    expect(compileSubscription({ types: ['player.logout'] }, bot, 16)).toMatchObject({
      ok: false,
      refusal: { code: 'forbidden' },
    });
    expect(compileSubscription({ realms: ['r2'] }, bot, 16)).toMatchObject({
      ok: false,
      refusal: { code: 'forbidden' },
    });
    const all = compileSubscription({}, bot, 16);
    if (!all.ok) throw new Error('compile failed');
    expect(all.compiled.predicate(event(login('A', { realm: 'r1' })))).toBe(true);
    expect(all.compiled.predicate(event(login('A', { realm: 'r2' })))).toBe(false);
  });

  it('compiles patterns with re2js and refuses backreferences', () => {
    const ok = compilePattern({ field: 'text', pattern: '^(a+)+$' });
    expect(ok.ok).toBe(true);
    expect(compilePattern({ field: 'text', pattern: '(?P<x>a)\\k<x>' })).toMatchObject({
      ok: false,
    });
    expect(compilePattern({ field: 'text', pattern: '(a)\\2' })).toMatchObject({ ok: false });
    const field = compilePattern({ field: 'constructor', pattern: '.' });
    if (!field.ok) throw new Error('compile failed');
    expect(field.test(event(chat('A', 'x')), {})).toBe(false); // inherited keys are not fields
  });
});

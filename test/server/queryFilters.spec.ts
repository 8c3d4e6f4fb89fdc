import { describe, expect, it } from 'vitest';
import { parsePosition, specFromQuery } from '../../src/server/queryFilters.ts';

describe('query filters', () => {
  it('reads types, realms and every filter kind', () => {
    const params = new URLSearchParams(
      'types=player.*,chat.message&realms=w1&character=Thrall,Jaina&account=A&map=0,1&zone=12' +
        '&near=1,2,3,40&nearMap=0&match=text:^lf&imatch=character:^j',
    );
    const result = specFromQuery(params);
    expect(result).toEqual({
      ok: true,
      spec: {
        types: ['player.*', 'chat.message'],
        realms: ['w1'],
        filters: {
          character: ['Thrall', 'Jaina'],
          account: ['A'],
          map: [0, 1],
          zone: [12],
          near: { x: 1, y: 2, z: 3, radius: 40, map: 0 },
          match: [
            { field: 'text', pattern: '^lf', ignoreCase: false },
            { field: 'character', pattern: '^j', ignoreCase: true },
          ],
        },
      },
    });
    expect(specFromQuery(new URLSearchParams(''))).toEqual({
      ok: true,
      spec: { types: undefined, realms: undefined, filters: undefined },
    });
  });

  it('refuses malformed values', () => {
    for (
      const query of [
        'map=x',
        'near=1,2',
        'near=1,a,3',
        'match=nofield',
        'match=:x',
        'nearMap=q&near=1,2,3',
        'match=bad-field:x',
      ]
    ) {
      expect(specFromQuery(new URLSearchParams(query)).ok, query).toBe(false);
    }
  });

  it('parses positions as epoch:seq or a bare seq', () => {
    expect(parsePosition('ab12:40', 'cur')).toEqual({ epoch: 'ab12', seq: 40 });
    expect(parsePosition('40', 'cur')).toEqual({ epoch: 'cur', seq: 40 });
    expect(parsePosition(null, 'cur')).toBeUndefined();
    expect(parsePosition('', 'cur')).toBeUndefined();
    expect(parsePosition('a:b', 'cur')).toBeNull();
    expect(parsePosition('-1', 'cur')).toBeNull();
  });
});

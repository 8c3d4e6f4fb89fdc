import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  gunzipMember,
  gzipMember,
  readMemberHeader,
} from '../../../src/pipeline/recording/gzipMembers.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('framed gzip members', () => {
  it('round-trips and records the member length in the RS extra field', async () => {
    const member = await gzipMember(bytes('line one\nline two\n'));
    expect(readMemberHeader(member)).toEqual({ kind: 'framed', length: member.length });
    expect(new TextDecoder().decode(await gunzipMember(member))).toBe('line one\nline two\n');
  });

  it('concatenated members are an ordinary gzip file (zlib reads them all)', async () => {
    const a = await gzipMember(bytes('first\n'));
    const b = await gzipMember(bytes('second\n'));
    const file = new Uint8Array(a.length + b.length);
    file.set(a);
    file.set(b, a.length);
    expect(gunzipSync(file).toString('utf8')).toBe('first\nsecond\n');
  });

  it('classifies foreign, truncated and garbage headers', async () => {
    const { gzipSync } = await import('node:zlib');
    expect(readMemberHeader(gzipSync('x'))).toEqual({ kind: 'foreign' });
    const member = await gzipMember(bytes('x\n'));
    expect(readMemberHeader(member.subarray(0, 5))).toMatchObject({ kind: 'invalid' });
    expect(readMemberHeader(member.subarray(0, 15))).toMatchObject({ kind: 'invalid' });
    expect(readMemberHeader(bytes('{"t":1,"event":{}}'))).toMatchObject({
      kind: 'invalid',
      reason: 'not a gzip member',
    });
    const lying = member.slice();
    new DataView(lying.buffer).setUint32(16, 3, true);
    expect(readMemberHeader(lying)).toMatchObject({ kind: 'invalid' });
  });

  it('a corrupt member fails to decompress', async () => {
    const member = await gzipMember(bytes('hello world\n'.repeat(10)));
    const broken = member.slice();
    broken.fill(0, 25, member.length - 8);
    await expect(gunzipMember(broken)).rejects.toThrow();
  });
});

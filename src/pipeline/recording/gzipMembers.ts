/**
 * @module Framed gzip members for `.jsonl.gz` recordings. Each flush is compressed as its
 * own gzip member (with the web-standard `CompressionStream`), and the member's total
 * length is written in a gzip "extra field" (subfield id `RS`, like BGZF's `BC`). The
 * result is an ordinary multi-member gzip file (`zcat` reads it), and a reader can find
 * every member boundary without decompressing: a member torn by a crash is detected by its
 * length and ignored, and every member before it reads back. This also sidesteps Deno's
 * `DecompressionStream`, which rejects multi-member input: each member is decompressed
 * alone.
 */

/** Bytes added to each member's header by the framing. */
export const FRAME_OVERHEAD = 10;
/** Size of a framed member header (10 fixed bytes + XLEN + RS subfield). */
export const FRAMED_HEADER_BYTES = 20;
/** Largest member a reader accepts (compressed bytes). */
export const MAX_MEMBER_BYTES = 64 * 1024 * 1024;

const ID1 = 0x1f;
const ID2 = 0x8b;
const CM_DEFLATE = 8;
const FEXTRA = 4;
const SI1 = 0x52; // 'R'
const SI2 = 0x53; // 'S'

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Compresses bytes into one framed gzip member.
 *
 * @param data Uncompressed bytes.
 * @returns The member: a gzip header with the `RS` length field, deflate data, trailer.
 */
export async function gzipMember(data: Uint8Array): Promise<Uint8Array> {
  const plain = await collect(
    new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
      new CompressionStream('gzip'),
    ),
  );
  if (plain[0] !== ID1 || plain[1] !== ID2 || (plain[3] & 0x1e) !== 0) {
    throw new Error('CompressionStream produced an unexpected gzip header');
  }
  const framed = new Uint8Array(plain.length + FRAME_OVERHEAD);
  framed.set(plain.subarray(0, 10));
  framed[3] |= FEXTRA;
  const view = new DataView(framed.buffer);
  view.setUint16(10, 8, true); // XLEN: one subfield of 4 + 4 bytes
  framed[12] = SI1;
  framed[13] = SI2;
  view.setUint16(14, 4, true);
  view.setUint32(16, framed.length, true);
  framed.set(plain.subarray(10), FRAMED_HEADER_BYTES);
  return framed;
}

/** What the first bytes of a member say. */
export type MemberHeader =
  | { readonly kind: 'framed'; readonly length: number }
  | { readonly kind: 'foreign' }
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * Reads a member header: a framed member gives its total length; a valid gzip header
 * without the `RS` field is `foreign` (a file gzipped by another tool).
 *
 * @param bytes At least the first 20 bytes of the member (fewer means torn).
 * @returns What was found.
 */
export function readMemberHeader(bytes: Uint8Array): MemberHeader {
  if (bytes.length < 10) return { kind: 'invalid', reason: 'truncated gzip header' };
  if (bytes[0] !== ID1 || bytes[1] !== ID2 || bytes[2] !== CM_DEFLATE) {
    return { kind: 'invalid', reason: 'not a gzip member' };
  }
  if ((bytes[3] & FEXTRA) === 0) return { kind: 'foreign' };
  if (bytes.length < FRAMED_HEADER_BYTES) {
    return { kind: 'invalid', reason: 'truncated gzip header' };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const framed = view.getUint16(10, true) >= 8 && bytes[12] === SI1 && bytes[13] === SI2 &&
    view.getUint16(14, true) === 4;
  if (!framed) return { kind: 'foreign' };
  const length = view.getUint32(16, true);
  if (length < FRAMED_HEADER_BYTES + 8 || length > MAX_MEMBER_BYTES) {
    return { kind: 'invalid', reason: `implausible member length ${length}` };
  }
  return { kind: 'framed', length };
}

/**
 * Decompresses one complete gzip member.
 *
 * @param member The member's bytes.
 * @returns The uncompressed bytes.
 * @throws When the member is corrupt.
 */
export function gunzipMember(member: Uint8Array): Promise<Uint8Array> {
  return collect(
    new Blob([member as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
      new DecompressionStream('gzip'),
    ),
  );
}

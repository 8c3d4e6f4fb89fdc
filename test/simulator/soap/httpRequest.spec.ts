import { describe, expect, it } from 'vitest';
import { HttpRequestReader } from '../../../src/simulator/soap/httpRequest.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

describe('HttpRequestReader', () => {
  it('reads a request by Content-Length, in pieces', () => {
    const reader = new HttpRequestReader();
    expect(reader.push(bytes('POST / HTTP/1.1\r\nHost: x\r\nContent-'))).toEqual({ state: 'more' });
    expect(reader.push(bytes('Length: 5\r\nAuthorization: Basic YTpi\r\n\r\nhel'))).toEqual({
      state: 'more',
    });
    const done = reader.push(bytes('lo'));
    expect(done.state).toBe('done');
    if (done.state !== 'done') return;
    expect(done.request.method).toBe('POST');
    expect(done.request.headers).toEqual([['host', 'x'], ['content-length', '5'], [
      'authorization',
      'Basic YTpi',
    ]]);
    expect(text(done.request.body)).toBe('hello');
  });

  it('asks for 100 Continue once when the client expects it', () => {
    const reader = new HttpRequestReader();
    expect(
      reader.push(bytes('POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n')),
    )
      .toEqual({ state: 'continue' });
    expect(reader.push(bytes('o'))).toEqual({ state: 'more' });
    expect(reader.push(bytes('k')).state).toBe('done');
  });

  it('decodes a chunked body (with a chunk extension and trailers)', () => {
    const reader = new HttpRequestReader();
    const head = 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n';
    expect(reader.push(bytes(head + '4;x=1\r\nabcd\r\n'))).toEqual({ state: 'more' });
    const done = reader.push(bytes('3\r\nefg\r\n0\r\nX-Trailer: 1\r\n\r\n'));
    expect(done.state === 'done' && text(done.request.body)).toBe('abcdefg');
  });

  it('a GET without a body is complete at the end of the headers', () => {
    const done = new HttpRequestReader().push(bytes('GET /x HTTP/1.1\r\nHost: a\r\n\r\n'));
    expect(done.state === 'done' && done.request.target).toBe('/x');
  });

  it('rejects garbage, bad lengths, and too large headers or bodies', () => {
    expect(new HttpRequestReader().push(bytes('hello there\r\n\r\n'))).toMatchObject({
      state: 'error',
      status: 400,
    });
    expect(new HttpRequestReader().push(bytes('POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n')))
      .toMatchObject({ state: 'error', status: 400 });
    expect(
      new HttpRequestReader({ maxHeaderBytes: 64 }).push(
        bytes(`POST / HTTP/1.1\r\nX: ${'a'.repeat(100)}`),
      ),
    )
      .toMatchObject({ state: 'error', status: 413 });
    expect(
      new HttpRequestReader({ maxBodyBytes: 10 }).push(
        bytes('POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n'),
      ),
    )
      .toMatchObject({ state: 'error', status: 413 });
    const chunked = new HttpRequestReader({ maxBodyBytes: 3 });
    expect(
      chunked.push(bytes('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n')),
    )
      .toMatchObject({ state: 'error', status: 413 });
    expect(
      new HttpRequestReader().push(
        bytes('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'),
      ),
    )
      .toMatchObject({ state: 'error', status: 400 });
  });
});

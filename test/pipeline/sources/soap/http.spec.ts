import { describe, expect, it } from 'vitest';
import { parseHttpResponse } from '../../../../src/pipeline/sources/soap/http.ts';
import { SoapProtocolError } from '../../../../src/pipeline/sources/soap/errors.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('parseHttpResponse', () => {
  it('reads a Content-Length answer before the connection closes', () => {
    const parsed = parseHttpResponse(
      bytes('HTTP/1.1 200 OK\r\nContent-Length: 4\r\nServer: gSOAP/2.8\r\n\r\nbody'),
      false,
    );
    expect(parsed).toEqual({
      complete: true,
      response: {
        status: 200,
        headers: { 'content-length': '4', server: 'gSOAP/2.8' },
        body: 'body',
      },
    });
    expect(parseHttpResponse(bytes('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nbody'), false))
      .toEqual({ complete: false });
  });

  it('skips 100 Continue, reads chunked bodies, and bodies delimited by close', () => {
    const chunked = parseHttpResponse(
      bytes(
        'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 500 Error\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n',
      ),
      false,
    );
    expect(chunked.response).toMatchObject({ status: 500, body: 'abcde' });
    expect(parseHttpResponse(bytes('HTTP/1.0 200 OK\r\n\r\nuntil close'), false)).toEqual({
      complete: false,
    });
    expect(parseHttpResponse(bytes('HTTP/1.0 200 OK\r\n\r\nuntil close'), true).response?.body)
      .toBe('until close');
  });

  it('decodes the body as UTF-8 across multi-byte characters', () => {
    const body = '│ Player ¦';
    const head = `HTTP/1.1 200 OK\r\nContent-Length: ${
      new TextEncoder().encode(body).length
    }\r\n\r\n`;
    expect(parseHttpResponse(bytes(head + body), false).response?.body).toBe(body);
  });

  it('garbage, truncation and empty answers are protocol errors', () => {
    for (
      const [text, final] of [
        ['\u0000\u0001 not an HTTP answer', false],
        ['HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc', true],
        ['', true],
        ['HTTP/1.1 abc\r\n\r\n', false],
        ['HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n', false],
      ] as const
    ) {
      expect(() => parseHttpResponse(bytes(text), final), JSON.stringify(text)).toThrow(
        SoapProtocolError,
      );
    }
  });
});

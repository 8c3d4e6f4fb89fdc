import { describe, expect, it } from 'vitest';
import {
  SoapAuthError,
  SoapFaultError,
  SoapForbiddenError,
  SoapProtocolError,
} from '../../../../src/pipeline/sources/soap/errors.ts';
import { normalizeOutput, parseSoapResponse } from '../../../../src/pipeline/sources/soap/parse.ts';

const ENV_OPEN = (urn: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsi="http://www.w3.org/1999/XMLSchema-instance" xmlns:xsd="http://www.w3.org/1999/XMLSchema" xmlns:ns1="${urn}"><SOAP-ENV:Body>`;
const ENV_CLOSE = '</SOAP-ENV:Body></SOAP-ENV:Envelope>\r\n';
const ok = (inner: string, urn = 'urn:TC') =>
  ENV_OPEN(urn) + `<ns1:executeCommandResponse>${inner}</ns1:executeCommandResponse>` + ENV_CLOSE;
const fault = (string: string, detail?: string, code = 'SOAP-ENV:Client') =>
  ENV_OPEN('urn:TC') +
  `<SOAP-ENV:Fault><faultcode>${code}</faultcode><faultstring>${string}</faultstring>${
    detail === undefined ? '' : `<detail>${detail}</detail>`
  }</SOAP-ENV:Fault>` +
  ENV_CLOSE;

function failure(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('parseSoapResponse', () => {
  it('decodes &#xD; and normalises CR LF (the reference body)', () => {
    const body = ok('<result>You changed level of Thrall to 80.&#xD;\n</result>');
    expect(parseSoapResponse({ status: 200, body }, 'trinitycore')).toBe(
      'You changed level of Thrall to 80.\n',
    );
  });

  it('also reads old gSOAP output with LF as &#xA;, and entities', () => {
    const body = ok('<result>a &amp; b&#xD;&#xA;&lt;c&gt;&#xD;&#xA;</result>');
    expect(parseSoapResponse({ status: 200, body }, 'trinitycore')).toBe('a & b\n<c>\n');
  });

  it('<result/> is the empty string; UTF-8 box characters survive', () => {
    expect(parseSoapResponse({ status: 200, body: ok('<result/>', 'urn:AC') }, 'azerothcore')).toBe(
      '',
    );
    expect(
      parseSoapResponse(
        { status: 200, body: ok('<result>│Player ¦&#xD;\n</result>') },
        'trinitycore',
      ),
    )
      .toBe('│Player ¦\n');
  });

  it('401 and 403 are auth and forbidden errors with their status', () => {
    expect(
      failure(() =>
        parseSoapResponse(
          { status: 401, body: fault('Error 401: HTTP 401 Unauthorized') },
          'trinitycore',
        )
      ),
    )
      .toBeInstanceOf(SoapAuthError);
    const forbidden = failure(() =>
      parseSoapResponse({ status: 403, body: '' }, 'trinitycore', { command: 'x' })
    );
    expect(forbidden).toBeInstanceOf(SoapForbiddenError);
    expect(forbidden).toMatchObject({ kind: 'forbidden', status: 403, command: 'x' });
  });

  it('a command fault carries the output, normalised', () => {
    const error = failure(() =>
      parseSoapResponse({
        status: 500,
        body: fault("Command 'foo' does not exist&#xD;\n", "Command 'foo' does not exist\r\n"),
      }, 'trinitycore')
    );
    expect(error).toBeInstanceOf(SoapFaultError);
    expect(error).toMatchObject({
      kind: 'fault',
      output: "Command 'foo' does not exist\n",
      faultCode: 'SOAP-ENV:Client',
      message: "Command 'foo' does not exist",
    });
  });

  it('tolerates the raw <detail> that makes the document malformed', () => {
    const body = fault(
      '&lt;error&gt; Item |Hitem:6948|h[x]|h &amp; more&#xD;\n',
      '<error> Item |Hitem:6948|h[x]|h & more\r\n',
    );
    const error = failure(() => parseSoapResponse({ status: 500, body }, 'trinitycore'));
    expect(error).toBeInstanceOf(SoapFaultError);
    expect((error as SoapFaultError).output).toBe('<error> Item |Hitem:6948|h[x]|h & more\n');
  });

  it('the wrong namespace and unreadable requests are protocol errors, not command faults', () => {
    for (
      const string of [
        "Method 'ns1:executeCommand' not implemented: method name or namespace not recognized",
        "Validation constraint violation: syntax error in element 'command'",
        'No tag: no XML root element or missing SOAP message body element',
      ]
    ) {
      const error = failure(() =>
        parseSoapResponse({ status: 500, body: fault(string) }, 'trinitycore')
      );
      expect(error).toBeInstanceOf(SoapProtocolError);
      expect(error).toMatchObject({ kind: 'protocol' });
    }
    const version = failure(() =>
      parseSoapResponse({
        status: 500,
        body: fault(
          'Invalid SOAP message or SOAP version mismatch',
          undefined,
          'SOAP-ENV:VersionMismatch',
        ),
      }, 'trinitycore')
    );
    expect(version).toBeInstanceOf(SoapProtocolError);
  });

  it('405 is an http-kind protocol error', () => {
    const error = failure(() =>
      parseSoapResponse(
        { status: 405, body: fault('HTTP GET method not implemented') },
        'trinitycore',
      )
    );
    expect(error).toMatchObject({ name: 'SoapProtocolError', kind: 'http', status: 405 });
  });

  it('non-SOAP bodies: protocol on 200, http on other statuses', () => {
    expect(failure(() => parseSoapResponse({ status: 200, body: 'hello' }, 'trinitycore')))
      .toMatchObject({ kind: 'protocol' });
    expect(
      failure(() =>
        parseSoapResponse({ status: 500, body: '<html><body>oops</body></html>' }, 'trinitycore')
      ),
    )
      .toMatchObject({ kind: 'http', message: expect.stringMatching(/not a SOAP 1\.1 envelope/) });
    expect(failure(() => parseSoapResponse({ status: 502, body: '' }, 'trinitycore')))
      .toMatchObject({ kind: 'http', message: expect.stringMatching(/\(empty body\)/) });
  });

  it("a response in the other flavour's namespace, or without <result>, is a protocol error", () => {
    expect(
      failure(() =>
        parseSoapResponse({ status: 200, body: ok('<result>x</result>', 'urn:AC') }, 'trinitycore')
      ),
    )
      .toMatchObject({ kind: 'protocol', message: expect.stringMatching(/expected 'urn:TC'/) });
    expect(failure(() => parseSoapResponse({ status: 200, body: ok('') }, 'trinitycore')))
      .toMatchObject({ kind: 'protocol' });
  });

  it('normalizeOutput keeps lone CRs (AzerothCore MOTD strings)', () => {
    expect(normalizeOutput('a\r\nb\r c\n')).toBe('a\nb\r c\n');
  });
});

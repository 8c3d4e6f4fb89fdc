import { describe, expect, it } from 'vitest';
import {
  faultBody,
  gsoapEscape,
  readEnvelope,
  resultBody,
} from '../../../src/simulator/soap/envelope.ts';

const ns = {
  xsi: 'http://www.w3.org/1999/XMLSchema-instance',
  xsd: 'http://www.w3.org/1999/XMLSchema',
};
const env = (inner: string, extra = '') =>
  `<?xml version="1.0" encoding="utf-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"${extra}><SOAP-ENV:Body>${inner}</SOAP-ENV:Body></SOAP-ENV:Envelope>`;

describe('readEnvelope (what gSOAP accepts)', () => {
  it('any prefix, or a default namespace, for executeCommand in exactly urn:TC', () => {
    expect(
      readEnvelope(
        env(
          '<ns1:executeCommand xmlns:ns1="urn:TC"><command>server info</command></ns1:executeCommand>',
        ),
        'tc',
      ),
    )
      .toEqual({ kind: 'command', command: 'server info', ns });
    expect(
      readEnvelope(
        env('<tc:executeCommand xmlns:tc="urn:TC"><command>a</command></tc:executeCommand>'),
        'tc',
      ),
    )
      .toMatchObject({ command: 'a' });
    // WoWDatabaseEditor style: default namespace, command reset to no namespace
    expect(
      readEnvelope(
        env('<executeCommand xmlns="urn:AC"><command xmlns="">b</command></executeCommand>'),
        'ac',
      ),
    )
      .toMatchObject({ command: 'b' });
    // an inherited default namespace on command is fine too
    expect(
      readEnvelope(
        env('<executeCommand xmlns="urn:AC"><command>c</command></executeCommand>'),
        'ac',
      ),
    )
      .toMatchObject({ command: 'c' });
  });

  it('decodes entities and character references in the command', () => {
    expect(
      readEnvelope(
        env(
          '<ns1:executeCommand xmlns:ns1="urn:TC"><command>announce a &amp; b &lt;3 &#x41;&#66;</command></ns1:executeCommand>',
        ),
        'tc',
      ),
    )
      .toMatchObject({ command: 'announce a & b <3 AB' });
  });

  it('a prefixed <ns1:command> is skipped: the command is missing', () => {
    expect(
      readEnvelope(
        env(
          '<ns1:executeCommand xmlns:ns1="urn:TC"><ns1:command>x</ns1:command></ns1:executeCommand>',
        ),
        'tc',
      ),
    )
      .toEqual({ kind: 'command', command: undefined, ns });
  });

  it('the wrong namespace (or case) is "Method ... not implemented", quoting the tag as sent', () => {
    for (
      const [body, flavor, tag] of [
        [
          '<ns1:executeCommand xmlns:ns1="urn:tc"><command>x</command></ns1:executeCommand>',
          'tc',
          'ns1:executeCommand',
        ],
        [
          '<ns1:executeCommand xmlns:ns1="urn:TC"><command>x</command></ns1:executeCommand>',
          'ac',
          'ns1:executeCommand',
        ],
        [
          '<ns1:runCommand xmlns:ns1="urn:TC"><command>x</command></ns1:runCommand>',
          'tc',
          'ns1:runCommand',
        ],
      ] as const
    ) {
      expect(readEnvelope(env(body), flavor)).toMatchObject({
        kind: 'fault',
        fault: {
          code: 'SOAP-ENV:Client',
          string: `Method '${tag}' not implemented: method name or namespace not recognized`,
        },
      });
    }
  });

  it('malformed XML is a validation fault naming the element', () => {
    expect(
      readEnvelope(
        env('<ns1:executeCommand xmlns:ns1="urn:TC"><command>x</ns1:executeCommand>'),
        'tc',
      ),
    )
      .toMatchObject({
        kind: 'fault',
        fault: { string: "Validation constraint violation: syntax error in element 'command'" },
      });
    expect(readEnvelope('not xml at all', 'tc')).toMatchObject({
      fault: { string: 'Validation constraint violation: syntax error' },
    });
  });

  it('an Envelope in another namespace is a VersionMismatch; a missing body says so', () => {
    expect(
      readEnvelope(
        '<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body/></e:Envelope>',
        'tc',
      ),
    )
      .toMatchObject({
        fault: {
          code: 'SOAP-ENV:VersionMismatch',
          string: 'Invalid SOAP message or SOAP version mismatch',
        },
      });
    expect(readEnvelope('<html/>', 'tc')).toMatchObject({
      fault: {
        string: "Validation constraint violation: tag name or namespace mismatch in element 'html'",
      },
    });
    expect(readEnvelope(env(''), 'tc')).toMatchObject({
      fault: { string: 'No tag: no XML root element or missing SOAP message body element' },
    });
    expect(readEnvelope('', 'tc')).toMatchObject({ kind: 'fault' });
  });

  it('accepts what PHP SoapClient sends and echoes its 2001 xsi/xsd URIs', () => {
    const php =
      '<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:AC" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><SOAP-ENV:Header/><SOAP-ENV:Body><ns1:executeCommand><command xsi:type="xsd:string">server info</command></ns1:executeCommand></SOAP-ENV:Body></SOAP-ENV:Envelope>\n';
    expect(readEnvelope(php, 'ac')).toEqual({
      kind: 'command',
      command: 'server info',
      ns: {
        xsi: 'http://www.w3.org/2001/XMLSchema-instance',
        xsd: 'http://www.w3.org/2001/XMLSchema',
      },
    });
  });
});

describe('gSOAP output', () => {
  it('escapes &, <, > and control characters; CR as &#xD;; keeps TAB, LF, quotes, UTF-8', () => {
    expect(gsoapEscape('a&b<c>d"e\tf\r\n\u0001\u007f│')).toBe(
      'a&amp;b&lt;c&gt;d"e\tf&#xD;\n&#x1;&#x7F;│',
    );
  });

  it('writes the reference body for character level Thrall 80', () => {
    expect(resultBody('You changed level of Thrall to 80.\r\n', 'tc', ns)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsi="http://www.w3.org/1999/XMLSchema-instance" xmlns:xsd="http://www.w3.org/1999/XMLSchema" xmlns:ns1="urn:TC"><SOAP-ENV:Body><ns1:executeCommandResponse><result>You changed level of Thrall to 80.&#xD;\n</result></ns1:executeCommandResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>\r\n',
    );
  });

  it('<result/> for empty output', () => {
    expect(resultBody('', 'ac', ns)).toContain(
      '<ns1:executeCommandResponse><result/></ns1:executeCommandResponse>',
    );
    expect(resultBody('', 'ac', ns)).toContain('xmlns:ns1="urn:AC"');
  });

  it('writes the reference fault for foo: escaped faultstring, raw detail', () => {
    const text = "Command 'foo' does not exist\r\n";
    expect(faultBody({ code: 'SOAP-ENV:Client', string: text, detail: text }, 'tc', ns)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsi="http://www.w3.org/1999/XMLSchema-instance" xmlns:xsd="http://www.w3.org/1999/XMLSchema" xmlns:ns1="urn:TC"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode><faultstring>Command \'foo\' does not exist&#xD;\n</faultstring><detail>Command \'foo\' does not exist\r\n</detail></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>\r\n',
    );
    expect(faultBody({ code: 'SOAP-ENV:Client', string: '<error>', detail: '<error>' }, 'tc', ns))
      .toContain('<faultstring>&lt;error&gt;</faultstring><detail><error></detail>');
  });
});

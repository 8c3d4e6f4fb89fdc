import { describe, expect, it } from 'vitest';
import { buildSoapEnvelope } from '../../../../src/pipeline/sources/soap/envelope.ts';
import { readEnvelope } from '../../../../src/simulator/soap/envelope.ts';

describe('buildSoapEnvelope', () => {
  it('puts executeCommand in urn:TC / urn:AC with an unprefixed command', () => {
    expect(buildSoapEnvelope('server info', 'trinitycore')).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:TC"><SOAP-ENV:Body><ns1:executeCommand><command>server info</command></ns1:executeCommand></SOAP-ENV:Body></SOAP-ENV:Envelope>',
    );
    expect(buildSoapEnvelope('x', 'azerothcore')).toContain('xmlns:ns1="urn:AC"');
  });

  it('escapes the command so any text arrives intact (checked with the server-side reader)', () => {
    const nasty = 'announce <b>&amp; "quoted" \'single\'</b> ]]> \r\n│ 12';
    const xml = buildSoapEnvelope(nasty, 'trinitycore');
    expect(xml).not.toContain('<b>');
    expect(xml).toContain('&#xD;');
    expect(readEnvelope(xml, 'tc')).toMatchObject({ kind: 'command', command: nasty });
  });

  it('numbers stay text', () => {
    expect(readEnvelope(buildSoapEnvelope('007', 'azerothcore'), 'ac')).toMatchObject({
      command: '007',
    });
  });
});

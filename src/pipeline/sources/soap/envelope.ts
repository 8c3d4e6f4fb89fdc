/**
 * @module The client's SOAP envelope: `executeCommand` in `urn:TC` / `urn:AC` with an
 * unprefixed `<command>`, built with fast-xml-parser's builder so the command text is
 * escaped (`&`, `<`, quotes; CR as `&#xD;` so it survives XML line-end normalisation).
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { Flavor } from './types.ts';

/** The SOAP 1.1 envelope namespace. */
export const SOAP_ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

/** The operation namespace of each flavour (case matters: gSOAP compares with `strcmp`). */
export const SOAP_URN: Readonly<Record<Flavor, string>> = {
  trinitycore: 'urn:TC',
  azerothcore: 'urn:AC',
};

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' });

/**
 * Builds the request body for one console command.
 *
 * @param command The command text (any characters; escaped here).
 * @param flavor Which namespace to use.
 * @returns The XML document.
 */
export function buildSoapEnvelope(command: string, flavor: Flavor): string {
  const xml = builder.build({
    'SOAP-ENV:Envelope': {
      '@_xmlns:SOAP-ENV': SOAP_ENVELOPE_NS,
      '@_xmlns:ns1': SOAP_URN[flavor],
      'SOAP-ENV:Body': { 'ns1:executeCommand': { command } },
    },
  }) as string;
  // The builder leaves CR raw; an XML parser would turn CR LF into LF, so keep it as a reference.
  return '<?xml version="1.0" encoding="utf-8"?>\n' + xml.replaceAll('\r', '&#xD;');
}

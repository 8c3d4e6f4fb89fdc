/**
 * @module gSOAP's side of the envelope: reading a request the way `soap_serve_request` and
 * `soap_in_ns1__executeCommand` accept it (any prefix or a default namespace for
 * `executeCommand`, exactly `urn:TC`/`urn:AC`, an unprefixed `<command>`), and writing the
 * response exactly as `soap_put_ns1__executeCommandResponse` / `soap_putfault` do (one line,
 * every namespace on the Envelope, CR as `&#xD;`, `<result/>` when empty, raw `<detail>`).
 */
import { parseXml, type XmlElement, XmlSyntaxError } from '../../pipeline/sources/soap/xml.ts';
import type { SimFlavor } from '../world/types.ts';

/** The SOAP 1.1 envelope namespace. */
export const ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
/** The SOAP 1.1 encoding namespace. */
export const ENCODING_NS = 'http://schemas.xmlsoap.org/soap/encoding/';
/** The namespace-table defaults for `xsi` and `xsd` (1999), echoed unless the request differs. */
export const XSI_1999 = 'http://www.w3.org/1999/XMLSchema-instance';
export const XSD_1999 = 'http://www.w3.org/1999/XMLSchema';

/** The operation namespace of each flavour. */
export const FLAVOR_URN: Readonly<Record<SimFlavor, string>> = { tc: 'urn:TC', ac: 'urn:AC' };

/** The URIs to declare on the response Envelope. */
export interface ResponseNamespaces {
  xsi: string;
  xsd: string;
}

/** A SOAP fault to send. */
export interface SoapFault {
  readonly code: string;
  readonly string: string;
  /** Written raw (not escaped), like gSOAP's `soap_outliteral`. */
  readonly detail?: string;
}

/** What a request body holds: the command (undefined when absent), or a fault to answer. */
export type EnvelopeReading =
  | {
    readonly kind: 'command';
    readonly command: string | undefined;
    readonly ns: ResponseNamespaces;
  }
  | { readonly kind: 'fault'; readonly fault: SoapFault; readonly ns: ResponseNamespaces };

const CLIENT = 'SOAP-ENV:Client';

/**
 * Escapes text the way gSOAP's `soap_string_out` does for element content: `&`, `<`, `>`
 * become entities, CR becomes `&#xD;`, other control characters `&#xN;` (upper-case hex),
 * DEL `&#x7F;`; TAB, LF, `"` and non-ASCII characters stay as they are.
 *
 * @param text The text.
 * @returns Escaped text.
 */
export function gsoapEscape(text: string): string {
  // Control characters are the point here: gSOAP writes them as character references.
  // deno-lint-ignore no-control-regex
  return text.replace(/[&<>\u0000-\u0008\u000b-\u001f\u007f]/g, (char) => {
    switch (char) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      default:
        return `&#x${char.charCodeAt(0).toString(16).toUpperCase()};`;
    }
  });
}

function wildcardMatch(pattern: string, value: string): boolean {
  const regex = new RegExp(
    '^' + pattern.split('*').map((part) => part.replace(/[.?+^$()[\]{}|\\/]/g, '\\$&')).join('.*') +
      '$',
    'i',
  );
  return regex.test(value);
}

function collectNamespaces(root: XmlElement): ResponseNamespaces {
  const ns: ResponseNamespaces = { xsi: XSI_1999, xsd: XSD_1999 };
  const visit = (element: XmlElement) => {
    for (const [name, value] of Object.entries(element.attributes)) {
      if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
      // soap_push_namespace: a declared URI matching the table pattern becomes the one echoed.
      if (wildcardMatch('http://www.w3.org/*/XMLSchema-instance', value)) ns.xsi = value;
      else if (wildcardMatch('http://www.w3.org/*/XMLSchema', value)) ns.xsd = value;
    }
    element.children.forEach(visit);
  };
  visit(root);
  return ns;
}

function lastTagBefore(xml: string, message: string): string | undefined {
  const position = /:(\d+):(\d+)$/.exec(message);
  let end = xml.length;
  if (position) {
    const lines = xml.split('\n');
    const line = Number(position[1]);
    end = lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0) +
      Number(position[2]);
  }
  const tags = [...xml.slice(0, end).matchAll(/<([A-Za-z_][\w.:-]*)/g)];
  return tags.at(-1)?.[1];
}

function validation(reason: string, tag: string | undefined): SoapFault {
  return {
    code: CLIENT,
    string: tag
      ? `Validation constraint violation: ${reason} in element '${tag}'`
      : `Validation constraint violation: ${reason}`,
  };
}

/**
 * Reads a request body.
 *
 * @param body The body text (UTF-8).
 * @param flavor Which operation namespace is accepted.
 * @returns The command, or the fault gSOAP would send.
 */
export function readEnvelope(body: string, flavor: SimFlavor): EnvelopeReading {
  const defaults: ResponseNamespaces = { xsi: XSI_1999, xsd: XSD_1999 };
  if (body.trim() === '') {
    return {
      kind: 'fault',
      ns: defaults,
      fault: {
        code: CLIENT,
        string: 'No tag: no XML root element or missing SOAP message body element',
      },
    };
  }
  let root: XmlElement;
  try {
    root = parseXml(body);
  } catch (error) {
    const message = error instanceof XmlSyntaxError ? error.message : String(error);
    return {
      kind: 'fault',
      ns: defaults,
      fault: validation('syntax error', lastTagBefore(body, message)),
    };
  }
  const ns = collectNamespaces(root);
  const fault = (value: SoapFault): EnvelopeReading => ({ kind: 'fault', ns, fault: value });
  if (root.local !== 'Envelope') {
    return fault(validation('tag name or namespace mismatch', root.tag));
  }
  if (root.uri !== ENVELOPE_NS) {
    return fault({
      code: 'SOAP-ENV:VersionMismatch',
      string: 'Invalid SOAP message or SOAP version mismatch',
    });
  }
  const children = root.children.filter((child) =>
    !(child.local === 'Header' && child.uri === ENVELOPE_NS)
  );
  const bodyElement = children[0];
  if (!bodyElement || bodyElement.local !== 'Body' || bodyElement.uri !== ENVELOPE_NS) {
    return fault(validation('tag name or namespace mismatch', bodyElement?.tag ?? root.tag));
  }
  const operation = bodyElement.children[0];
  if (!operation) {
    return fault({
      code: CLIENT,
      string: 'No tag: no XML root element or missing SOAP message body element',
    });
  }
  if (operation.local !== 'executeCommand' || operation.uri !== FLAVOR_URN[flavor]) {
    return fault({
      code: CLIENT,
      string: `Method '${operation.tag}' not implemented: method name or namespace not recognized`,
    });
  }
  // Only an unprefixed <command> matches; <ns1:command> is skipped like an unknown element.
  const command = operation.children.find((child) =>
    child.prefix === '' && child.local === 'command'
  );
  return { kind: 'command', command: command?.text, ns };
}

function envelope(inner: string, flavor: SimFlavor, ns: ResponseNamespaces): string {
  const attr = (value: string) =>
    value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<SOAP-ENV:Envelope xmlns:SOAP-ENV="${ENVELOPE_NS}" xmlns:SOAP-ENC="${ENCODING_NS}" ` +
    `xmlns:xsi="${attr(ns.xsi)}" xmlns:xsd="${attr(ns.xsd)}" xmlns:ns1="${FLAVOR_URN[flavor]}">` +
    `<SOAP-ENV:Body>${inner}</SOAP-ENV:Body></SOAP-ENV:Envelope>\r\n`;
}

/**
 * The body of a successful answer.
 *
 * @param result The command output.
 * @param flavor Flavour (operation namespace).
 * @param ns Namespaces to declare.
 * @returns The XML body.
 */
export function resultBody(result: string, flavor: SimFlavor, ns: ResponseNamespaces): string {
  const element = result === '' ? '<result/>' : `<result>${gsoapEscape(result)}</result>`;
  return envelope(
    `<ns1:executeCommandResponse>${element}</ns1:executeCommandResponse>`,
    flavor,
    ns,
  );
}

/**
 * The body of a fault.
 *
 * @param fault Code, string and optional raw detail.
 * @param flavor Flavour (operation namespace).
 * @param ns Namespaces to declare.
 * @returns The XML body.
 */
export function faultBody(fault: SoapFault, flavor: SimFlavor, ns: ResponseNamespaces): string {
  const string = fault.string === ''
    ? '<faultstring/>'
    : `<faultstring>${gsoapEscape(fault.string)}</faultstring>`;
  const detail = fault.detail === undefined ? '' : `<detail>${fault.detail}</detail>`;
  return envelope(
    `<SOAP-ENV:Fault><faultcode>${fault.code}</faultcode>${string}${detail}</SOAP-ENV:Fault>`,
    flavor,
    ns,
  );
}

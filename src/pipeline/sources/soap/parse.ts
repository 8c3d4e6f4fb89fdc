/**
 * @module Turning a worldserver's HTTP answer into the command's text or a typed error, as a
 * pure function (SOAP cassettes replay recorded answers through it). Character references
 * are decoded (gSOAP writes CR as `&#xD;`), CR LF becomes LF, and a fault whose raw
 * `<detail>` makes the document malformed is still read through its `faultstring`.
 */
import { SOAP_ENVELOPE_NS, SOAP_URN } from './envelope.ts';
import {
  SoapAuthError,
  type SoapErrorContext,
  SoapFaultError,
  SoapForbiddenError,
  SoapProtocolError,
} from './errors.ts';
import type { Flavor } from './types.ts';
import { decodeXmlText, parseXml, type XmlElement } from './xml.ts';

/** An HTTP answer as received (or as recorded in a cassette). */
export interface RawSoapResponse {
  /** HTTP status code. */
  status: number;
  /** Response headers, names lower-cased. */
  headers?: Readonly<Record<string, string>>;
  /** The body, decoded as UTF-8. */
  body: string;
}

/**
 * Normalises console output line ends: CR LF becomes LF (a lone CR, as in some AzerothCore
 * strings, is kept).
 *
 * @param text Raw output.
 * @returns The text with LF line ends.
 */
export function normalizeOutput(text: string): string {
  return text.replaceAll('\r\n', '\n');
}

function snippet(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 120)}...` : flat;
}

function child(element: XmlElement, local: string, uri?: string): XmlElement | undefined {
  return element.children.find((item) =>
    item.local === local && (uri === undefined || item.uri === uri)
  );
}

function classifyFault(
  faultCode: string,
  faultString: string,
  status: number,
  context: SoapErrorContext,
): Error {
  if (status === 405) {
    return new SoapProtocolError(`HTTP 405: ${faultString}`, 'http', context);
  }
  if (/^Method '.*' not implemented/.test(faultString)) {
    return new SoapProtocolError(
      `${faultString} (wrong flavour? the server expects another namespace)`,
      'protocol',
      context,
    );
  }
  if (
    faultCode.endsWith('VersionMismatch') ||
    faultString.startsWith('Validation constraint violation') ||
    faultString.startsWith('No tag:')
  ) {
    return new SoapProtocolError(
      `the server could not read the request: ${faultString}`,
      'protocol',
      context,
    );
  }
  return new SoapFaultError(normalizeOutput(faultString), faultCode, context);
}

function tolerantFault(body: string, status: number, context: SoapErrorContext): Error | undefined {
  const string = /<faultstring>([\s\S]*?)<\/faultstring>|<faultstring\/>/.exec(body);
  if (!string) return undefined;
  const code = /<faultcode>([\s\S]*?)<\/faultcode>/.exec(body)?.[1] ?? 'SOAP-ENV:Client';
  return classifyFault(decodeXmlText(code), decodeXmlText(string[1] ?? ''), status, context);
}

/**
 * Reads a worldserver's answer.
 *
 * @param response Status, headers and body.
 * @param flavor The flavour the request was sent as (the response namespace must match).
 * @param context Command and URL, copied into errors.
 * @returns The command's output with LF line ends (`''` for `<result/>`).
 * @throws SoapAuthError on 401, SoapForbiddenError on 403, SoapFaultError when the command
 *   failed, SoapProtocolError for anything that is not a worldserver's SOAP answer.
 */
export function parseSoapResponse(
  response: RawSoapResponse,
  flavor: Flavor,
  context: SoapErrorContext = {},
): string {
  const { status, body } = response;
  const ctx = { ...context, status };
  if (status === 401) {
    throw new SoapAuthError('HTTP 401: the SOAP account or password is wrong', ctx);
  }
  if (status === 403) {
    throw new SoapForbiddenError('HTTP 403: the SOAP account needs security level 3', ctx);
  }
  let root: XmlElement;
  try {
    root = parseXml(body);
  } catch (error) {
    const fault = tolerantFault(body, status, ctx);
    if (fault) throw fault;
    throw new SoapProtocolError(
      `HTTP ${status} without a SOAP envelope: ${snippet(body) || '(empty body)'}`,
      status === 200 ? 'protocol' : 'http',
      ctx,
      { cause: error },
    );
  }
  const bodyElement = root.local === 'Envelope' && root.uri === SOAP_ENVELOPE_NS
    ? child(root, 'Body', SOAP_ENVELOPE_NS)
    : undefined;
  if (!bodyElement) {
    throw new SoapProtocolError(
      `HTTP ${status}: not a SOAP 1.1 envelope (root <${root.tag}>)`,
      status === 200 ? 'protocol' : 'http',
      ctx,
    );
  }
  const fault = child(bodyElement, 'Fault', SOAP_ENVELOPE_NS);
  if (fault) {
    throw classifyFault(
      child(fault, 'faultcode')?.text.trim() ?? '',
      child(fault, 'faultstring')?.text ?? '',
      status,
      ctx,
    );
  }
  if (status !== 200) {
    throw new SoapProtocolError(
      `unexpected HTTP ${status} with a SOAP body and no fault`,
      'http',
      ctx,
    );
  }
  const answer = child(bodyElement, 'executeCommandResponse');
  if (!answer || answer.uri !== SOAP_URN[flavor]) {
    throw new SoapProtocolError(
      answer
        ? `response in namespace '${answer.uri}', expected '${SOAP_URN[flavor]}'`
        : `no executeCommandResponse in the SOAP body`,
      'protocol',
      ctx,
    );
  }
  const result = child(answer, 'result');
  if (!result) {
    throw new SoapProtocolError('executeCommandResponse without <result>', 'protocol', ctx);
  }
  return normalizeOutput(result.text);
}

/**
 * @module A small namespace-aware XML reading layer on fast-xml-parser: elements with their
 * resolved namespace URI, attributes and decoded text. fast-xml-parser's defaults leave
 * character references such as gSOAP's `&#xD;` undecoded, so entity processing is turned off
 * and text is decoded here, in one pass, exactly once.
 */
import { XMLParser } from 'fast-xml-parser';

/** One XML element, namespaces resolved. */
export interface XmlElement {
  /** The tag as written (`SOAP-ENV:Body`, `executeCommand`). */
  readonly tag: string;
  /** The prefix (`SOAP-ENV`), or '' when unprefixed. */
  readonly prefix: string;
  /** The local name (`Body`). */
  readonly local: string;
  /** The namespace URI in scope for the tag, or '' for none. */
  readonly uri: string;
  /** Attributes as written (`xmlns:ns1` included), values decoded. */
  readonly attributes: Readonly<Record<string, string>>;
  /** Child elements in document order. */
  readonly children: readonly XmlElement[];
  /** The element's own text (text and CDATA children, concatenated, decoded). */
  readonly text: string;
  /** Every namespace declaration in scope (prefix -> URI; '' is the default namespace). */
  readonly scope: Readonly<Record<string, string>>;
}

/** The input was not well-formed XML. */
export class XmlSyntaxError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'XmlSyntaxError';
  }
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 64,
});

const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

/**
 * Decodes XML character and entity references (`&amp;`, `&#xD;`, `&#13;`). Unknown
 * references stay as written.
 *
 * @param text Raw XML text.
 * @returns The decoded text.
 */
export function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X'
        ? parseInt(body.slice(2), 16)
        : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff
        ? String.fromCodePoint(code)
        : whole;
    }
    return NAMED[body] ?? whole;
  });
}

/**
 * Parses a document into its root element. Throws {@link XmlSyntaxError} when the text is not
 * well-formed or has no single root element.
 *
 * @param xml The document.
 * @returns The root element.
 */
export function parseXml(xml: string): XmlElement {
  let nodes: unknown[];
  try {
    nodes = parser.parse(xml, true) as unknown[];
  } catch (error) {
    throw new XmlSyntaxError((error as Error).message, { cause: error });
  }
  const roots = nodes.filter((node) => elementName(node) !== undefined);
  const stray = nodes.some((node) => {
    const name = elementName(node);
    if (name !== undefined) return false;
    const record = node as Record<string, unknown>;
    return '#text' in record && String(record['#text']).trim() !== '';
  });
  // fast-xml-parser drops text after a self-closing root (`<a/>junk`): catch it here.
  const trailing = !/>\s*$/.test(xml);
  if (roots.length !== 1 || stray || trailing) {
    throw new XmlSyntaxError(
      roots.length === 0
        ? 'no root element'
        : roots.length > 1
        ? 'more than one root element'
        : 'text after the root element',
    );
  }
  return toElement(roots[0] as Record<string, unknown>, {});
}

function elementName(node: unknown): string | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  return Object.keys(node).find((key) => key !== ':@' && !key.startsWith('#'));
}

function toElement(node: Record<string, unknown>, inherited: Record<string, string>): XmlElement {
  const tag = elementName(node) as string;
  const rawAttributes = (node[':@'] ?? {}) as Record<string, string>;
  const attributes: Record<string, string> = {};
  const scope: Record<string, string> = { ...inherited };
  for (const [name, value] of Object.entries(rawAttributes)) {
    const decoded = decodeXmlText(String(value));
    attributes[name] = decoded;
    if (name === 'xmlns') scope[''] = decoded;
    else if (name.startsWith('xmlns:')) scope[name.slice(6)] = decoded;
  }
  const colon = tag.indexOf(':');
  const prefix = colon < 0 ? '' : tag.slice(0, colon);
  const local = colon < 0 ? tag : tag.slice(colon + 1);
  const children: XmlElement[] = [];
  let text = '';
  for (const child of node[tag] as Record<string, unknown>[]) {
    if ('#text' in child) text += decodeXmlText(String(child['#text']));
    else if ('#cdata' in child) {
      for (const part of child['#cdata'] as Record<string, unknown>[]) {
        text += String(part['#text'] ?? '');
      }
    } else if (elementName(child) !== undefined) children.push(toElement(child, scope));
  }
  return { tag, prefix, local, uri: scope[prefix] ?? '', attributes, children, text, scope };
}

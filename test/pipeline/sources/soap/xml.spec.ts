import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  decodeXmlText,
  parseXml,
  XmlSyntaxError,
} from '../../../../src/pipeline/sources/soap/xml.ts';

describe('decodeXmlText', () => {
  it('decodes the five entities and decimal/hex character references', () => {
    expect(
      decodeXmlText('a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#xD;&#xA;&#13;&#10;&#x2502;'),
    )
      .toBe('a & b <c> "d" \'e\' \r\n\r\n│');
  });

  it('leaves unknown or invalid references as written', () => {
    expect(decodeXmlText('&bogus; &#xFFFFFFF; & alone')).toBe('&bogus; &#xFFFFFFF; & alone');
  });
});

describe('parseXml', () => {
  it('catches what fast-xml-parser defaults miss: &#xD; is decoded to CR', () => {
    const xml = '<result>You changed level of Thrall to 80.&#xD;\n</result>';
    // The library default keeps the reference (and would drop the CR after normalisation).
    expect(new XMLParser().parse(xml).result).not.toContain('\r');
    expect(parseXml(xml).text).toBe('You changed level of Thrall to 80.\r\n');
  });

  it('resolves prefixes and default namespaces, with xmlns="" resets', () => {
    const root = parseXml(
      '<e:Envelope xmlns:e="urn:env"><e:Body><op xmlns="urn:TC"><command xmlns="">x</command><c2>y</c2></op></e:Body></e:Envelope>',
    );
    expect(root).toMatchObject({
      tag: 'e:Envelope',
      prefix: 'e',
      local: 'Envelope',
      uri: 'urn:env',
    });
    const op = root.children[0].children[0];
    expect(op).toMatchObject({ local: 'op', uri: 'urn:TC' });
    expect(op.children.map((child) => [child.local, child.uri, child.text])).toEqual([
      ['command', '', 'x'],
      ['c2', 'urn:TC', 'y'],
    ]);
  });

  it('keeps whitespace and CDATA verbatim, decodes attributes', () => {
    const root = parseXml('<a t="x &amp; y">  one <![CDATA[<two> &amp;]]> three </a>');
    expect(root.text).toBe('  one <two> &amp; three ');
    expect(root.attributes).toEqual({ t: 'x & y' });
  });

  it('throws XmlSyntaxError for malformed documents, no root, or several roots', () => {
    for (const bad of ['<a><b></a>', 'text', '', '<a/><b/>', '<a/>junk']) {
      expect(() => parseXml(bad), bad).toThrow(XmlSyntaxError);
    }
  });
});

/**
 * `docs/configuration.md` describes every key the configuration schema accepts, and
 * nothing the schema does not accept.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/pipeline/config.ts';

interface SchemaNode {
  type: string;
  wrapped?: SchemaNode;
  entries?: Record<string, SchemaNode>;
  item?: SchemaNode;
}

/** Every key path of a valibot schema: `server.port`, `realms[].soap.url`, ... */
function keyPaths(schema: SchemaNode, path = ''): string[] {
  if (schema.wrapped) return keyPaths(schema.wrapped, path);
  if (schema.entries) {
    return Object.entries(schema.entries).flatMap(([key, entry]) =>
      keyPaths(entry, path ? `${path}.${key}` : key)
    );
  }
  if (schema.type === 'array' && schema.item?.entries) {
    return [path, ...keyPaths(schema.item, `${path}[]`)];
  }
  return [path];
}

const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
const paths = keyPaths(configSchema as unknown as SchemaNode);

describe('docs/configuration.md', () => {
  it('has a row for every key of the schema', () => {
    expect(paths.length).toBeGreaterThan(60);
    const missing = paths.filter((path) => !doc.includes(`| \`${path}\``));
    expect(missing).toEqual([]);
  });

  it('documents no key the schema refuses', () => {
    const documented = [...doc.matchAll(/^\| `([a-zA-Z[\].]+)`/gm)].map((match) => match[1]);
    expect(documented.filter((path) => !paths.includes(path))).toEqual([]);
  });
});

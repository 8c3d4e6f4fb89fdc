/**
 * @module Renders the event catalog ({@link EVENT_CATALOG}) as the Markdown of
 * `docs/events.md`, so the documentation is generated from the schemas the code uses.
 */
import * as v from 'valibot';
import { EVENT_CATALOG, type EventType } from './events.ts';

interface FieldRow {
  path: string;
  type: string;
  required: boolean;
  description: string;
}

// deno-lint-ignore no-explicit-any
type AnySchema = any;

function unwrap(schema: AnySchema): { schema: AnySchema; optional: boolean; description: string } {
  let optional = false;
  let current = schema;
  let description = '';
  for (;;) {
    if (
      current.type === 'optional' || current.type === 'nullish' || current.type === 'exact_optional'
    ) {
      optional = true;
      current = current.wrapped;
      continue;
    }
    break;
  }
  if (Array.isArray(current.pipe)) {
    for (const item of current.pipe) {
      if (item.type === 'description') description = item.description;
    }
    if (current.pipe.some((item: AnySchema) => item.type === 'integer')) {
      return { schema: { ...current, type: 'integer' }, optional, description };
    }
  }
  return { schema: current, optional, description };
}

function typeName(schema: AnySchema): string {
  switch (schema.type) {
    case 'picklist':
      return schema.options.map((option: string) => `\`"${option}"\``).join(' \\| ');
    case 'array':
      return `${typeName(unwrap(schema.item).schema)}[]`;
    case 'record':
      return `{ [key]: ${typeName(unwrap(schema.value).schema)} }`;
    case 'union':
      return schema.options.map((option: AnySchema) => typeName(unwrap(option).schema)).join(
        ' \\| ',
      );
    default:
      return schema.type;
  }
}

function rows(schema: AnySchema, prefix: string, out: FieldRow[]): void {
  for (const [key, child] of Object.entries(schema.entries ?? {})) {
    const { schema: inner, optional, description } = unwrap(child);
    const path = prefix ? `${prefix}.${key}` : key;
    const item = inner.type === 'array' ? unwrap(inner.item).schema : undefined;
    out.push({
      path,
      type: inner.type === 'object' ? 'object' : typeName(inner),
      required: !optional,
      description,
    });
    if (inner.type === 'object') rows(inner, path, out);
    if (item?.type === 'object') rows(item, `${path}[]`, out);
  }
}

/**
 * Renders `docs/events.md`.
 *
 * @returns The Markdown text.
 */
export function renderEventCatalog(): string {
  const lines: string[] = [
    '# Event catalog',
    '',
    '<!-- Generated from src/pipeline/events.ts by `npm run docs:events`. Do not edit by hand. -->',
    '',
    'Every event has the envelope below; `data` depends on `type`. Priorities decide what a',
    'slow client loses first (`low` first, `critical` never while anything lower is queued).',
    '',
    '| field | type | meaning |',
    '| --- | --- | --- |',
    '| `id` | string | `<epoch>:<seq>`, unique per gateway run |',
    '| `seq` | integer | monotonic sequence number assigned by the hub |',
    '| `realm` | string | realm id from the configuration |',
    '| `type` | string | one of the types below (subscriptions accept `player.*` wildcards) |',
    '| `time` | integer | when it happened, ms since the Unix epoch |',
    '| `priority` | `critical` \\| `high` \\| `normal` \\| `low` | delivery priority |',
    '| `source` | `soap` \\| `metric` \\| `log` \\| `replay` \\| `gateway` \\| `ingest` | where it came from |',
    '| `data` | object | type-specific payload (below) |',
    '',
    '## Types',
    '',
    '| type | priority | sources | when |',
    '| --- | --- | --- | --- |',
  ];
  const types = Object.keys(EVENT_CATALOG) as EventType[];
  for (const type of types) {
    const entry = EVENT_CATALOG[type];
    lines.push(
      `| [\`${type}\`](#${type.replaceAll('.', '')}) | ${entry.priority} | ${
        entry.sources.join(', ')
      } | ${entry.summary} |`,
    );
  }
  for (const type of types) {
    const entry = EVENT_CATALOG[type];
    const fields: FieldRow[] = [];
    rows(entry.data as v.GenericSchema, '', fields);
    lines.push('', `## ${type}`, '', `${entry.summary} Priority \`${entry.priority}\`.`, '');
    if (fields.length === 0) {
      lines.push('`data` is an empty object.');
      continue;
    }
    lines.push('| `data` field | type | required | meaning |', '| --- | --- | --- | --- |');
    for (const field of fields) {
      lines.push(
        `| \`${field.path}\` | ${field.type} | ${
          field.required ? 'yes' : 'no'
        } | ${field.description} |`,
      );
    }
  }
  return lines.join('\n') + '\n';
}

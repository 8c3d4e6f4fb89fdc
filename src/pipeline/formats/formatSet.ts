/**
 * @module A flavour's format table merged with a realm's overrides and compiled once: what
 * every parser uses to recognise a line. Overrides are validated when the set is built, so
 * a bad localisation fails at start with the id and the reason, not at the first poll.
 */
import type { Flavor } from '../sources/soap/types.ts';
import { AZEROTHCORE_FORMATS } from './azerothcore.ts';
import { parseDuration, type UnitLookup, unitLookup } from './duration.ts';
import { type CompiledTemplate, compileTemplate, FormatError } from './template.ts';
import { TRINITYCORE_FORMATS } from './trinitycore.ts';

/** A recognised line: which entry matched and the converted placeholder values. */
export interface FormatMatch {
  /** The entry id, e.g. `serverInfo.players`. */
  readonly id: string;
  /** Placeholder values: numbers for `int`/`num`/`duration` (seconds), trimmed strings else. */
  readonly values: Readonly<Record<string, string | number>>;
}

/** A compiled format table. */
export interface FormatSet {
  /** The flavour the table belongs to. */
  readonly flavor: Flavor;
  /** Tries the group's templates in table order; the first that matches wins. */
  match(group: string, line: string): FormatMatch | undefined;
  /** Whether `text` is one of the `words.yes` answers (any case). */
  isYes(text: string): boolean;
  /** A time span in seconds (`duration.*` unit words), or undefined. */
  durationSeconds(text: string): number | undefined;
}

/** Ids whose entries are `|`-separated word lists rather than templates. */
const LIST_GROUPS = ['duration', 'words'];

/**
 * The built-in table of a flavour.
 *
 * @param flavor `trinitycore` or `azerothcore`.
 * @returns The table, id -> template (or word list).
 */
export function formatTable(flavor: Flavor): Readonly<Record<string, string>> {
  return flavor === 'azerothcore' ? AZEROTHCORE_FORMATS : TRINITYCORE_FORMATS;
}

const groupOf = (id: string) => id.slice(0, id.indexOf('.'));
const words = (list: string) => list.split('|').map((word) => word.trim()).filter(Boolean);

function checkOverride(id: string, compiled: CompiledTemplate, base: CompiledTemplate): string[] {
  const problems: string[] = [];
  for (const field of compiled.fields) {
    const known = base.fields.find((candidate) => candidate.name === field.name);
    if (!known) {
      const names = base.fields.map((candidate) => candidate.name).join(', ') || 'none';
      problems.push(`${id}: unknown placeholder '${field.name}' (this entry has: ${names})`);
    } else if (known.type !== field.type) {
      problems.push(`${id}: placeholder '${field.name}' must be of type ${known.type}`);
    }
  }
  return problems;
}

/**
 * Compiles a flavour's table with a realm's overrides (`realms[].formats`).
 *
 * ## Example
 * ```ts
 * const formats = compileFormats('trinitycore', {
 *   'serverInfo.players': 'Spieler online: {players:int} (max: {maxPlayers:int})',
 * });
 * formats.match('serverInfo', 'Spieler online: 3 (max: 5)'); // { id, values: { players: 3, maxPlayers: 5 } }
 * ```
 *
 * @param flavor Which table to start from.
 * @param overrides Entries to replace, by id.
 * @returns The compiled set.
 * @throws FormatError listing every unknown id, bad template or placeholder mismatch.
 */
export function compileFormats(flavor: Flavor, overrides: Record<string, string> = {}): FormatSet {
  const table = formatTable(flavor);
  const problems: string[] = [];
  for (const id of Object.keys(overrides)) {
    if (!(id in table)) problems.push(`${id}: unknown format id for ${flavor}`);
  }
  const groups = new Map<string, CompiledTemplate[]>();
  const lists = new Map<string, string[]>();
  for (const [id, base] of Object.entries(table)) {
    const text = overrides[id] ?? base;
    if (LIST_GROUPS.includes(groupOf(id))) {
      if (words(text).length === 0) problems.push(`${id}: needs at least one word`);
      lists.set(id, words(text));
      continue;
    }
    try {
      const compiled = compileTemplate(id, text);
      if (id in overrides) problems.push(...checkOverride(id, compiled, compileTemplate(id, base)));
      const group = groups.get(groupOf(id)) ?? [];
      group.push(compiled);
      groups.set(groupOf(id), group);
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length) throw new FormatError(`invalid ${flavor} formats`, problems);

  const units: UnitLookup = unitLookup({
    days: lists.get('duration.days') ?? [],
    hours: lists.get('duration.hours') ?? [],
    minutes: lists.get('duration.minutes') ?? [],
    seconds: lists.get('duration.seconds') ?? [],
  });
  const yes = new Set((lists.get('words.yes') ?? []).map((word) => word.toLowerCase()));

  const read = (template: CompiledTemplate, match: RegExpExecArray) => {
    const values: Record<string, string | number> = {};
    for (let i = 0; i < template.fields.length; i++) {
      const { name, type } = template.fields[i];
      const raw = match[i + 1];
      if (type === 'int' || type === 'num') values[name] = Number(raw);
      else if (type === 'duration') {
        const seconds = parseDuration(raw, units);
        if (seconds === undefined) return undefined;
        values[name] = seconds;
      } else values[name] = raw.trim();
    }
    return values;
  };

  return {
    flavor,
    match(group, line) {
      for (const template of groups.get(group) ?? []) {
        const match = template.regex.exec(line);
        if (!match) continue;
        const values = read(template, match);
        if (values) return { id: template.id, values };
      }
      return undefined;
    },
    isYes: (text) => yes.has(text.trim().toLowerCase()),
    durationSeconds: (text) => parseDuration(text, units),
  };
}

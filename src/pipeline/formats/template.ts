/**
 * @module Format templates: the small placeholder language the per-flavour format tables
 * are written in, compiled once to anchored regular expressions.
 *
 * Syntax (documented for users in `docs/formats.md`):
 * - literal text matches itself exactly (case-sensitive); the template's leading and
 *   trailing whitespace is ignored and a line may carry extra whitespace at both ends;
 * - `{name}` captures text (shortest match, trimmed), `{name:word}` a run of non-spaces,
 *   `{name:int}` an integer, `{name:num}` a decimal number (numbers may be padded with
 *   spaces), `{name:duration}` a time span such as `2 Hours 14 Minutes 7 Seconds.` or
 *   `1d2h` (converted to seconds with the table's `duration.*` unit words);
 * - `{}` (or `{:type}`) matches without capturing; `{{` and `}}` are literal braces.
 */

/** The kinds of placeholder a template may use. */
export const PLACEHOLDER_TYPES = ['text', 'word', 'int', 'num', 'duration'] as const;
/** One placeholder kind. */
export type PlaceholderType = (typeof PLACEHOLDER_TYPES)[number];

/** A named capture of a compiled template. */
export interface TemplateField {
  /** Field name (`players` in `{players:int}`). */
  readonly name: string;
  /** How the captured text is read. */
  readonly type: PlaceholderType;
}

/** A template compiled to a regular expression. */
export interface CompiledTemplate {
  /** The table id (`serverInfo.players`). */
  readonly id: string;
  /** The template text it was compiled from. */
  readonly source: string;
  /** Anchored expression; capture group `i + 1` is `fields[i]`. */
  readonly regex: RegExp;
  /** Named captures in order of appearance. */
  readonly fields: readonly TemplateField[];
}

/** A format table entry (or override) that cannot be used; lists every problem. */
export class FormatError extends Error {
  /** One line per problem, `id: message`. */
  readonly problems: readonly string[];
  constructor(message: string, problems: readonly string[] = []) {
    super(problems.length ? `${message}\n  - ${problems.join('\n  - ')}` : message);
    this.name = 'FormatError';
    this.problems = problems;
  }
}

const PATTERNS: Readonly<Record<PlaceholderType, string>> = {
  text: '(.*?)',
  word: '(\\S+)',
  // Numbers may be padded (`[  14]` in the TrinityCore online list).
  int: ' *([-+]?\\d+) *',
  num: ' *([-+]?\\d+(?:\\.\\d+)?) *',
  duration: '(.*?)',
};
const NON_CAPTURING: Readonly<Record<PlaceholderType, string>> = {
  text: '.*?',
  word: '\\S+',
  int: ' *[-+]?\\d+ *',
  num: ' *[-+]?\\d+(?:\\.\\d+)? *',
  duration: '.*?',
};
const PLACEHOLDER = /^\{([A-Za-z][A-Za-z0-9]*)?(?::([a-z]+))?\}/;

function escapeLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Compiles one template.
 *
 * @param id The table id, for error messages.
 * @param source The template text.
 * @returns The compiled template.
 * @throws FormatError when a brace is unbalanced, a type unknown or a name repeated.
 */
export function compileTemplate(id: string, source: string): CompiledTemplate {
  const text = source.trim();
  const fields: TemplateField[] = [];
  let pattern = '';
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if ((char === '{' || char === '}') && text[i + 1] === char) {
      literal += char;
      i += 2;
      continue;
    }
    if (char === '}') throw new FormatError(`${id}: unmatched '}' at ${i} in "${source}"`);
    if (char !== '{') {
      literal += char;
      i++;
      continue;
    }
    const match = PLACEHOLDER.exec(text.slice(i));
    if (!match) {
      throw new FormatError(
        `${id}: bad placeholder at ${i} in "${source}" (use {name}, {name:type}, {} or {{ }})`,
      );
    }
    const [whole, name, rawType = 'text'] = match;
    if (!(PLACEHOLDER_TYPES as readonly string[]).includes(rawType)) {
      throw new FormatError(
        `${id}: unknown placeholder type '${rawType}' (one of ${PLACEHOLDER_TYPES.join(', ')})`,
      );
    }
    const type = rawType as PlaceholderType;
    pattern += escapeLiteral(literal);
    literal = '';
    if (name) {
      if (fields.some((field) => field.name === name)) {
        throw new FormatError(`${id}: placeholder '${name}' appears twice in "${source}"`);
      }
      fields.push({ name, type });
      pattern += PATTERNS[type];
    } else {
      pattern += NON_CAPTURING[type];
    }
    i += whole.length;
  }
  pattern += escapeLiteral(literal);
  return { id, source, regex: new RegExp(`^\\s*${pattern}\\s*$`), fields };
}

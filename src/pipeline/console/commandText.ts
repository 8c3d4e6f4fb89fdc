/**
 * @module The text of a console command before it may reach a worldserver: refuse what
 * could smuggle a second command or markup (line breaks, control characters, angle
 * brackets, broken UTF-16), cap the length, and normalise it the way the worldserver reads
 * it (trim, one space between words, one leading `.`/`!` stripped) so the allowlist
 * matches what will actually run.
 */

/** Why a command text was refused before the allowlist was consulted. */
export type CommandTextRefusal =
  | 'empty'
  | 'too_long'
  | 'line_break'
  | 'control_character'
  | 'markup'
  | 'invalid_text';

/** The outcome of {@link checkCommandText}. */
export type CommandTextCheck =
  | { readonly ok: true; readonly command: string }
  | { readonly ok: false; readonly reason: CommandTextRefusal; readonly message: string };

// CR, LF, and the Unicode line breaks a downstream tool might also split on.
const LINE_BREAK = /[\r\n\v\f\u0085\u2028\u2029]/;
// C0 (tab included: the console reads it as a separator we do not want to reason about),
// DEL, C1, and the bidi overrides that make an audit line read differently than it runs.
// deno-lint-ignore no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u0009\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// No console command takes markup; `<` `>` only appear in attempts to break out of the
// SOAP envelope (the client escapes them anyway: this is the second wall).
const MARKUP = /[<>]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Normalises a console command like the worldserver's console parser does: trims, collapses
 * runs of spaces to one, and strips one leading `.` or `!`. Case is kept (character names
 * are sent as typed); matching against the allowlist is case-insensitive.
 *
 * @param text The command as typed.
 * @returns The normalised command (possibly empty).
 */
export function normalizeCommand(text: string): string {
  let command = text.trim();
  if (command.startsWith('.') || command.startsWith('!')) command = command.slice(1);
  return command.trim().replace(/ {2,}/g, ' ');
}

/**
 * Validates and normalises a console command's text. Refuses empty text, text longer than
 * `maxLength`, line breaks (a second command), control characters, `<`/`>` and unpaired
 * surrogates.
 *
 * ## Example
 * ```ts
 * checkCommandText('  .server   info ', 256); // { ok: true, command: 'server info' }
 * checkCommandText('server info\nserver shutdown 1', 256); // { ok: false, reason: 'line_break' }
 * ```
 *
 * @param text The command as typed.
 * @param maxLength Longest accepted text, in UTF-16 units, before normalisation.
 * @returns The normalised command, or the refusal with an operator-readable message.
 */
export function checkCommandText(text: string, maxLength: number): CommandTextCheck {
  if (text.length > maxLength) {
    return {
      ok: false,
      reason: 'too_long',
      message: `the command is ${text.length} characters; at most ${maxLength} are allowed`,
    };
  }
  if (LINE_BREAK.test(text)) {
    return {
      ok: false,
      reason: 'line_break',
      message: 'line breaks are not allowed: send one command at a time',
    };
  }
  if (CONTROL.test(text)) {
    return { ok: false, reason: 'control_character', message: 'control characters are refused' };
  }
  if (MARKUP.test(text)) {
    return { ok: false, reason: 'markup', message: 'the characters < and > are refused' };
  }
  if (LONE_SURROGATE.test(text)) {
    return { ok: false, reason: 'invalid_text', message: 'the text is not valid Unicode' };
  }
  const command = normalizeCommand(text);
  if (command === '') return { ok: false, reason: 'empty', message: 'the command is empty' };
  return { ok: true, command };
}

/**
 * @module The two string-formatting dialects of the worldservers: printf (TrinityCore 3.3.5's
 * `fmt::sprintf` for chat strings) and `{}` (AzerothCore's `fmt::format`). Both take the same
 * argument lists, so the quirks of upstream call sites (AzerothCore's `gm list` printing its
 * padding numbers, TrinityCore's `server debug` printing a literal `{}`) fall out naturally.
 */

/** An argument of a format call. */
export type FormatArg = string | number | boolean;

/**
 * printf-style formatting: `%s %d %i %u %c %x %X %f %%`, flags `-` and `0`, widths and
 * precisions given inline or as `*` (taken from the arguments, like C).
 *
 * @param template The format string.
 * @param args Its arguments.
 * @returns The formatted text.
 */
export function sprintf(template: string, ...args: FormatArg[]): string {
  let next = 0;
  const take = (): FormatArg | undefined => args[next++];
  return template.replace(
    /%([-0]*)(\*|\d+)?(?:\.(\*|\d+))?([sdiucxXf%])/g,
    (_match, flags: string, widthSpec?: string, precisionSpec?: string, conversion?: string) => {
      if (conversion === '%') return '%';
      let width = widthSpec === '*' ? Number(take()) : widthSpec ? Number(widthSpec) : 0;
      let left = flags.includes('-');
      if (width < 0) {
        left = true;
        width = -width;
      }
      const precision = precisionSpec === '*'
        ? Number(take())
        : precisionSpec !== undefined
        ? Number(precisionSpec)
        : undefined;
      const value = take();
      let text: string;
      switch (conversion) {
        case 's':
          text = value === undefined ? '' : String(value);
          if (precision !== undefined && precision >= 0) text = text.slice(0, precision);
          break;
        case 'c':
          text = typeof value === 'number' ? String.fromCharCode(value) : String(value ?? '');
          break;
        case 'u':
          text = String(Math.trunc(Number(value ?? 0)) >>> 0);
          break;
        case 'x':
        case 'X': {
          const hex = (Math.trunc(Number(value ?? 0)) >>> 0).toString(16);
          text = conversion === 'X' ? hex.toUpperCase() : hex;
          break;
        }
        case 'f':
          text = Number(value ?? 0).toFixed(precision ?? 6);
          break;
        default:
          text = String(Math.trunc(Number(value ?? 0)));
      }
      if (text.length >= width) return text;
      if (left) return text.padEnd(width, ' ');
      const zero = flags.includes('0') && conversion !== 's' && conversion !== 'c';
      if (zero && text.startsWith('-')) return '-' + text.slice(1).padStart(width - 1, '0');
      return text.padStart(width, zero ? '0' : ' ');
    },
  );
}

/**
 * `{}`-style formatting as AzerothCore does it: each `{}` takes the next argument, extra
 * arguments are ignored, `{{`/`}}` are literal braces. Too few arguments is a format error,
 * which AzerothCore reports in place of the text.
 *
 * @param template The format string.
 * @param args Its arguments.
 * @returns The formatted text, or AzerothCore's `Wrong format occurred` message.
 */
export function fmtFormat(template: string, ...args: FormatArg[]): string {
  let next = 0;
  let missing = false;
  const text = template.replace(/\{\{|\}\}|\{\}/g, (token) => {
    if (token === '{{') return '{';
    if (token === '}}') return '}';
    if (next >= args.length) {
      missing = true;
      return '';
    }
    return String(args[next++]);
  });
  if (missing) {
    return `Wrong format occurred (argument not found). Fmt string: '${template}'`;
  }
  return text;
}

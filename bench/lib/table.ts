/**
 * @module Plain-text and markdown tables for benchmark output.
 */

/**
 * Formats rows as an aligned plain-text table (first row is the header).
 *
 * @param rows Header then data rows.
 * @returns The lines.
 */
export function textTable(rows: readonly string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  }
  const line = (row: readonly string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  const [header, ...body] = rows;
  if (!header) return [];
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
}

/**
 * Formats rows as a markdown table (first row is the header).
 *
 * @param rows Header then data rows.
 * @returns The lines.
 */
export function markdownTable(rows: readonly string[][]): string[] {
  const [header, ...body] = rows;
  if (!header) return [];
  const escape = (cell: string) => cell.replaceAll('|', '\\|');
  return [
    `| ${header.map(escape).join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...body.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ];
}

/**
 * Formats a number for a table: thousands grouped, a few significant decimals.
 *
 * @param value The number.
 * @param decimals Decimals to keep (default: 0 from 100 up, else 2).
 * @returns The text.
 */
export function fmt(value: number, decimals?: number): string {
  if (!Number.isFinite(value)) return String(value);
  const digits = decimals ?? (Math.abs(value) >= 100 ? 0 : 2);
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

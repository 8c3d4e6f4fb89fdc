/** @module Export of the shown events as JSON or JSONL, and a browser download of it. */
import type { RealmEvent } from '../../pipeline/events.ts';

/** Export formats. */
export type ExportFormat = 'json' | 'jsonl';

/**
 * Serialises events.
 *
 * @param events The events, in the order to write.
 * @param format `json` (one array) or `jsonl` (one event per line).
 * @returns The text.
 */
export function serializeEvents(events: readonly RealmEvent[], format: ExportFormat): string {
  if (format === 'json') return `${JSON.stringify(events, null, 2)}\n`;
  return events.map((event) => JSON.stringify(event)).join('\n') + (events.length ? '\n' : '');
}

/**
 * Offers text as a file download.
 *
 * @param filename Suggested file name.
 * @param text Content.
 * @param type MIME type.
 */
export function download(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke later: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

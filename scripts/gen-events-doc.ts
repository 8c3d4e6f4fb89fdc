/** Writes docs/events.md from the event catalog. */
import { writeFileSync } from 'node:fs';
import { renderEventCatalog } from '../src/pipeline/eventsDoc.ts';

writeFileSync(new URL('../docs/events.md', import.meta.url), renderEventCatalog());

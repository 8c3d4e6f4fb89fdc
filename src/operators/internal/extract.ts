/**
 * @module Default field readers shared by the operators, so every operator understands the
 * same shapes out of the box: a bare event (`{ priority, seq, time }`), a hub `StampedEvent`
 * (`{ event, bytes }`), or anything else that follows the same field names.
 */
import type { Priority } from '../../pipeline/events.ts';

// deno-lint-ignore no-explicit-any
type Loose = any;

/** `value.priority ?? value.event?.priority ?? 'normal'`. */
export const defaultPriority = (value: Loose): Priority =>
  value?.priority ?? value?.event?.priority ?? 'normal';

/** `value.bytes ?? 1`. */
export const defaultSize = (value: Loose): number => value?.bytes ?? 1;

/** `value.seq ?? value.event?.seq`. */
export const defaultSeq = (value: Loose): number | undefined => value?.seq ?? value?.event?.seq;

/** `value.time ?? value.event?.time`. */
export const defaultTime = (value: Loose): number | undefined => value?.time ?? value?.event?.time;

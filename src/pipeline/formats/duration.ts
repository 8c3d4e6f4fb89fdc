/**
 * @module Reads the worldservers' time spans (`secsToTimeString`): TrinityCore's full text
 * (`2 Hours 14 Minutes 7 Seconds.`, older `2 Hour(s) ...`), AzerothCore's
 * (`2 hour(s) 14 minute(s) 7 second(s)`) and the short forms of both (`1d2h3m4s`, `0h`).
 * The unit words come from the format table, so localised servers only need an override.
 */

/** Unit words per unit, as the format tables list them (`|`-separated, any case). */
export interface DurationUnits {
  /** Words meaning days. */
  readonly days: readonly string[];
  /** Words meaning hours. */
  readonly hours: readonly string[];
  /** Words meaning minutes. */
  readonly minutes: readonly string[];
  /** Words meaning seconds. */
  readonly seconds: readonly string[];
}

/** A compiled unit lookup: lower-cased word -> seconds per unit. */
export type UnitLookup = ReadonlyMap<string, number>;

/**
 * Builds the lookup used by {@link parseDuration}.
 *
 * @param units Unit words.
 * @returns Lower-cased word -> seconds.
 */
export function unitLookup(units: DurationUnits): UnitLookup {
  const lookup = new Map<string, number>();
  const add = (words: readonly string[], seconds: number) => {
    for (const word of words) if (word.trim()) lookup.set(word.trim().toLowerCase(), seconds);
  };
  add(units.days, 86_400);
  add(units.hours, 3_600);
  add(units.minutes, 60);
  add(units.seconds, 1);
  return lookup;
}

const TOKEN = /(\d+)\s*([^\d\s]+)/g;

/**
 * Converts a time span to seconds.
 *
 * @param text The span, e.g. `1 Day 1 Hour ` or `1d2h`.
 * @param units Unit lookup from {@link unitLookup}.
 * @returns Seconds, or undefined when the text is not a span of known units.
 */
export function parseDuration(text: string, units: UnitLookup): number | undefined {
  let seconds = 0;
  let found = false;
  let rest = text;
  for (const match of text.matchAll(TOKEN)) {
    // `Seconds.` ends the TrinityCore full form; a trailing dot is punctuation.
    const word = match[2].replace(/\.+$/, '').toLowerCase();
    const unit = units.get(word);
    if (unit === undefined) return undefined;
    seconds += Number(match[1]) * unit;
    found = true;
    rest = rest.replace(match[0], '');
  }
  return found && /^[\s.]*$/.test(rest) ? seconds : undefined;
}

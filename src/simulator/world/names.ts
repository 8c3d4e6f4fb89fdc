/**
 * @module Generated character names: pronounceable, 3-12 letters, capitalised like
 * `normalizePlayerName` leaves them, unique within a population.
 */
import type { Prng } from './prng.ts';

const STARTS = [
  'Ar',
  'Bel',
  'Cor',
  'Dra',
  'El',
  'Fen',
  'Gor',
  'Hal',
  'Il',
  'Jor',
  'Kal',
  'Lor',
  'Mor',
  'Nal',
  'Or',
  'Per',
  'Quel',
  'Ra',
  'Syl',
  'Tal',
  'Ur',
  'Val',
  'Wyn',
  'Xan',
  'Yor',
  'Zul',
];
const MIDDLES = ['a', 'e', 'i', 'o', 'u', 'ae', 'ia', 'or', 'an', 'el', 'ith', 'ar'];
const ENDS = [
  'dor',
  'wyn',
  'gar',
  'thas',
  'ria',
  'nox',
  'lia',
  'mir',
  'rok',
  'zen',
  'dra',
  'vos',
  'th',
  'n',
];

/**
 * Generates a unique character name.
 *
 * @param random The PRNG.
 * @param taken Names already used (lower case); the new name is added.
 * @returns The name.
 */
export function generateName(random: Prng, taken: Set<string>): string {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const name = random.pick(STARTS) + random.pick(MIDDLES) + random.pick(ENDS);
    if (name.length > 12 || taken.has(name.toLowerCase())) continue;
    taken.add(name.toLowerCase());
    return name;
  }
  // The syllable space holds thousands of names; fall back to a numbered suffix letter run.
  let index = taken.size;
  let suffix = '';
  do {
    suffix = String.fromCharCode(97 + (index % 26)) + suffix;
    index = Math.floor(index / 26);
  } while (index > 0);
  const name = ('Sim' + suffix).slice(0, 12);
  taken.add(name.toLowerCase());
  return name;
}

/**
 * Normalises a name the way `normalizePlayerName` does: first letter upper case, the rest
 * lower case.
 *
 * @param name Any spelling.
 * @returns The normalised name.
 */
export function normalizeName(name: string): string {
  if (name === '') return name;
  const chars = [...name];
  return chars[0].toUpperCase() + chars.slice(1).join('').toLowerCase();
}

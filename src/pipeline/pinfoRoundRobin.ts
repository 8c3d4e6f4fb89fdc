/**
 * @module The `pinfo` round-robin: which characters to look at in the next poll, a few per
 * poll, cycling through everyone online so each character's level is sampled in turn.
 */

/** Chooses the characters of each `pinfo` poll. */
export interface PinfoRoundRobin {
  /** Replaces the list of characters online (from the latest online list). */
  update(characters: readonly string[]): void;
  /** The next commands: `pinfo <name>` for up to `perPoll` characters not taken recently. */
  next(): string[];
}

/**
 * Creates a round-robin over the online characters.
 *
 * @param perPoll Characters per poll (`poll.pinfo.perPoll`).
 * @returns The round-robin; `next()` is empty until the first `update`.
 */
export function createPinfoRoundRobin(perPoll: number): PinfoRoundRobin {
  let characters: readonly string[] = [];
  let cursor = 0;
  return {
    update(next) {
      // Keep the position by name, so logins and logouts do not restart the cycle.
      const current = characters[cursor];
      characters = [...next];
      const index = current === undefined ? -1 : characters.indexOf(current);
      cursor = index >= 0 ? index : Math.min(cursor, Math.max(characters.length - 1, 0));
    },
    next() {
      const count = Math.min(perPoll, characters.length);
      const chosen: string[] = [];
      for (let i = 0; i < count; i++) {
        chosen.push(`pinfo ${characters[cursor]}`);
        cursor = (cursor + 1) % characters.length;
      }
      return chosen;
    },
  };
}

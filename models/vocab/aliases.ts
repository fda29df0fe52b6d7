/** Label matching shared by every vocabulary: one key per label, ignoring case, spacing and punctuation. */

/**
 * The matching key of a label: lower case, "&" read as "and", accents folded, and every character that is not
 * a letter or a digit dropped. Two labels match when their keys are equal.
 * @example labelKey('Special - independent') // 'specialindependent'
 * @example labelKey('Profound & multiple learning difficulty') === labelKey('profound and multiple learning difficulty') // true
 */
export function labelKey(label: string): string {
  return label
    .normalize('NFKD')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]/g, '');
}

/** A lookup from labels to codes, built once from a vocabulary's alias lists. */
export interface LabelLookup<C extends string> {
  /** The code a label names, or null. */
  of(label: unknown): C | null;
  /** Every accepted label key and the code it maps to (for tests and for showing users what is accepted). */
  readonly keys: ReadonlyMap<string, C>;
}

/**
 * Builds a case-, whitespace- and punctuation-insensitive lookup. Throws at module load if two codes claim the
 * same label key (a programming error in a vocabulary table, caught by its tests).
 * @example
 * const colours = labelLookup([['red', ['Red', 'scarlet']], ['blue', ['Blue']]] as const);
 * colours.of('  SCARLET ') // 'red'
 * colours.of('green')      // null
 */
export function labelLookup<C extends string>(entries: ReadonlyArray<readonly [C, ReadonlyArray<string>]>): LabelLookup<C> {
  const keys = new Map<string, C>();
  for (const [code, labels] of entries) {
    for (const label of [code, ...labels]) {
      const key = labelKey(label);
      if (key === '') continue;
      const existing = keys.get(key);
      if (existing !== undefined && existing !== code) {
        throw new Error(`Vocabulary conflict: "${label}" would mean both ${existing} and ${code}.`);
      }
      keys.set(key, code);
    }
  }
  return {
    keys,
    of(label: unknown): C | null {
      if (typeof label !== 'string') return null;
      const key = labelKey(label);
      return key === '' ? null : (keys.get(key) ?? null);
    },
  };
}

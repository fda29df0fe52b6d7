/** The four sectors placements are reported by (DESIGN §2): maintained, independent, AP and other. */
import { labelLookup } from './aliases';

export type SectorCode = 'maintained' | 'independent' | 'ap' | 'other';

export interface Sector {
  code: SectorCode;
  /** Plain-English name for tables and charts. */
  label: string;
  /** What belongs in it, in one sentence. */
  description: string;
  /** Other names users and published tables give it. */
  aliases: readonly string[];
}

/** The sectors, in reporting order. */
export const SECTORS: readonly Sector[] = [
  {
    code: 'maintained',
    label: 'Maintained (state-funded)',
    description: 'State-funded settings: LA-maintained schools, academies and free schools, colleges and funded early-years places.',
    aliases: ['Maintained', 'State-funded', 'State funded', 'State', 'Maintained and academies'],
  },
  {
    code: 'independent',
    label: 'Independent and non-maintained',
    description: 'Independent special schools, non-maintained special schools, specialist post-16 institutions and independent mainstream schools.',
    aliases: ['Independent', 'Non-maintained and independent', 'Independent and non-maintained', 'NMSS and independent', 'Independent sector'],
  },
  {
    code: 'ap',
    label: 'Alternative provision',
    description: 'Pupil referral units, AP academies and free schools, and independent AP commissioned by councils.',
    aliases: ['AP', 'Alternative provision', 'AP/PRU', 'Hospital / AP', 'Hospital and AP'],
  },
  {
    code: 'other',
    label: 'Other (elsewhere or not recorded)',
    description: 'Educated elsewhere (EOTAS, elective home education, NEET, other arrangements) and placements not recorded.',
    aliases: ['Other', 'Elsewhere', 'Other or not recorded'],
  },
];

/** The sector codes in reporting order. */
export const SECTOR_CODES: readonly SectorCode[] = SECTORS.map((s) => s.code);

const lookup = labelLookup(SECTORS.map((s) => [s.code, [s.label, ...s.aliases]] as const));

/**
 * The sector a label names, or null.
 * @example sectorOf('State-funded') // 'maintained'
 * @example sectorOf('nonsense')     // null
 */
export function sectorOf(label: unknown): SectorCode | null {
  return lookup.of(label);
}

/**
 * The full entry for a sector code.
 * @example sectorInfo('ap').label // 'Alternative provision'
 */
export function sectorInfo(code: SectorCode): Sector {
  const found = SECTORS.find((s) => s.code === code);
  if (!found) throw new RangeError(`"${String(code)}" is not a sector code.`);
  return found;
}

/** Ages, phases of education, the DSG management plan's age groups and the NCY offset (DESIGN §2 "Age and phase"). */
import { labelLookup } from './aliases';

export type PhaseCode = 'early_years' | 'primary' | 'secondary' | 'post16' | 'post19';

export interface Phase {
  code: PhaseCode;
  label: string;
  /** Youngest and oldest age at the January census, inclusive. */
  minAge: number;
  maxAge: number;
  aliases: readonly string[];
}

/** The youngest and oldest ages an EHC plan covers (DfE counts `under 3`, `age 3` … `age 25`). */
export const MIN_AGE = 0;
export const MAX_AGE = 25;

/** The phases, youngest first. */
export const PHASES: readonly Phase[] = [
  { code: 'early_years', label: 'Early years (0–4)', minAge: 0, maxAge: 4, aliases: ['Early years', 'EY', 'EYFS', 'Nursery', 'Reception', 'Pre-school', 'Under 5', 'Under 5s'] },
  { code: 'primary', label: 'Primary (5–10)', minAge: 5, maxAge: 10, aliases: ['Primary', 'KS1', 'KS2', 'Key stage 1', 'Key stage 2', '5-10'] },
  { code: 'secondary', label: 'Secondary (11–15)', minAge: 11, maxAge: 15, aliases: ['Secondary', 'KS3', 'KS4', 'Key stage 3', 'Key stage 4', '11-15'] },
  { code: 'post16', label: 'Post-16 (16–19)', minAge: 16, maxAge: 19, aliases: ['Post-16', 'Post 16', 'KS5', 'Key stage 5', 'Sixth form', '16-19', '16 to 19'] },
  { code: 'post19', label: 'Post-19 (20–25)', minAge: 20, maxAge: 25, aliases: ['Post-19', 'Post 19', '19-25', '20-25', '19 to 25', 'Adult', 'Young adult'] },
];

/** The phase codes, youngest first. */
export const PHASE_CODES: readonly PhaseCode[] = PHASES.map((p) => p.code);

const phaseLookup = labelLookup(PHASES.map((p) => [p.code, [p.label, ...p.aliases]] as const));

/**
 * The phase of an age at the census (0–25); fractional ages count in completed years. Null outside 0–25 or for
 * anything that is not a number.
 * @example phaseOfAge(4)    // 'early_years'
 * @example phaseOfAge(11)   // 'secondary'
 * @example phaseOfAge(19.9) // 'post16'
 * @example phaseOfAge(26)   // null
 */
export function phaseOfAge(age: number): PhaseCode | null {
  if (typeof age !== 'number' || !Number.isFinite(age)) return null;
  const whole = Math.floor(age);
  for (const p of PHASES) if (whole >= p.minAge && whole <= p.maxAge) return p.code;
  return null;
}

/**
 * The position of an age's phase in PHASE_CODES, or −1 outside 0–25 (for filling Int32Array category columns).
 * @example phaseIndexOfAge(12) // 2 ('secondary')
 * @example phaseIndexOfAge(NaN) // -1
 */
export function phaseIndexOfAge(age: number): number {
  const phase = phaseOfAge(age);
  return phase === null ? -1 : PHASE_CODES.indexOf(phase);
}

/**
 * The phase a label names, or null.
 * @example phaseOf('KS3')     // 'secondary'
 * @example phaseOf('post 16') // 'post16'
 */
export function phaseOf(label: unknown): PhaseCode | null {
  return phaseLookup.of(label);
}

/**
 * The full entry for a phase code.
 * @example phaseInfo('primary').minAge // 5
 */
export function phaseInfo(code: PhaseCode): Phase {
  const found = PHASES.find((p) => p.code === code);
  if (!found) throw new RangeError(`"${String(code)}" is not a phase code.`);
  return found;
}

export type DsgAgeGroupCode = 'under5' | '5-10' | '11-15' | '16-19' | '20-25';

export interface DsgAgeGroup {
  code: DsgAgeGroupCode;
  label: string;
  minAge: number;
  maxAge: number;
}

/** The age groups of the DfE DSG management plan template, youngest first. */
export const DSG_AGE_GROUPS: readonly DsgAgeGroup[] = [
  { code: 'under5', label: 'Under 5', minAge: 0, maxAge: 4 },
  { code: '5-10', label: '5–10', minAge: 5, maxAge: 10 },
  { code: '11-15', label: '11–15', minAge: 11, maxAge: 15 },
  { code: '16-19', label: '16–19', minAge: 16, maxAge: 19 },
  { code: '20-25', label: '20–25', minAge: 20, maxAge: 25 },
];

/**
 * The DSG management plan age group of an age, or null outside 0–25.
 * @example dsgAgeGroupOfAge(3)  // 'under5'
 * @example dsgAgeGroupOfAge(16) // '16-19'
 */
export function dsgAgeGroupOfAge(age: number): DsgAgeGroupCode | null {
  if (typeof age !== 'number' || !Number.isFinite(age)) return null;
  const whole = Math.floor(age);
  for (const g of DSG_AGE_GROUPS) if (whole >= g.minAge && whole <= g.maxAge) return g.code;
  return null;
}

/** A documented parameter: its value, unit and where it comes from. */
export interface SourcedValue {
  value: number;
  unit: string;
  source: string;
}

/**
 * National curriculum year = age − offset (Reception = NCY 0, so a 4-year-old is in Reception). The offset is a
 * documented parameter, not a hidden constant: a rulebook may override it (for example to shift by one where a
 * council records age at 31 August rather than at the January census).
 */
export const NCY_OFFSET: SourcedValue = {
  value: 4,
  unit: 'years (age − NCY)',
  source:
    'DESIGN.md §2 and DOMAIN.md "Conventions": NCY = age − 4, Reception = NCY 0 (DfE national curriculum year groups; DfE counts plans by age at the January census)',
};

/** The range of NCY that maps to ages 0–25 with the default offset. */
export const MIN_NCY = MIN_AGE - NCY_OFFSET.value;
export const MAX_NCY = MAX_AGE - NCY_OFFSET.value;

/**
 * The age for a national curriculum year.
 * @example ageFromNcy(0)  // 4 (Reception)
 * @example ageFromNcy(7)  // 11 (Year 7)
 * @example ageFromNcy(7, 5) // 12 with a different offset
 */
export function ageFromNcy(ncy: number, offset: number = NCY_OFFSET.value): number {
  return ncy + offset;
}

/**
 * The national curriculum year for an age.
 * @example ncyFromAge(11) // 7
 */
export function ncyFromAge(age: number, offset: number = NCY_OFFSET.value): number {
  return age - offset;
}

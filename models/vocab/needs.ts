/** SEN2 primary types of need (DESIGN §2 "Need"), with DfE's published labels and common aliases. */
import { labelLookup } from './aliases';

export type NeedCode = 'ASD' | 'SLCN' | 'SEMH' | 'MLD' | 'SLD' | 'PMLD' | 'SPLD' | 'HI' | 'VI' | 'MSI' | 'PD' | 'DS' | 'OTH' | 'UNK';

export interface Need {
  code: NeedCode;
  /** DfE's label (data-guidance.txt for sen_needs_all_plans.csv), or ours where DfE has none. */
  label: string;
  /** The column of sen_needs_all_plans.csv that counts it, or null (DS is published within OTH). */
  dfeColumn: string | null;
  /** Its column in the placement × need extract (ehcp_need_by_placement_england_jan2025.csv), or null. */
  extractColumn: string | null;
  aliases: readonly string[];
}

/** The needs, in vocabulary order (table dictionaries use this order, so codes are stable). */
export const NEEDS: readonly Need[] = [
  {
    code: 'ASD',
    label: 'Autistic spectrum disorder',
    dfeColumn: 'number_asd',
    extractColumn: 'ASD',
    aliases: ['Autism', 'Autistic Spectrum Disorder', 'Autism spectrum disorder', 'Autistic spectrum condition', 'Autism spectrum condition', 'ASC', 'Autistic'],
  },
  {
    code: 'SLCN',
    label: 'Speech, language and communication needs',
    dfeColumn: 'number_slcn',
    extractColumn: 'SLCN',
    aliases: ['Speech language and communication', 'Speech, language and communication need', 'Speech and language', 'SLC', 'Communication and interaction'],
  },
  {
    code: 'SEMH',
    label: 'Social, emotional and mental health',
    dfeColumn: 'number_semh',
    extractColumn: 'SEMH',
    aliases: [
      'Social emotional and mental health',
      'Social, emotional and mental health needs',
      'Social, emotional and mental health difficulties',
      'BESD',
      'Behaviour, emotional and social difficulties',
      'Behavioural, emotional and social difficulties',
    ],
  },
  { code: 'MLD', label: 'Moderate learning difficulty', dfeColumn: 'number_mld', extractColumn: 'MLD', aliases: ['Moderate learning difficulties'] },
  { code: 'SLD', label: 'Severe learning difficulty', dfeColumn: 'number_sld', extractColumn: 'SLD', aliases: ['Severe learning difficulties'] },
  {
    code: 'PMLD',
    label: 'Profound and multiple learning difficulty',
    dfeColumn: 'number_pmld',
    extractColumn: 'PMLD',
    aliases: ['Profound & multiple learning difficulty', 'Profound and multiple learning difficulties'],
  },
  {
    code: 'SPLD',
    label: 'Specific learning difficulty',
    dfeColumn: 'number_spld',
    extractColumn: 'SPLD',
    aliases: ['SpLD', 'Specific learning difficulties', 'Dyslexia', 'Dyscalculia', 'Dyspraxia'],
  },
  { code: 'HI', label: 'Hearing impairment', dfeColumn: 'number_hi', extractColumn: 'HI', aliases: ['Deaf', 'Hearing impaired'] },
  { code: 'VI', label: 'Visual impairment', dfeColumn: 'number_vi', extractColumn: 'VI', aliases: ['Visually impaired', 'Vision impairment'] },
  {
    code: 'MSI',
    label: 'Multi-sensory impairment',
    dfeColumn: 'number_msi',
    extractColumn: 'MSI',
    aliases: ['Multisensory impairment', 'Multi sensory impairment', 'Deafblind'],
  },
  { code: 'PD', label: 'Physical disability', dfeColumn: 'number_pd', extractColumn: 'PD', aliases: ['Physical disabilities', 'Physical'] },
  {
    code: 'DS',
    label: 'Down syndrome',
    dfeColumn: null,
    extractColumn: null,
    aliases: ["Down's syndrome", 'Downs syndrome', 'Down syndrome (DS)'],
  },
  {
    code: 'OTH',
    label: 'Other difficulty/disability',
    dfeColumn: 'number_oth',
    extractColumn: 'OTH',
    aliases: ['Other', 'Other difficulty or disability', 'Other difficulty', 'Other disability'],
  },
  {
    code: 'UNK',
    label: 'Primary need is not recorded',
    dfeColumn: 'number_need_unknown',
    extractColumn: 'NEED_UNKNOWN',
    aliases: ['NEED_UNKNOWN', 'Unknown', 'Not recorded', 'Need not recorded', 'Primary need not recorded', 'Need unknown', 'Not known'],
  },
];

/**
 * DfE publishes Down syndrome within "other difficulty/disability" (data-guidance.txt, sen_needs_all_plans.csv
 * footnote 1), so national need shares have DS = 0 and OTH includes it.
 */
export const DS_NOTE = 'EHC plans where the primary need is Down Syndrome are included under "other difficulty/disability" (DfE data guidance, sen_needs_all_plans.csv, footnote 1).';

/** The need codes in vocabulary order. */
export const NEED_CODES: readonly NeedCode[] = NEEDS.map((n) => n.code);

const needLookup = labelLookup(
  NEEDS.map((n) => [n.code, [n.label, ...(n.dfeColumn ? [n.dfeColumn] : []), ...(n.extractColumn ? [n.extractColumn] : []), ...n.aliases]] as const),
);

/**
 * The primary need a label names, or null: accepts SEN2 codes (any case), DfE's labels and column names, and
 * common wording. Case, spacing and punctuation are ignored.
 * @example needOf('Autistic Spectrum Disorder') // 'ASD'
 * @example needOf('spld')                       // 'SPLD'
 * @example needOf('Profound & multiple learning difficulty') // 'PMLD'
 * @example needOf('NEED_UNKNOWN')               // 'UNK'
 * @example needOf('Hungry')                     // null
 */
export function needOf(label: unknown): NeedCode | null {
  return needLookup.of(label);
}

/** Every accepted need label key (normalised) and its code. */
export const NEED_LABEL_KEYS: ReadonlyMap<string, NeedCode> = needLookup.keys;

/**
 * The full entry for a need code.
 * @example needInfo('SEMH').label // 'Social, emotional and mental health'
 */
export function needInfo(code: NeedCode): Need {
  const found = needByCode.get(code);
  if (!found) throw new RangeError(`"${String(code)}" is not a need code.`);
  return found;
}

const needByCode = new Map<string, Need>(NEEDS.map((n) => [n.code, n]));

/**
 * The label of a need code; a string that is not a code is returned unchanged.
 * @example needLabel('SLCN') // 'Speech, language and communication needs'
 * @example needLabel('xyz')  // 'xyz'
 */
export function needLabel(code: string): string {
  return needByCode.get(code)?.label ?? code;
}

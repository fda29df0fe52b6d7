/** The 15 placement settings and how DfE's columns, the DSG plan and S251 lines map onto them (DESIGN §2 table). */
import { labelLookup } from './aliases';
import type { DsgPlanCategoryCode } from './dsg';
import type { S251LineCode } from './s251';
import { SECTOR_CODES, type SectorCode } from './sectors';

export { SECTOR_CODES };

export type SettingCode =
  | 'mainstream'
  | 'resourced'
  | 'special_maintained'
  | 'special_academy'
  | 'fe'
  | 'training_provider'
  | 'early_years'
  | 'iss'
  | 'nmss'
  | 'spi'
  | 'mainstream_independent'
  | 'ap'
  | 'ap_independent'
  | 'elsewhere'
  | 'unknown';

/** Who runs a state-funded setting; it decides the S251 top-up line where that depends on governance. */
export type Governance = 'la_maintained' | 'academy';

/** Top-up line that depends on governance: 1.2.1 for LA-maintained settings, 1.2.2 for academies and free schools. */
export interface GovernanceSplit {
  la_maintained: S251LineCode;
  academy: S251LineCode;
}

/** Top-up line that depends on how the package is paid: commissioned by the council, or as a direct payment. */
export interface FundingRouteSplit {
  commissioned: S251LineCode;
  direct_payment: S251LineCode;
}

/** The S251 line a setting's top-up is reported in: one line, a split, or none (placement not recorded). */
export type S251TopUp = S251LineCode | GovernanceSplit | FundingRouteSplit | null;

export interface Setting {
  code: SettingCode;
  /** Plain-English name. */
  label: string;
  sector: SectorCode;
  dsgPlanCategory: DsgPlanCategoryCode;
  s251TopUp: S251TopUp;
  /** The columns of DfE's caseload.csv (and newplans.csv) that count this setting; they sum to `plansJan2025`. */
  dfeColumns: readonly string[];
  /** DfE's "Type of placement" labels in sen_needs_all_plans.csv for this setting. */
  dfeLabels: readonly string[];
  /** Other names councils and published tables use. */
  aliases: readonly string[];
  /** Active EHC plans in England, January 2025 (caseload.csv); null where DfE does not count the setting. */
  plansJan2025: number | null;
}

/** Where the January 2025 counts come from. */
export const SETTING_COUNTS_SOURCE =
  'DfE, Education, health and care plans, reporting year 2025 (caseload.csv, England, time_period 202425), Open Government Licence v3.0';

const RESOURCED_COLUMNS = [
  'mainstream_la_maintained_resourced_provision',
  'mainstream_la_maintained_senunit',
  'mainstream_academy_resourced_provision',
  'mainstream_academy_senunit',
  'mainstream_free_school_resourced_provision',
  'mainstream_free_school_senunit',
];

/** The settings, in vocabulary order (table dictionaries use this order, so codes are stable). */
export const SETTINGS: readonly Setting[] = [
  {
    code: 'mainstream',
    label: 'Mainstream school',
    sector: 'maintained',
    dsgPlanCategory: 'mainstream',
    s251TopUp: { la_maintained: '1.2.1', academy: '1.2.2' },
    dfeColumns: ['mainstream_la_maintained', 'mainstream_academy', 'mainstream_free_school'],
    dfeLabels: ['Mainstream - LA maintained', 'Mainstream - academy', 'Mainstream - free school'],
    aliases: [
      'Mainstream',
      'Mainstream school (state)',
      'State mainstream school',
      'Maintained mainstream school',
      'Mainstream LA maintained school',
      'Mainstream academy',
      'Mainstream free school',
      'Primary school',
      'Secondary school',
      'All-through school',
    ],
    plansJan2025: 246538,
  },
  {
    code: 'resourced',
    label: 'Resourced provision or SEN unit',
    sector: 'maintained',
    dsgPlanCategory: 'resourced',
    s251TopUp: { la_maintained: '1.2.1', academy: '1.2.2' },
    dfeColumns: RESOURCED_COLUMNS,
    dfeLabels: [
      'Mainstream - LA maintained (resourced provision)',
      'Mainstream - LA maintained (SEN unit)',
      'Mainstream - academy (resourced provision)',
      'Mainstream - academy (SEN unit)',
      'Mainstream - free school (resourced provision)',
      'Mainstream - free school (SEN unit)',
    ],
    aliases: [
      'Resourced provision',
      'SEN unit',
      'SEN units',
      'Resourced provision / SEN unit',
      'Resourced provision / SEN units',
      'Resourced provision and SEN units',
      'Additionally resourced provision',
      'ARP',
      'Specialist resource provision',
      'Specialist resource base',
      'SRP',
      'Enhanced resource provision',
      'Enhanced resource base',
      'Unit in a mainstream school',
    ],
    plansJan2025: 24524,
  },
  {
    code: 'special_maintained',
    label: 'Maintained special school',
    sector: 'maintained',
    dsgPlanCategory: 'special',
    s251TopUp: '1.2.1',
    dfeColumns: ['special_la_maintained'],
    dfeLabels: ['Special - LA maintained'],
    aliases: [
      'LA maintained special school',
      'Special school (LA maintained)',
      'Special school - LA maintained',
      'Maintained special',
      'Special maintained',
      'Community special school',
      'Foundation special school',
    ],
    plansJan2025: 85920,
  },
  {
    code: 'special_academy',
    label: 'Special academy or free school',
    sector: 'maintained',
    dsgPlanCategory: 'special',
    s251TopUp: '1.2.2',
    dfeColumns: ['special_academy_free'],
    dfeLabels: ['Special - Academy/free schools'],
    aliases: [
      'Special academy',
      'Special academies',
      'Special free school',
      'Special academy/free school',
      'Special - academy/free school',
      'Special - academy',
      'Academy special school',
      'Special school (academy)',
    ],
    plansJan2025: 73932,
  },
  {
    code: 'fe',
    label: 'General FE or tertiary college',
    sector: 'maintained',
    dsgPlanCategory: 'post16',
    s251TopUp: '1.2.2',
    dfeColumns: ['general_fe_tertiary_colleges'],
    dfeLabels: ['FE - general FE and tertiary colleges'],
    aliases: [
      'FE college',
      'FE',
      'General FE and tertiary colleges',
      'General FE and tertiary college',
      'General FE college',
      'Further education college',
      'Further education',
      'Tertiary college',
      'Sixth form college',
      'GFE',
      'College',
    ],
    plansJan2025: 70998,
  },
  {
    code: 'training_provider',
    label: 'Training provider (UKRLP)',
    sector: 'maintained',
    dsgPlanCategory: 'post16',
    s251TopUp: '1.2.2',
    dfeColumns: ['ukrlp_provider'],
    dfeLabels: ['FE - UKRLP provider'],
    aliases: ['Training provider', 'UKRLP provider', 'Other training provider', 'Independent training provider', 'ITP', 'Apprenticeship provider'],
    plansJan2025: 7485,
  },
  {
    code: 'early_years',
    label: 'Early years setting',
    sector: 'maintained',
    dsgPlanCategory: 'other',
    s251TopUp: '1.2.3',
    dfeColumns: ['nm_early_years'],
    dfeLabels: ['Non-maintained early years'],
    aliases: ['Early years', 'Non-maintained early years setting', 'Nursery', 'PVI nursery', 'Private, voluntary and independent early years', 'Childminder'],
    plansJan2025: 4524,
  },
  {
    code: 'iss',
    label: 'Independent special school',
    sector: 'independent',
    dsgPlanCategory: 'independent',
    s251TopUp: '1.2.3',
    dfeColumns: ['special_independent'],
    dfeLabels: ['Special - independent'],
    aliases: [
      'Independent special',
      'Independent special schools',
      'ISS',
      'Independent specialist school',
      'Independent special school (day)',
      'Independent special school (residential)',
      'Special school - independent',
      'Special (independent)',
    ],
    plansJan2025: 29647,
  },
  {
    code: 'nmss',
    label: 'Non-maintained special school',
    sector: 'independent',
    dsgPlanCategory: 'independent',
    s251TopUp: '1.2.3',
    dfeColumns: ['special_non_maintained'],
    dfeLabels: ['Special - non-maintained'],
    aliases: ['NMSS', 'Non-maintained special', 'Non-maintained special schools', 'Special school - non-maintained', 'Special (non-maintained)'],
    plansJan2025: 4381,
  },
  {
    code: 'spi',
    label: 'Specialist post-16 institution',
    sector: 'independent',
    dsgPlanCategory: 'post16',
    s251TopUp: '1.2.3',
    dfeColumns: ['specialist_post_16_institutions'],
    dfeLabels: ['FE - specialist post-16 institutions'],
    aliases: [
      'SPI',
      'Specialist post-16 institutions',
      'Specialist post 16',
      'Independent specialist provider',
      'ISP',
      'Independent specialist college',
      'Specialist college',
    ],
    plansJan2025: 9675,
  },
  {
    code: 'mainstream_independent',
    label: 'Independent mainstream school',
    sector: 'independent',
    dsgPlanCategory: 'independent',
    s251TopUp: '1.2.3',
    dfeColumns: ['mainstream_independent'],
    dfeLabels: ['Mainstream - independent'],
    aliases: ['Independent mainstream', 'Independent school (mainstream)', 'Independent mainstream schools', 'Mainstream (independent)'],
    plansJan2025: 7174,
  },
  {
    code: 'ap',
    label: 'Alternative provision (PRU, AP academy or free school)',
    sector: 'ap',
    dsgPlanCategory: 'hospital_ap',
    s251TopUp: { la_maintained: '1.2.1', academy: '1.2.2' },
    dfeColumns: ['ap_pru_academy', 'ap_pru_free_school', 'ap_pru_la_maintained'],
    dfeLabels: ['AP/PRU - academy', 'AP/PRU - free school', 'AP/PRU - LA maintained', 'AP/PRU - total'],
    aliases: [
      'Alternative provision',
      'AP',
      'AP/PRU',
      'PRU',
      'Pupil referral unit',
      'Pupil referral units',
      'AP academy',
      'AP free school',
      'Alternative provision academy',
      'Alternative provision free school',
      'State alternative provision',
      'Hospital school',
      'Hospital education',
      'ap_pru_total',
    ],
    plansJan2025: 4858,
  },
  {
    code: 'ap_independent',
    label: 'Independent alternative provision',
    sector: 'ap',
    dsgPlanCategory: 'hospital_ap',
    s251TopUp: '1.2.3',
    dfeColumns: [],
    dfeLabels: [],
    aliases: [
      'Independent AP',
      'Alternative provision (independent)',
      'Independent alternative provision school',
      'Registered independent AP',
      'Unregistered alternative provision',
      'Unregistered AP',
      'Commissioned alternative provision',
    ],
    plansJan2025: null,
  },
  {
    code: 'elsewhere',
    label: 'Educated elsewhere',
    sector: 'other',
    dsgPlanCategory: 'other',
    s251TopUp: { commissioned: '1.2.3', direct_payment: '1.2.11' },
    dfeColumns: [
      'elective_home_education',
      'other_arrangements_la',
      'other_arrangements_parents',
      'online_provider',
      'w_settings',
      'other_schools',
      'other_placement_settings',
      'neet',
      'neet_ntci',
      'neet_other',
      'neet_other_csa',
    ],
    dfeLabels: [
      'Educated elsewhere - elective home education',
      'Educated elsewhere - NEET',
      'Educated elsewhere - not in education or training (compulsory school age)',
      'Educated elsewhere - not in education or training (notice to cease issued)',
      'Educated elsewhere - not in education or training (other)',
      'Educated elsewhere - online provider',
      'Educated elsewhere - other arrangements by LA',
      'Educated elsewhere - other arrangements by parents',
      'Educated elsewhere - other placement settings',
      'Educated elsewhere - other schools and establishments',
      'Educated elsewhere - Welsh establishment',
      'Educated elsewhere - total',
    ],
    aliases: [
      'Elsewhere',
      'EOTAS',
      'Education otherwise than at school',
      'Education other than at school',
      'Elective home education',
      'EHE',
      'Home education',
      'Home educated',
      'NEET',
      'Not in education, employment or training',
      'Not in education or training',
      'Other arrangements by LA',
      'Other arrangements by parents',
      'Other arrangements',
      'Online provider',
      'Welsh establishment',
      'ed_elsewhere',
    ],
    plansJan2025: 49750,
  },
  {
    code: 'unknown',
    label: 'Placement not recorded',
    sector: 'other',
    dsgPlanCategory: 'other',
    s251TopUp: null,
    dfeColumns: ['placement_unknown'],
    dfeLabels: ['Placement not recorded'],
    aliases: ['Unknown', 'Not recorded', 'Placement unknown', 'Not known', 'Awaiting placement', 'Awaiting provision'],
    plansJan2025: 19339,
  },
];

/** The setting codes in vocabulary order. */
export const SETTING_CODES: readonly SettingCode[] = SETTINGS.map((s) => s.code);

/**
 * DfE labels and columns that add up several of our settings, so they cannot name one. A reader meeting them
 * must use the detail rows instead. (AP/PRU and educated-elsewhere totals are one setting each and are accepted.)
 */
export const DFE_AGGREGATE_PLACEMENTS: Readonly<Record<string, readonly SettingCode[]>> = {
  'Mainstream - total': ['mainstream', 'resourced', 'mainstream_independent'],
  mainstream_total: ['mainstream', 'resourced', 'mainstream_independent'],
  'Special - total': ['special_maintained', 'special_academy', 'iss', 'nmss'],
  special_total: ['special_maintained', 'special_academy', 'iss', 'nmss'],
  'FE - total': ['fe', 'spi', 'training_provider'],
  fe_total: ['fe', 'spi', 'training_provider'],
};

const settingLookup = labelLookup(SETTINGS.map((s) => [s.code, [s.label, ...s.dfeColumns, ...s.dfeLabels, ...s.aliases]] as const));

/**
 * The setting a label names, or null: accepts our codes and labels, DfE caseload column names, DfE's "Type of
 * placement" labels and common council wording. Case, spacing and punctuation are ignored. DfE totals that span
 * several settings ("Mainstream - total", "special_total", …) give null (see DFE_AGGREGATE_PLACEMENTS).
 * @example settingOf('Special - independent')     // 'iss'
 * @example settingOf('  independent SPECIAL school') // 'iss'
 * @example settingOf('mainstream_academy_senunit') // 'resourced'
 * @example settingOf('PRU')                       // 'ap'
 * @example settingOf('Mainstream - total')        // null
 */
export function settingOf(label: unknown): SettingCode | null {
  return settingLookup.of(label);
}

/** Every accepted setting label key (normalised) and its code, for tests and help text. */
export const SETTING_LABEL_KEYS: ReadonlyMap<string, SettingCode> = settingLookup.keys;

const settingByCode = new Map<SettingCode, Setting>(SETTINGS.map((s) => [s.code, s]));

/**
 * The full entry for a setting code.
 * @example settingInfo('iss').sector // 'independent'
 */
export function settingInfo(code: SettingCode): Setting {
  const found = settingByCode.get(code);
  if (!found) throw new RangeError(`"${String(code)}" is not a setting code.`);
  return found;
}

/**
 * Whether a string is one of our setting codes exactly.
 * @example isSettingCode('iss') // true
 * @example isSettingCode('ISS') // false (use settingOf for labels)
 */
export function isSettingCode(value: unknown): value is SettingCode {
  return typeof value === 'string' && settingByCode.has(value as SettingCode);
}

/**
 * The sector of a setting. Takes any string so it can be mapped over a table's dictionary; a string that is not
 * a setting code counts as "other", the sector of placements not recorded.
 * @example sectorOfSetting('spi')   // 'independent'
 * @example sectorOfSetting('bogus') // 'other'
 */
export function sectorOfSetting(code: string): SectorCode {
  return settingByCode.get(code as SettingCode)?.sector ?? 'other';
}

/**
 * The plain-English label of a setting code; a string that is not a code is returned unchanged.
 * @example settingLabel('iss') // 'Independent special school'
 * @example settingLabel('xyz') // 'xyz'
 */
export function settingLabel(code: string): string {
  return settingByCode.get(code as SettingCode)?.label ?? code;
}

/** One S251 line a setting's top-up can be reported in, and when. */
export interface SettingS251Line {
  line: S251LineCode;
  /** Set when the line applies to one governance only. */
  governance?: Governance;
  /** Set when the line applies to one funding route only. */
  route?: 'commissioned' | 'direct_payment';
}

/**
 * Every S251 top-up line a setting can be reported in: none (placement not recorded), one, or one per governance
 * or funding route. Takes any string (a dictionary entry); an unknown string has no lines.
 * @example s251LinesOfSetting('iss')        // [{line: '1.2.3'}]
 * @example s251LinesOfSetting('mainstream') // [{line: '1.2.1', governance: 'la_maintained'}, {line: '1.2.2', governance: 'academy'}]
 * @example s251LinesOfSetting('unknown')    // []
 */
export function s251LinesOfSetting(code: string): SettingS251Line[] {
  const top = settingByCode.get(code as SettingCode)?.s251TopUp ?? null;
  if (top === null) return [];
  if (typeof top === 'string') return [{ line: top }];
  if ('la_maintained' in top) {
    return [
      { line: top.la_maintained, governance: 'la_maintained' },
      { line: top.academy, governance: 'academy' },
    ];
  }
  return [
    { line: top.commissioned, route: 'commissioned' },
    { line: top.direct_payment, route: 'direct_payment' },
  ];
}

/**
 * The S251 top-up line for a setting. Where the line depends on governance and none is given, returns null:
 * the caller apportions by the LA's published mix. For "educated elsewhere" the commissioned line (1.2.3) is
 * returned unless `directPayment` is set (1.2.11).
 * @example topUpLineOf('mainstream', 'academy') // '1.2.2'
 * @example topUpLineOf('mainstream')            // null (apportion by the LA's mix)
 * @example topUpLineOf('iss')                   // '1.2.3'
 * @example topUpLineOf('elsewhere', null, true) // '1.2.11'
 */
export function topUpLineOf(code: SettingCode, governance?: Governance | null, directPayment = false): S251LineCode | null {
  const line = settingInfo(code).s251TopUp;
  if (line === null || typeof line === 'string') return line;
  if ('la_maintained' in line) return governance ? line[governance] : null;
  return directPayment ? line.direct_payment : line.commissioned;
}

/** Governance values, in order. */
export const GOVERNANCES: readonly Governance[] = ['la_maintained', 'academy'];

const governanceLookup = labelLookup<Governance>([
  [
    'la_maintained',
    [
      'LA maintained',
      'Maintained',
      'Local authority maintained',
      'LA',
      'Community',
      'Community school',
      'Foundation',
      'Foundation school',
      'Voluntary aided',
      'Voluntary controlled',
      'PRU',
    ],
  ],
  [
    'academy',
    ['Academy', 'Academies', 'Free school', 'Academy/free school', 'Academy or free school', 'Academy converter', 'Academy sponsor led', 'Multi-academy trust', 'MAT', 'College'],
  ],
]);

/**
 * The governance a label names, or null.
 * @example governanceOf('Academy converter') // 'academy'
 * @example governanceOf('voluntary aided')   // 'la_maintained'
 */
export function governanceOf(label: unknown): Governance | null {
  return governanceLookup.of(label);
}

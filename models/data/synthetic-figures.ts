/**
 * Figures behind the synthetic placement generator, each with its source: DfE counts (mix of settings, needs and
 * ages) and cited costs. Unconfirmed figures are marked UNCONFIRMED; they become rulebook parameters later.
 */
import type { SettingCode } from '../vocab/settings';

/** A figure with its unit and where it comes from. */
export interface Figure {
  value: number;
  unit: string;
  source: string;
}

const DFE_2025 =
  'DfE, Education, health and care plans, reporting year 2025 (England, January 2025), Open Government Licence v3.0';
const NEED_SOURCE = `${DFE_2025}: sen_needs_all_plans.csv "Type of placement" × primary need (extract ehcp_need_by_placement_england_jan2025.csv); DS is published within OTH`;
const AGE_SOURCE = `${DFE_2025}: caseload.csv, national, breakdown "Child or young persons age", placement columns summed per setting`;

/** Settings DfE counts (all but ap_independent, which councils commission and DfE does not count). */
export type DfeCountedSetting = Exclude<SettingCode, 'ap_independent'>;

/** Where NEED_COUNTS_BY_SETTING comes from. */
export const NEED_COUNTS_SOURCE = NEED_SOURCE;
/** Where AGE_COUNTS_BY_SETTING comes from. */
export const AGE_COUNTS_SOURCE = AGE_SOURCE;

/** The age buckets of AGE_COUNTS_BY_SETTING: DfE's "under 3", then single years 3–25. */
export const AGE_BUCKETS: readonly string[] = ['under 3', ...Array.from({ length: 23 }, (_, i) => `age ${i + 3}`)];

/** Jan 2025 EHC plans by setting × primary need, in NEED_CODES order (ASD, SLCN, SEMH, MLD, SLD, PMLD, SPLD, HI, VI, MSI, PD, DS, OTH, UNK). */
export const NEED_COUNTS_BY_SETTING: Readonly<Record<DfeCountedSetting, readonly number[]>> = {
  mainstream: [69290, 71807, 49195, 24738, 3113, 661, 6860, 3187, 2413, 572, 9187, 0, 3179, 2336],
  resourced: [9879, 7343, 2213, 1666, 414, 84, 406, 1223, 244, 67, 704, 0, 153, 128],
  special_maintained: [31081, 16144, 7734, 9662, 9436, 3593, 883, 1013, 543, 371, 4126, 0, 1038, 296],
  special_academy: [26918, 13325, 11775, 7838, 5207, 2321, 1011, 463, 411, 265, 3045, 0, 934, 419],
  fe: [21047, 9785, 16813, 11338, 2859, 396, 2195, 1334, 663, 124, 3229, 0, 787, 428],
  training_provider: [2171, 771, 2559, 1029, 326, 34, 122, 56, 35, 20, 245, 0, 54, 63],
  early_years: [1175, 2105, 87, 225, 127, 131, 44, 66, 50, 26, 332, 0, 78, 78],
  iss: [11254, 3409, 10927, 1713, 623, 133, 744, 81, 49, 36, 288, 0, 247, 143],
  nmss: [1494, 660, 515, 273, 231, 208, 42, 361, 102, 32, 395, 0, 56, 12],
  spi: [3438, 971, 1363, 1229, 1098, 333, 166, 102, 191, 34, 598, 0, 122, 30],
  mainstream_independent: [2173, 1116, 2136, 680, 65, 9, 327, 141, 87, 23, 271, 0, 98, 48],
  ap: [896, 432, 3059, 184, 37, 19, 62, 26, 5, 5, 40, 0, 42, 51],
  elsewhere: [14386, 5457, 18708, 4536, 1370, 474, 1053, 483, 312, 93, 1582, 0, 619, 677],
  unknown: [5981, 2511, 5133, 2750, 775, 181, 459, 229, 175, 24, 855, 0, 105, 161],
};
/** Jan 2025 EHC plans by setting × age, in AGE_BUCKETS order (under 3, 3, 4, …, 25). */
export const AGE_COUNTS_BY_SETTING: Readonly<Record<DfeCountedSetting, readonly number[]>> = {
  mainstream: [81, 1150, 14363, 19800, 19578, 19725, 20740, 21910, 24361, 21444, 20712, 19549, 18337, 17311, 3859, 2319, 806, 266, 109, 61, 34, 17, 4, 2],
  resourced: [2, 36, 1322, 2025, 2106, 2389, 2407, 2375, 2179, 1823, 1951, 1864, 1846, 1655, 280, 179, 65, 11, 5, 2, 2, 0, 0, 0],
  special_maintained: [29, 174, 2801, 4336, 4672, 5451, 5662, 5853, 5835, 8179, 8213, 8191, 8051, 7413, 4308, 3607, 2487, 344, 136, 72, 56, 29, 18, 3],
  special_academy: [13, 100, 1587, 2674, 3207, 3770, 4260, 4361, 4575, 7864, 8249, 8258, 7912, 7234, 3957, 3231, 2100, 370, 108, 60, 30, 3, 8, 1],
  fe: [0, 2, 1, 0, 1, 0, 0, 2, 3, 1, 0, 1, 50, 110, 16240, 15003, 12128, 9936, 7110, 4564, 2915, 1818, 964, 149],
  training_provider: [0, 2, 5, 4, 3, 6, 10, 9, 14, 16, 24, 38, 52, 54, 1468, 1532, 1236, 1013, 737, 549, 352, 211, 125, 25],
  early_years: [289, 2464, 1331, 210, 71, 22, 22, 35, 25, 10, 6, 4, 8, 7, 5, 3, 4, 4, 4, 0, 0, 0, 0, 0],
  iss: [10, 16, 135, 384, 552, 850, 1151, 1360, 1650, 3195, 3628, 4248, 4519, 4086, 1731, 1089, 582, 229, 100, 66, 27, 20, 17, 2],
  nmss: [0, 8, 45, 103, 130, 146, 160, 202, 230, 412, 433, 456, 458, 465, 343, 302, 259, 102, 54, 34, 25, 10, 4, 0],
  spi: [0, 0, 0, 1, 3, 3, 3, 1, 2, 5, 5, 7, 9, 16, 1032, 1161, 1231, 2007, 1571, 1289, 683, 405, 217, 24],
  mainstream_independent: [5, 18, 51, 114, 151, 213, 234, 329, 353, 666, 735, 863, 1117, 1096, 541, 385, 164, 61, 42, 17, 16, 1, 2, 0],
  ap: [4, 19, 8, 43, 101, 162, 196, 240, 282, 250, 375, 563, 932, 1165, 261, 131, 71, 27, 13, 9, 1, 5, 0, 0],
  elsewhere: [86, 224, 397, 525, 588, 631, 760, 891, 1033, 1544, 1789, 2187, 2668, 3144, 5446, 6186, 6023, 5237, 3773, 2613, 1818, 1316, 748, 123],
  unknown: [14, 89, 471, 628, 704, 714, 807, 813, 863, 1366, 1052, 1130, 1166, 1130, 2534, 1356, 1442, 1208, 733, 469, 299, 195, 114, 42],
};

/**
 * Ages the generator allows per setting (inclusive), so a synthetic row never has, say, a 30-year-old in a
 * primary school. DfE's counts outside these ranges are small and are dropped; "under 3" is placed at age 2.
 */
export const SETTING_AGE_RANGES: Readonly<Record<SettingCode, readonly [number, number]>> = {
  mainstream: [4, 19],
  resourced: [4, 19],
  special_maintained: [4, 19],
  special_academy: [4, 19],
  fe: [16, 25],
  training_provider: [16, 25],
  early_years: [2, 4],
  iss: [4, 19],
  nmss: [4, 19],
  spi: [16, 25],
  mainstream_independent: [4, 19],
  ap: [4, 19],
  ap_independent: [4, 19],
  elsewhere: [0, 25],
  unknown: [0, 25],
};

/** Shares of state-funded placements by governance, January 2025 (caseload.csv columns named in each source). */
export const ACADEMY_SHARE: Readonly<Partial<Record<SettingCode, Figure>>> = {
  mainstream: {
    value: (141630 + 9366) / 246538,
    unit: 'share of placements',
    source: `${DFE_2025}: caseload.csv (mainstream_academy + mainstream_free_school) / mainstream total`,
  },
  resourced: {
    value: (8578 + 5773 + 221 + 76) / 24524,
    unit: 'share of placements',
    source: `${DFE_2025}: caseload.csv academy and free-school resourced provision and SEN unit columns / resourced total`,
  },
  ap: {
    value: (1967 + 596) / 4858,
    unit: 'share of placements',
    source: `${DFE_2025}: caseload.csv (ap_pru_academy + ap_pru_free_school) / AP total`,
  },
};

const REF = 'reference-figures.csv';
const UNCONFIRMED = 'UNCONFIRMED assumption for synthetic data (no published figure); replace with a sourced rulebook parameter';

/**
 * One branch of a setting's cost mix: a share of its placements, the top-up they draw (lognormal with this mean and
 * coefficient of variation; cv 0 = exactly the mean, as a band value), optionally only at some ages, optionally
 * residential.
 */
export interface CostBranch {
  name: string;
  share: Figure;
  topUpMean: Figure;
  topUpCv: Figure;
  /** Residential weeks a year (38 or 52) for residential branches. */
  residentialWeeks?: 38 | 52;
  /** Ages this branch applies to (inclusive); all ages when absent. */
  ages?: readonly [number, number];
}

/** How a setting's annual cost is built: place funding (fixed, £ per place per year) plus a top-up drawn from a branch. */
export interface CostModel {
  placeFunding: Figure;
  branches: readonly CostBranch[];
  /** Whether the generator fills place_funding and top_up for this setting (false where the split is not known). */
  split: boolean;
}

const share = (value: number, source: string): Figure => ({ value, unit: 'share of the setting\'s placements', source });
const pounds = (value: number, source: string): Figure => ({ value, unit: '£ per placement per year', source });
const cv = (value: number, source: string): Figure => ({ value, unit: 'coefficient of variation (sd / mean)', source });
const NONE: Figure = { value: 0, unit: '£ per place per year', source: 'No place funding from the high-needs block for this setting (DOMAIN.md "How the money flows today")' };
const ALL: Figure = share(1, 'single branch');
const FIXED: Figure = cv(0, 'a band value: every placement in the band gets exactly this top-up');

/** Place funding £10,000 per place: special schools, NMSS and AP. */
export const PLACE_FUNDING_SPECIAL: Figure = pounds(10000, `${REF}: Place funding rate, special school / NMSS / PRU-AP, £10,000 per place (Dorset Council 2025-26; PQ 100030)`);
/** Place funding £6,000 per place: resourced provision / SEN units (occupied places) and FE element 2. */
export const PLACE_FUNDING_RESOURCED: Figure = pounds(6000, `${REF}: Place funding rate, mainstream SEN unit / resourced provision (occupied place), £6,000 (Dorset Council 2025-26; DfE FBIT schema)`);
export const PLACE_FUNDING_FE: Figure = pounds(6000, `${REF}: Place funding rate, FE college / post-16 element 2, £6,000 (Dorset Council 2025-26; Cambridgeshire CC)`);

/** ISS: average about £63,000–£64,000 a year; from about £30,000 (day) to £150,000+ (52-week residential). */
export const ISS_AVERAGE_FEE: Figure = pounds(63500, `${REF}: Average annual cost per place, ISS, £63,000 (DfE statement Feb 2026); ISS/NMSS £64,000 (PQ 100030, 2024-25): midpoint`);
const ISS_RANGE = `${REF}: ISS fee range £30,000 (day) to £150,000 (52-week residential) (Audit Commission via careappointments, 2007)`;

export const COST_MODELS: Readonly<Record<SettingCode, CostModel>> = {
  mainstream: {
    placeFunding: { ...NONE, source: 'Mainstream schools meet the first £6,000 (element 2) from their own budgets; the council pays top-up only (DOMAIN.md)' },
    split: true,
    branches: [
      { name: 'band 1', share: share(0.35, UNCONFIRMED), topUpMean: pounds(1600, `${REF}: Devon mainstream Band 1, £1,600 (Devon CC FOI, 2023-24)`), topUpCv: FIXED },
      { name: 'band 2', share: share(0.3, UNCONFIRMED), topUpMean: pounds(3100, `${REF}: Devon mainstream Band 2, £3,100 (Devon CC FOI, 2023-24)`), topUpCv: FIXED },
      { name: 'band 3', share: share(0.2, UNCONFIRMED), topUpMean: pounds(4500, `${REF}: Devon mainstream Band 3, £4,500 (Devon CC FOI, 2023-24)`), topUpCv: FIXED },
      {
        name: 'plus package',
        share: share(0.15, UNCONFIRMED),
        topUpMean: pounds(9000, `${UNCONFIRMED}; above Devon's Band 3 "Plus packages above £4,500" and near Telford & Wrekin's top band £8,358.80 (${REF})`),
        topUpCv: cv(0.5, UNCONFIRMED),
      },
    ],
  },
  resourced: {
    placeFunding: PLACE_FUNDING_RESOURCED,
    split: true,
    branches: [{ name: 'top-up', share: ALL, topUpMean: pounds(8000, `${UNCONFIRMED}; between Devon's mainstream Band 3 (£4,500) and its special school top-ups (£11,412–£17,556) (${REF})`), topUpCv: cv(0.4, UNCONFIRMED) }],
  },
  special_maintained: {
    placeFunding: PLACE_FUNDING_SPECIAL,
    split: true,
    branches: [
      {
        name: 'top-up',
        share: ALL,
        topUpMean: pounds(16000, `${REF}: Average annual cost per place, state special school, £26,000 (DfE statement Feb 2026) less £10,000 place funding`),
        topUpCv: cv(0.3, `${UNCONFIRMED}; Devon special school top-ups range £11,412–£17,556 by designation (${REF})`),
      },
    ],
  },
  special_academy: {
    placeFunding: PLACE_FUNDING_SPECIAL,
    split: true,
    branches: [
      {
        name: 'top-up',
        share: ALL,
        topUpMean: pounds(16000, `${REF}: Average annual cost per place, state special school, £26,000 (DfE statement Feb 2026) less £10,000 place funding`),
        topUpCv: cv(0.3, `${UNCONFIRMED}; Devon special school top-ups range £11,412–£17,556 by designation (${REF})`),
      },
    ],
  },
  fe: {
    placeFunding: PLACE_FUNDING_FE,
    split: true,
    branches: [{ name: 'top-up', share: ALL, topUpMean: pounds(4000, UNCONFIRMED), topUpCv: cv(0.6, UNCONFIRMED) }],
  },
  training_provider: {
    placeFunding: PLACE_FUNDING_FE,
    split: true,
    branches: [{ name: 'top-up', share: ALL, topUpMean: pounds(3000, UNCONFIRMED), topUpCv: cv(0.6, UNCONFIRMED) }],
  },
  early_years: {
    placeFunding: NONE,
    split: true,
    branches: [{ name: 'top-up', share: ALL, topUpMean: pounds(6000, UNCONFIRMED), topUpCv: cv(0.5, UNCONFIRMED) }],
  },
  iss: {
    placeFunding: { ...NONE, source: 'Independent special schools get no place funding: the whole fee is paid as top-up (DOMAIN.md)' },
    split: true,
    // Day 85% at £55,400, 38-week residential 9% at £94,000, 52-week 6% at £133,000: mean £63,530 (ISS_AVERAGE_FEE).
    branches: [
      { name: 'day', share: share(0.85, UNCONFIRMED), topUpMean: pounds(55400, `${UNCONFIRMED}; chosen so the ISS mean is £63,500 (${ISS_AVERAGE_FEE.source}); lower tail near £30,000 (${ISS_RANGE})`), topUpCv: cv(0.35, UNCONFIRMED) },
      { name: '38-week residential', share: share(0.09, UNCONFIRMED), topUpMean: pounds(94000, UNCONFIRMED), topUpCv: cv(0.3, UNCONFIRMED), residentialWeeks: 38 },
      { name: '52-week residential', share: share(0.06, UNCONFIRMED), topUpMean: pounds(133000, `${UNCONFIRMED}; upper tail £150,000+ (${ISS_RANGE})`), topUpCv: cv(0.3, UNCONFIRMED), residentialWeeks: 52 },
    ],
  },
  nmss: {
    placeFunding: PLACE_FUNDING_SPECIAL,
    split: true,
    // Top-up mean £54,800 + £10,000 place ≈ £64,800, near the ISS/NMSS average of £64,000 (PQ 100030, 2024-25).
    branches: [
      { name: 'day', share: share(0.8, UNCONFIRMED), topUpMean: pounds(45000, `${UNCONFIRMED}; ISS/NMSS average £64,000 (PQ 100030, 2024-25, ${REF})`), topUpCv: cv(0.35, UNCONFIRMED) },
      { name: '38-week residential', share: share(0.12, UNCONFIRMED), topUpMean: pounds(80000, UNCONFIRMED), topUpCv: cv(0.3, UNCONFIRMED), residentialWeeks: 38 },
      { name: '52-week residential', share: share(0.08, UNCONFIRMED), topUpMean: pounds(115000, UNCONFIRMED), topUpCv: cv(0.3, UNCONFIRMED), residentialWeeks: 52 },
    ],
  },
  spi: {
    placeFunding: { ...NONE, source: 'UNCONFIRMED: SPI place funding (elements 1–2) is paid by ESFA, so the council cost here is the top-up only' },
    split: true,
    branches: [{ name: 'top-up', share: ALL, topUpMean: pounds(36000, `${REF}: Average top-up per place, specialist post-16 institutions, £36,000 (Natspec Key facts 2025)`), topUpCv: cv(0.45, UNCONFIRMED) }],
  },
  mainstream_independent: {
    placeFunding: NONE,
    split: true,
    branches: [{ name: 'fee', share: ALL, topUpMean: pounds(25000, UNCONFIRMED), topUpCv: cv(0.4, UNCONFIRMED) }],
  },
  ap: {
    placeFunding: { ...PLACE_FUNDING_SPECIAL, source: `${REF}: Place funding rate, PRU / AP academy / AP free school (pre-16), £10,000 (Dorset Council 2025-26)` },
    split: true,
    branches: [
      { name: 'KS1/KS2 top-up', share: ALL, ages: [0, 10], topUpMean: pounds(10700, `${REF}: AP placement top-up KS1/KS2 £10,700 after the £10k base (DAPA placement fees, single provider)`), topUpCv: cv(0.2, UNCONFIRMED) },
      { name: 'KS3/KS4 top-up', share: ALL, ages: [11, 25], topUpMean: pounds(16000, `${REF}: AP placement top-up KS4 £16,000 after the £10k base (DAPA placement fees, single provider); used for KS3 too (UNCONFIRMED)`), topUpCv: cv(0.2, UNCONFIRMED) },
    ],
  },
  ap_independent: {
    placeFunding: NONE,
    split: true,
    branches: [{ name: 'fee', share: ALL, topUpMean: pounds(28000, UNCONFIRMED), topUpCv: cv(0.4, UNCONFIRMED) }],
  },
  elsewhere: {
    placeFunding: NONE,
    split: false,
    branches: [
      {
        name: 'no package (NEET, elective home education, parents\' arrangements)',
        share: share((18056 + 2460 + 1806 + 2992 + 7155 + 1012) / 49750, `${NEED_SOURCE}: NEET, not in education or training, elective home education and other arrangements by parents, of the educated-elsewhere total; that they cost the high-needs block nothing is UNCONFIRMED`),
        topUpMean: pounds(0, UNCONFIRMED),
        topUpCv: FIXED,
      },
      { name: 'EOTAS package', share: share(1 - (18056 + 2460 + 1806 + 2992 + 7155 + 1012) / 49750, 'the rest of the educated-elsewhere total'), topUpMean: pounds(25000, UNCONFIRMED), topUpCv: cv(0.6, UNCONFIRMED) },
    ],
  },
  unknown: {
    placeFunding: NONE,
    split: false,
    branches: [{ name: 'unknown', share: ALL, topUpMean: pounds(15000, UNCONFIRMED), topUpCv: cv(0.8, UNCONFIRMED) }],
  },
};

/** Providers per setting for provider_id: how many, and how unevenly placements spread (Zipf exponent). */
export interface ProviderPool {
  prefix: string;
  /** Number of providers (schools, colleges, groups). */
  count: Figure;
  /** Zipf exponent of provider sizes: 0 = all equal. */
  skew: Figure;
  /** Large groups (chains) and the share of placements they hold together. */
  groups?: { count: Figure; share: Figure };
}

const ILLUSTRATIVE = 'UNCONFIRMED: illustrative number of providers for synthetic data';

export const PROVIDER_POOLS: Readonly<Partial<Record<SettingCode, ProviderPool>>> = {
  mainstream: { prefix: 'ms', count: { value: 16000, unit: 'schools', source: ILLUSTRATIVE }, skew: { value: 0.3, unit: 'Zipf exponent', source: ILLUSTRATIVE } },
  resourced: { prefix: 'rp', count: { value: 1800, unit: 'units', source: ILLUSTRATIVE }, skew: { value: 0.3, unit: 'Zipf exponent', source: ILLUSTRATIVE } },
  special_maintained: { prefix: 'spm', count: { value: 550, unit: 'schools', source: ILLUSTRATIVE }, skew: { value: 0.3, unit: 'Zipf exponent', source: ILLUSTRATIVE } },
  special_academy: { prefix: 'spa', count: { value: 650, unit: 'schools', source: ILLUSTRATIVE }, skew: { value: 0.3, unit: 'Zipf exponent', source: ILLUSTRATIVE } },
  fe: { prefix: 'fe', count: { value: 220, unit: 'colleges', source: ILLUSTRATIVE }, skew: { value: 0.5, unit: 'Zipf exponent', source: ILLUSTRATIVE } },
  training_provider: { prefix: 'tp', count: { value: 300, unit: 'providers', source: ILLUSTRATIVE }, skew: { value: 0.8, unit: 'Zipf exponent', source: ILLUSTRATIVE } },
  early_years: { prefix: 'ey', count: { value: 2000, unit: 'settings', source: ILLUSTRATIVE }, skew: { value: 0.2, unit: 'Zipf exponent', source: ILLUSTRATIVE } },
  iss: {
    prefix: 'iss',
    count: { value: 650, unit: 'independent schools outside the groups', source: ILLUSTRATIVE },
    skew: { value: 0.7, unit: 'Zipf exponent', source: ILLUSTRATIVE },
    groups: {
      count: { value: 5, unit: 'groups', source: ILLUSTRATIVE },
      share: { value: 0.3, unit: 'share of ISS placements', source: `UNCONFIRMED; "over 30%" of independent special schools are backed by private equity (DfE statement Feb 2026, ${REF})` },
    },
  },
  nmss: { prefix: 'nmss', count: { value: 70, unit: 'schools', source: ILLUSTRATIVE }, skew: { value: 0.5, unit: 'Zipf exponent', source: ILLUSTRATIVE } },
  spi: { prefix: 'spi', count: { value: 110, unit: 'institutions', source: ILLUSTRATIVE }, skew: { value: 0.6, unit: 'Zipf exponent', source: ILLUSTRATIVE } },
  mainstream_independent: { prefix: 'ims', count: { value: 400, unit: 'schools', source: ILLUSTRATIVE }, skew: { value: 0.5, unit: 'Zipf exponent', source: ILLUSTRATIVE } },
  ap: { prefix: 'ap', count: { value: 330, unit: 'PRUs and AP academies', source: ILLUSTRATIVE }, skew: { value: 0.4, unit: 'Zipf exponent', source: ILLUSTRATIVE } },
  ap_independent: { prefix: 'iap', count: { value: 300, unit: 'providers', source: ILLUSTRATIVE }, skew: { value: 0.8, unit: 'Zipf exponent', source: ILLUSTRATIVE } },
};

/** The 153 English local authorities with education duties: DfE code, name, ONS code, region, EHC plans at January 2025. */
import { labelKey } from './aliases';

export type RegionName =
  | 'North East'
  | 'North West'
  | 'Yorkshire and The Humber'
  | 'East Midlands'
  | 'West Midlands'
  | 'East of England'
  | 'London'
  | 'South East'
  | 'South West';

export interface LocalAuthority {
  /** 3-digit DfE code (old_la_code), e.g. '202'. */
  code: string;
  name: string;
  /** 9-character ONS code (new_la_code), e.g. 'E09000007'. */
  ons: string;
  region: RegionName;
  /** Active EHC plans at January 2025 (ehcplans). */
  plansJan2025: number;
}

/**
 * Where the list comes from. Contains public sector information licensed under the Open Government Licence v3.0
 * (Department for Education, Education, health and care plans 2025).
 */
export const LAS_SOURCE =
  'DfE, Education, health and care plans, reporting year 2025: caseload.csv, January 2025 (extract ehcp_by_la_jan2024_jan2025.csv), Open Government Licence v3.0';

/** The regions in DfE's order (north to south). */
export const REGIONS: readonly RegionName[] = [
  'North East',
  'North West',
  'Yorkshire and The Humber',
  'East Midlands',
  'West Midlands',
  'East of England',
  'London',
  'South East',
  'South West',
];

/** The 153 LAs in DfE code order. Cumbria (909) split into Cumberland (942) and Westmorland and Furness (943) in 2023. */
export const LAS: readonly LocalAuthority[] = [
  { code: '201', name: 'City of London', ons: 'E09000001', region: 'London', plansJan2025: 26 },
  { code: '202', name: 'Camden', ons: 'E09000007', region: 'London', plansJan2025: 1607 },
  { code: '203', name: 'Greenwich', ons: 'E09000011', region: 'London', plansJan2025: 3244 },
  { code: '204', name: 'Hackney', ons: 'E09000012', region: 'London', plansJan2025: 3681 },
  { code: '205', name: 'Hammersmith and Fulham', ons: 'E09000013', region: 'London', plansJan2025: 1779 },
  { code: '206', name: 'Islington', ons: 'E09000019', region: 'London', plansJan2025: 2119 },
  { code: '207', name: 'Kensington and Chelsea', ons: 'E09000020', region: 'London', plansJan2025: 819 },
  { code: '208', name: 'Lambeth', ons: 'E09000022', region: 'London', plansJan2025: 3316 },
  { code: '209', name: 'Lewisham', ons: 'E09000023', region: 'London', plansJan2025: 3696 },
  { code: '210', name: 'Southwark', ons: 'E09000028', region: 'London', plansJan2025: 3552 },
  { code: '211', name: 'Tower Hamlets', ons: 'E09000030', region: 'London', plansJan2025: 4555 },
  { code: '212', name: 'Wandsworth', ons: 'E09000032', region: 'London', plansJan2025: 3175 },
  { code: '213', name: 'Westminster', ons: 'E09000033', region: 'London', plansJan2025: 1429 },
  { code: '301', name: 'Barking and Dagenham', ons: 'E09000002', region: 'London', plansJan2025: 3063 },
  { code: '302', name: 'Barnet', ons: 'E09000003', region: 'London', plansJan2025: 4320 },
  { code: '303', name: 'Bexley', ons: 'E09000004', region: 'London', plansJan2025: 3267 },
  { code: '304', name: 'Brent', ons: 'E09000005', region: 'London', plansJan2025: 3791 },
  { code: '305', name: 'Bromley', ons: 'E09000006', region: 'London', plansJan2025: 4395 },
  { code: '306', name: 'Croydon', ons: 'E09000008', region: 'London', plansJan2025: 5232 },
  { code: '307', name: 'Ealing', ons: 'E09000009', region: 'London', plansJan2025: 4040 },
  { code: '308', name: 'Enfield', ons: 'E09000010', region: 'London', plansJan2025: 4970 },
  { code: '309', name: 'Haringey', ons: 'E09000014', region: 'London', plansJan2025: 2954 },
  { code: '310', name: 'Harrow', ons: 'E09000015', region: 'London', plansJan2025: 2689 },
  { code: '311', name: 'Havering', ons: 'E09000016', region: 'London', plansJan2025: 3005 },
  { code: '312', name: 'Hillingdon', ons: 'E09000017', region: 'London', plansJan2025: 3469 },
  { code: '313', name: 'Hounslow', ons: 'E09000018', region: 'London', plansJan2025: 3382 },
  { code: '314', name: 'Kingston upon Thames', ons: 'E09000021', region: 'London', plansJan2025: 1958 },
  { code: '315', name: 'Merton', ons: 'E09000024', region: 'London', plansJan2025: 2730 },
  { code: '316', name: 'Newham', ons: 'E09000025', region: 'London', plansJan2025: 1199 },
  { code: '317', name: 'Redbridge', ons: 'E09000026', region: 'London', plansJan2025: 3391 },
  { code: '318', name: 'Richmond upon Thames', ons: 'E09000027', region: 'London', plansJan2025: 2018 },
  { code: '319', name: 'Sutton', ons: 'E09000029', region: 'London', plansJan2025: 2582 },
  { code: '320', name: 'Waltham Forest', ons: 'E09000031', region: 'London', plansJan2025: 3663 },
  { code: '330', name: 'Birmingham', ons: 'E08000025', region: 'West Midlands', plansJan2025: 12094 },
  { code: '331', name: 'Coventry', ons: 'E08000026', region: 'West Midlands', plansJan2025: 3477 },
  { code: '332', name: 'Dudley', ons: 'E08000027', region: 'West Midlands', plansJan2025: 3805 },
  { code: '333', name: 'Sandwell', ons: 'E08000028', region: 'West Midlands', plansJan2025: 4064 },
  { code: '334', name: 'Solihull', ons: 'E08000029', region: 'West Midlands', plansJan2025: 2503 },
  { code: '335', name: 'Walsall', ons: 'E08000030', region: 'West Midlands', plansJan2025: 4743 },
  { code: '336', name: 'Wolverhampton', ons: 'E08000031', region: 'West Midlands', plansJan2025: 3148 },
  { code: '340', name: 'Knowsley', ons: 'E08000011', region: 'North West', plansJan2025: 2789 },
  { code: '341', name: 'Liverpool', ons: 'E08000012', region: 'North West', plansJan2025: 6814 },
  { code: '342', name: 'St. Helens', ons: 'E08000013', region: 'North West', plansJan2025: 2179 },
  { code: '343', name: 'Sefton', ons: 'E08000014', region: 'North West', plansJan2025: 3736 },
  { code: '344', name: 'Wirral', ons: 'E08000015', region: 'North West', plansJan2025: 4858 },
  { code: '350', name: 'Bolton', ons: 'E08000001', region: 'North West', plansJan2025: 3604 },
  { code: '351', name: 'Bury', ons: 'E08000002', region: 'North West', plansJan2025: 2804 },
  { code: '352', name: 'Manchester', ons: 'E08000003', region: 'North West', plansJan2025: 8875 },
  { code: '353', name: 'Oldham', ons: 'E08000004', region: 'North West', plansJan2025: 3652 },
  { code: '354', name: 'Rochdale', ons: 'E08000005', region: 'North West', plansJan2025: 2970 },
  { code: '355', name: 'Salford', ons: 'E08000006', region: 'North West', plansJan2025: 3387 },
  { code: '356', name: 'Stockport', ons: 'E08000007', region: 'North West', plansJan2025: 3506 },
  { code: '357', name: 'Tameside', ons: 'E08000008', region: 'North West', plansJan2025: 3473 },
  { code: '358', name: 'Trafford', ons: 'E08000009', region: 'North West', plansJan2025: 3143 },
  { code: '359', name: 'Wigan', ons: 'E08000010', region: 'North West', plansJan2025: 3579 },
  { code: '370', name: 'Barnsley', ons: 'E08000016', region: 'Yorkshire and The Humber', plansJan2025: 3044 },
  { code: '371', name: 'Doncaster', ons: 'E08000017', region: 'Yorkshire and The Humber', plansJan2025: 3142 },
  { code: '372', name: 'Rotherham', ons: 'E08000018', region: 'Yorkshire and The Humber', plansJan2025: 3623 },
  { code: '373', name: 'Sheffield', ons: 'E08000019', region: 'Yorkshire and The Humber', plansJan2025: 5952 },
  { code: '380', name: 'Bradford', ons: 'E08000032', region: 'Yorkshire and The Humber', plansJan2025: 7493 },
  { code: '381', name: 'Calderdale', ons: 'E08000033', region: 'Yorkshire and The Humber', plansJan2025: 2556 },
  { code: '382', name: 'Kirklees', ons: 'E08000034', region: 'Yorkshire and The Humber', plansJan2025: 4475 },
  { code: '383', name: 'Leeds', ons: 'E08000035', region: 'Yorkshire and The Humber', plansJan2025: 6093 },
  { code: '384', name: 'Wakefield', ons: 'E08000036', region: 'Yorkshire and The Humber', plansJan2025: 3857 },
  { code: '390', name: 'Gateshead', ons: 'E08000037', region: 'North East', plansJan2025: 1923 },
  { code: '391', name: 'Newcastle upon Tyne', ons: 'E08000021', region: 'North East', plansJan2025: 3095 },
  { code: '392', name: 'North Tyneside', ons: 'E08000022', region: 'North East', plansJan2025: 2298 },
  { code: '393', name: 'South Tyneside', ons: 'E08000023', region: 'North East', plansJan2025: 1776 },
  { code: '394', name: 'Sunderland', ons: 'E08000024', region: 'North East', plansJan2025: 3000 },
  { code: '420', name: 'Isles of Scilly', ons: 'E06000053', region: 'South West', plansJan2025: 17 },
  { code: '800', name: 'Bath and North East Somerset', ons: 'E06000022', region: 'South West', plansJan2025: 2469 },
  { code: '801', name: 'Bristol, City of', ons: 'E06000023', region: 'South West', plansJan2025: 4931 },
  { code: '802', name: 'North Somerset', ons: 'E06000024', region: 'South West', plansJan2025: 2644 },
  { code: '803', name: 'South Gloucestershire', ons: 'E06000025', region: 'South West', plansJan2025: 3236 },
  { code: '805', name: 'Hartlepool', ons: 'E06000001', region: 'North East', plansJan2025: 966 },
  { code: '806', name: 'Middlesbrough', ons: 'E06000002', region: 'North East', plansJan2025: 2019 },
  { code: '807', name: 'Redcar and Cleveland', ons: 'E06000003', region: 'North East', plansJan2025: 1492 },
  { code: '808', name: 'Stockton-on-Tees', ons: 'E06000004', region: 'North East', plansJan2025: 2442 },
  { code: '810', name: 'Kingston upon Hull, City of', ons: 'E06000010', region: 'Yorkshire and The Humber', plansJan2025: 3245 },
  { code: '811', name: 'East Riding of Yorkshire', ons: 'E06000011', region: 'Yorkshire and The Humber', plansJan2025: 3695 },
  { code: '812', name: 'North East Lincolnshire', ons: 'E06000012', region: 'Yorkshire and The Humber', plansJan2025: 1983 },
  { code: '813', name: 'North Lincolnshire', ons: 'E06000013', region: 'Yorkshire and The Humber', plansJan2025: 1664 },
  { code: '815', name: 'North Yorkshire', ons: 'E10000023', region: 'Yorkshire and The Humber', plansJan2025: 5486 },
  { code: '816', name: 'York', ons: 'E06000014', region: 'Yorkshire and The Humber', plansJan2025: 1556 },
  { code: '821', name: 'Luton', ons: 'E06000032', region: 'East of England', plansJan2025: 2723 },
  { code: '822', name: 'Bedford', ons: 'E06000055', region: 'East of England', plansJan2025: 2170 },
  { code: '823', name: 'Central Bedfordshire', ons: 'E06000056', region: 'East of England', plansJan2025: 4035 },
  { code: '825', name: 'Buckinghamshire', ons: 'E10000002', region: 'South East', plansJan2025: 7217 },
  { code: '826', name: 'Milton Keynes', ons: 'E06000042', region: 'South East', plansJan2025: 2982 },
  { code: '830', name: 'Derbyshire', ons: 'E10000007', region: 'East Midlands', plansJan2025: 7625 },
  { code: '831', name: 'Derby', ons: 'E06000015', region: 'East Midlands', plansJan2025: 3735 },
  { code: '838', name: 'Dorset', ons: 'E06000059', region: 'South West', plansJan2025: 4333 },
  { code: '839', name: 'Bournemouth, Christchurch and Poole', ons: 'E06000058', region: 'South West', plansJan2025: 4432 },
  { code: '840', name: 'County Durham', ons: 'E06000047', region: 'North East', plansJan2025: 5390 },
  { code: '841', name: 'Darlington', ons: 'E06000005', region: 'North East', plansJan2025: 1122 },
  { code: '845', name: 'East Sussex', ons: 'E10000011', region: 'South East', plansJan2025: 4939 },
  { code: '846', name: 'Brighton and Hove', ons: 'E06000043', region: 'South East', plansJan2025: 2800 },
  { code: '850', name: 'Hampshire', ons: 'E10000014', region: 'South East', plansJan2025: 17784 },
  { code: '851', name: 'Portsmouth', ons: 'E06000044', region: 'South East', plansJan2025: 2310 },
  { code: '852', name: 'Southampton', ons: 'E06000045', region: 'South East', plansJan2025: 2785 },
  { code: '855', name: 'Leicestershire', ons: 'E10000018', region: 'East Midlands', plansJan2025: 7196 },
  { code: '856', name: 'Leicester', ons: 'E06000016', region: 'East Midlands', plansJan2025: 4057 },
  { code: '857', name: 'Rutland', ons: 'E06000017', region: 'East Midlands', plansJan2025: 376 },
  { code: '860', name: 'Staffordshire', ons: 'E10000028', region: 'West Midlands', plansJan2025: 8461 },
  { code: '861', name: 'Stoke-on-Trent', ons: 'E06000021', region: 'West Midlands', plansJan2025: 3405 },
  { code: '865', name: 'Wiltshire', ons: 'E06000054', region: 'South West', plansJan2025: 6383 },
  { code: '866', name: 'Swindon', ons: 'E06000030', region: 'South West', plansJan2025: 2772 },
  { code: '867', name: 'Bracknell Forest', ons: 'E06000036', region: 'South East', plansJan2025: 1654 },
  { code: '868', name: 'Windsor and Maidenhead', ons: 'E06000040', region: 'South East', plansJan2025: 1342 },
  { code: '869', name: 'West Berkshire', ons: 'E06000037', region: 'South East', plansJan2025: 1685 },
  { code: '870', name: 'Reading', ons: 'E06000038', region: 'South East', plansJan2025: 1966 },
  { code: '871', name: 'Slough', ons: 'E06000039', region: 'South East', plansJan2025: 2192 },
  { code: '872', name: 'Wokingham', ons: 'E06000041', region: 'South East', plansJan2025: 2206 },
  { code: '873', name: 'Cambridgeshire', ons: 'E10000003', region: 'East of England', plansJan2025: 8007 },
  { code: '874', name: 'Peterborough', ons: 'E06000031', region: 'East of England', plansJan2025: 2908 },
  { code: '876', name: 'Halton', ons: 'E06000006', region: 'North West', plansJan2025: 1712 },
  { code: '877', name: 'Warrington', ons: 'E06000007', region: 'North West', plansJan2025: 2309 },
  { code: '878', name: 'Devon', ons: 'E10000008', region: 'South West', plansJan2025: 9848 },
  { code: '879', name: 'Plymouth', ons: 'E06000026', region: 'South West', plansJan2025: 3081 },
  { code: '880', name: 'Torbay', ons: 'E06000027', region: 'South West', plansJan2025: 1643 },
  { code: '881', name: 'Essex', ons: 'E10000012', region: 'East of England', plansJan2025: 14240 },
  { code: '882', name: 'Southend-on-Sea', ons: 'E06000033', region: 'East of England', plansJan2025: 1992 },
  { code: '883', name: 'Thurrock', ons: 'E06000034', region: 'East of England', plansJan2025: 2508 },
  { code: '884', name: 'Herefordshire, County of', ons: 'E06000019', region: 'West Midlands', plansJan2025: 1717 },
  { code: '885', name: 'Worcestershire', ons: 'E10000034', region: 'West Midlands', plansJan2025: 6970 },
  { code: '886', name: 'Kent', ons: 'E10000016', region: 'South East', plansJan2025: 20635 },
  { code: '887', name: 'Medway', ons: 'E06000035', region: 'South East', plansJan2025: 3041 },
  { code: '888', name: 'Lancashire', ons: 'E10000017', region: 'North West', plansJan2025: 12317 },
  { code: '889', name: 'Blackburn with Darwen', ons: 'E06000008', region: 'North West', plansJan2025: 1522 },
  { code: '890', name: 'Blackpool', ons: 'E06000009', region: 'North West', plansJan2025: 1661 },
  { code: '891', name: 'Nottinghamshire', ons: 'E10000024', region: 'East Midlands', plansJan2025: 5422 },
  { code: '892', name: 'Nottingham', ons: 'E06000018', region: 'East Midlands', plansJan2025: 1909 },
  { code: '893', name: 'Shropshire', ons: 'E06000051', region: 'West Midlands', plansJan2025: 3016 },
  { code: '894', name: 'Telford and Wrekin', ons: 'E06000020', region: 'West Midlands', plansJan2025: 2439 },
  { code: '895', name: 'Cheshire East', ons: 'E06000049', region: 'North West', plansJan2025: 4871 },
  { code: '896', name: 'Cheshire West and Chester', ons: 'E06000050', region: 'North West', plansJan2025: 3808 },
  { code: '908', name: 'Cornwall', ons: 'E06000052', region: 'South West', plansJan2025: 4949 },
  { code: '916', name: 'Gloucestershire', ons: 'E10000013', region: 'South West', plansJan2025: 6412 },
  { code: '919', name: 'Hertfordshire', ons: 'E10000015', region: 'East of England', plansJan2025: 12920 },
  { code: '921', name: 'Isle of Wight', ons: 'E06000046', region: 'South East', plansJan2025: 1799 },
  { code: '925', name: 'Lincolnshire', ons: 'E10000019', region: 'East Midlands', plansJan2025: 8420 },
  { code: '926', name: 'Norfolk', ons: 'E10000020', region: 'East of England', plansJan2025: 12147 },
  { code: '929', name: 'Northumberland', ons: 'E06000057', region: 'North East', plansJan2025: 3873 },
  { code: '931', name: 'Oxfordshire', ons: 'E10000025', region: 'South East', plansJan2025: 7307 },
  { code: '933', name: 'Somerset', ons: 'E10000027', region: 'South West', plansJan2025: 5725 },
  { code: '935', name: 'Suffolk', ons: 'E10000029', region: 'East of England', plansJan2025: 8837 },
  { code: '936', name: 'Surrey', ons: 'E10000030', region: 'South East', plansJan2025: 16069 },
  { code: '937', name: 'Warwickshire', ons: 'E10000031', region: 'West Midlands', plansJan2025: 6868 },
  { code: '938', name: 'West Sussex', ons: 'E10000032', region: 'South East', plansJan2025: 9301 },
  { code: '940', name: 'North Northamptonshire', ons: 'E06000061', region: 'East Midlands', plansJan2025: 4551 },
  { code: '941', name: 'West Northamptonshire', ons: 'E06000062', region: 'East Midlands', plansJan2025: 4153 },
  { code: '942', name: 'Cumberland', ons: 'E06000063', region: 'North West', plansJan2025: 2893 },
  { code: '943', name: 'Westmorland and Furness', ons: 'E06000064', region: 'North West', plansJan2025: 2377 },
];

/** The 3-digit codes in code order. */
export const LA_CODES: readonly string[] = LAS.map((la) => la.code);

const byCode = new Map<string, LocalAuthority>(LAS.map((la) => [la.code, la]));
const byOns = new Map<string, LocalAuthority>(LAS.map((la) => [la.ons, la]));
const byName = new Map<string, LocalAuthority>();
for (const la of LAS) {
  byName.set(labelKey(la.name), la);
  // "Bristol, City of" is also written "Bristol" and "City of Bristol".
  const m = /^(.*), (City|County) of$/.exec(la.name);
  if (m) {
    byName.set(labelKey(m[1]), la);
    byName.set(labelKey(`${m[2]} of ${m[1]}`), la);
  }
}
byName.set(labelKey('BCP'), byCode.get('839') as LocalAuthority);
byName.set(labelKey('Hull'), byCode.get('810') as LocalAuthority);

/**
 * The LA a label names: its 3-digit DfE code (also as a number, or with leading spaces), its ONS code or its
 * name (case and punctuation ignored, "&" = "and"). Null when nothing matches, including retired codes such as
 * Cumbria's 909.
 * @example laOf('202')?.name        // 'Camden'
 * @example laOf(202)?.code          // '202'
 * @example laOf('E09000007')?.code  // '202'
 * @example laOf('westmorland & furness')?.code // '943'
 * @example laOf('909')              // null
 */
export function laOf(label: unknown): LocalAuthority | null {
  if (typeof label === 'number') return Number.isInteger(label) ? (byCode.get(String(label)) ?? null) : null;
  if (typeof label !== 'string') return null;
  const text = label.trim();
  return byCode.get(text) ?? byOns.get(text.toUpperCase()) ?? byName.get(labelKey(text)) ?? null;
}

/**
 * The code of the fictional "Example Council" that tutorials and tests use (scenarios/datasets/example-council.csv).
 * It is not one of the 153 and never appears in national figures, but data carrying it is not warned about.
 */
export const EXAMPLE_LA = { code: '999', name: 'Example Council' } as const;

/**
 * Whether a string is one of the 153 3-digit DfE codes in use at January 2025, or the Example Council's 999.
 * @example isLaCode('202') // true
 * @example isLaCode('909') // false
 */
export function isLaCode(value: unknown): value is string {
  return typeof value === 'string' && (byCode.has(value) || value === EXAMPLE_LA.code);
}

/**
 * The name of the LA with a 3-digit code, or null.
 * @example laName('202') // 'Camden'
 * @example laName('909') // null
 */
export function laName(code: string): string | null {
  return byCode.get(code)?.name ?? (code === EXAMPLE_LA.code ? EXAMPLE_LA.name : null);
}

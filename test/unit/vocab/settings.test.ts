// The settings table (DESIGN §2): counts, DfE columns and labels, aliases, sectors and S251 lines.
import { describe, expect, it } from 'vitest';
import {
  DFE_AGGREGATE_PLACEMENTS,
  SETTINGS,
  SETTING_CODES,
  SETTING_LABEL_KEYS,
  governanceOf,
  isSettingCode,
  s251LinesOfSetting,
  sectorOfSetting,
  settingInfo,
  settingLabel,
  settingOf,
  topUpLineOf,
} from '../../../models/vocab/settings';
import { SECTOR_CODES } from '../../../models/vocab/sectors';
import { DSG_PLAN_CATEGORY_CODES } from '../../../models/vocab/dsg';
import { S251_LINE_CODES } from '../../../models/vocab/s251';
import { readSharedCsv, readSharedHeader } from '../data/shared-data';

describe('the settings table', () => {
  it('has the 15 settings of DESIGN §2 in order', () => {
    expect(SETTING_CODES).toEqual([
      'mainstream',
      'resourced',
      'special_maintained',
      'special_academy',
      'fe',
      'training_provider',
      'early_years',
      'iss',
      'nmss',
      'spi',
      'mainstream_independent',
      'ap',
      'ap_independent',
      'elsewhere',
      'unknown',
    ]);
  });

  it('has January 2025 counts that sum to 638,745, with none for independent AP', () => {
    expect(SETTINGS.reduce((s, x) => s + (x.plansJan2025 ?? 0), 0)).toBe(638745);
    expect(settingInfo('ap_independent').plansJan2025).toBeNull();
  });

  it.each([
    ['mainstream', 'maintained', 'mainstream', { la_maintained: '1.2.1', academy: '1.2.2' }, 246538],
    ['resourced', 'maintained', 'resourced', { la_maintained: '1.2.1', academy: '1.2.2' }, 24524],
    ['special_maintained', 'maintained', 'special', '1.2.1', 85920],
    ['special_academy', 'maintained', 'special', '1.2.2', 73932],
    ['fe', 'maintained', 'post16', '1.2.2', 70998],
    ['training_provider', 'maintained', 'post16', '1.2.2', 7485],
    ['early_years', 'maintained', 'other', '1.2.3', 4524],
    ['iss', 'independent', 'independent', '1.2.3', 29647],
    ['nmss', 'independent', 'independent', '1.2.3', 4381],
    ['spi', 'independent', 'post16', '1.2.3', 9675],
    ['mainstream_independent', 'independent', 'independent', '1.2.3', 7174],
    ['ap', 'ap', 'hospital_ap', { la_maintained: '1.2.1', academy: '1.2.2' }, 4858],
    ['ap_independent', 'ap', 'hospital_ap', '1.2.3', null],
    ['elsewhere', 'other', 'other', { commissioned: '1.2.3', direct_payment: '1.2.11' }, 49750],
    ['unknown', 'other', 'other', null, 19339],
  ] as const)('%s: sector %s, DSG plan category %s, S251 top-up %j, %s plans', (code, sector, dsg, s251, plans) => {
    const s = settingInfo(code);
    expect(s.sector).toBe(sector);
    expect(s.dsgPlanCategory).toBe(dsg);
    expect(s.s251TopUp).toEqual(s251);
    expect(s.plansJan2025).toBe(plans);
  });

  it('uses only known sectors, DSG categories and S251 lines', () => {
    for (const s of SETTINGS) {
      expect(SECTOR_CODES).toContain(s.sector);
      expect(DSG_PLAN_CATEGORY_CODES).toContain(s.dsgPlanCategory);
      for (const l of s251LinesOfSetting(s.code)) expect(S251_LINE_CODES).toContain(l.line);
      expect(s.label.length).toBeGreaterThan(3);
    }
  });

  it('names caseload columns that exist in caseload.csv, each used once', () => {
    const header = readSharedHeader('dfe-ehcp-2025/caseload.csv');
    const all = SETTINGS.flatMap((s) => s.dfeColumns);
    for (const c of all) expect(header).toContain(c);
    expect(new Set(all).size).toBe(all.length);
  });

  it('reproduces each January 2025 count from caseload.csv (England, all plans)', () => {
    const { records } = readSharedCsv('dfe-ehcp-2025/caseload.csv');
    const england = records.find((r) => r.time_period === '202425' && r.geographic_level === 'National' && r.breakdown_topic === 'All EHC plans');
    expect(england).toBeDefined();
    const row = england as Record<string, string>;
    for (const s of SETTINGS) {
      if (s.plansJan2025 === null) continue;
      expect(s.dfeColumns.reduce((sum, c) => sum + Number(row[c]), 0), s.code).toBe(s.plansJan2025);
    }
    expect(Number(row.ehcplans)).toBe(638745);
  });

  it('maps every "Type of placement" label of sen_needs_all_plans.csv, except totals that span settings', () => {
    const { records } = readSharedCsv('dfe-ehcp-2025/sen_needs_all_plans.csv');
    const labels = [...new Set(records.filter((r) => r.breakdown_topic === 'Type of placement').map((r) => r.breakdown))];
    expect(labels.length).toBeGreaterThan(30);
    for (const label of labels) {
      if (label in DFE_AGGREGATE_PLACEMENTS) expect(settingOf(label), label).toBeNull();
      else expect(settingOf(label), label).not.toBeNull();
    }
    // The setting's own dfeLabels list each label once.
    const listed = SETTINGS.flatMap((s) => s.dfeLabels);
    for (const label of labels) if (!(label in DFE_AGGREGATE_PLACEMENTS)) expect(listed).toContain(label);
  });
});

describe('settingOf', () => {
  it.each([
    ['Special - independent', 'iss'],
    ['Independent special school', 'iss'],
    ['Independent special', 'iss'],
    ['ISS', 'iss'],
    ['  independent   SPECIAL-school ', 'iss'],
    ['special_independent', 'iss'],
    ['Non-maintained special school', 'nmss'],
    ['NMSS', 'nmss'],
    ['Special - non-maintained', 'nmss'],
    ['Special - LA maintained', 'special_maintained'],
    ['Special academy', 'special_academy'],
    ['Special - Academy/free schools', 'special_academy'],
    ['Alternative provision', 'ap'],
    ['PRU', 'ap'],
    ['Pupil referral unit', 'ap'],
    ['AP/PRU - LA maintained', 'ap'],
    ['ap_pru_total', 'ap'],
    ['FE college', 'fe'],
    ['General FE and tertiary colleges', 'fe'],
    ['general_fe_tertiary_colleges', 'fe'],
    ['Specialist post-16 institution', 'spi'],
    ['SPI', 'spi'],
    ['FE - UKRLP provider', 'training_provider'],
    ['Mainstream school', 'mainstream'],
    ['Mainstream - academy', 'mainstream'],
    ['mainstream_free_school', 'mainstream'],
    ['Mainstream - independent', 'mainstream_independent'],
    ['Resourced provision', 'resourced'],
    ['SEN unit', 'resourced'],
    ['Mainstream - academy (SEN unit)', 'resourced'],
    ['mainstream_la_maintained_resourced_provision', 'resourced'],
    ['Early years', 'early_years'],
    ['Non-maintained early years', 'early_years'],
    ['Educated elsewhere', 'elsewhere'],
    ['EOTAS', 'elsewhere'],
    ['Elective home education', 'elsewhere'],
    ['Educated elsewhere - NEET', 'elsewhere'],
    ['neet_ntci', 'elsewhere'],
    ['Placement not recorded', 'unknown'],
    ['placement_unknown', 'unknown'],
    ['Independent alternative provision', 'ap_independent'],
    ['iss', 'iss'],
  ])('%j → %s', (label, code) => {
    expect(settingOf(label)).toBe(code);
  });

  it.each([['Mainstream - total'], ['Special - total'], ['FE - total'], ['mainstream_total'], ['special_total'], ['fe_total'], ['Independent'], ['hospital ward'], [''], ['   ']])(
    '%j → null',
    (label) => {
      expect(settingOf(label)).toBeNull();
    },
  );

  it('returns null for anything that is not text', () => {
    for (const v of [undefined, null, 12, {}, ['iss']]) expect(settingOf(v)).toBeNull();
  });

  it('maps every code, label, DfE column and alias to its own setting', () => {
    for (const s of SETTINGS) {
      for (const label of [s.code, s.label, ...s.dfeColumns, ...s.dfeLabels, ...s.aliases]) expect(settingOf(label), label).toBe(s.code);
    }
    expect(SETTING_LABEL_KEYS.size).toBeGreaterThan(150);
  });
});

describe('setting helpers', () => {
  it.each([
    ['mainstream', 'academy', '1.2.2'],
    ['mainstream', 'la_maintained', '1.2.1'],
    ['mainstream', undefined, null],
    ['ap', 'academy', '1.2.2'],
    ['iss', undefined, '1.2.3'],
    ['iss', 'academy', '1.2.3'],
    ['elsewhere', undefined, '1.2.3'],
    ['unknown', undefined, null],
  ] as const)('topUpLineOf(%s, %s) = %s', (code, gov, line) => {
    expect(topUpLineOf(code, gov)).toBe(line);
  });

  it('gives the direct-payment line for elsewhere when asked', () => {
    expect(topUpLineOf('elsewhere', null, true)).toBe('1.2.11');
  });

  it('lists S251 lines per setting', () => {
    expect(s251LinesOfSetting('mainstream')).toEqual([
      { line: '1.2.1', governance: 'la_maintained' },
      { line: '1.2.2', governance: 'academy' },
    ]);
    expect(s251LinesOfSetting('iss')).toEqual([{ line: '1.2.3' }]);
    expect(s251LinesOfSetting('unknown')).toEqual([]);
    expect(s251LinesOfSetting('nonsense')).toEqual([]);
  });

  it('gives sectors and labels for dictionary strings', () => {
    expect(sectorOfSetting('spi')).toBe('independent');
    expect(sectorOfSetting('ap_independent')).toBe('ap');
    expect(sectorOfSetting('bogus')).toBe('other');
    expect(settingLabel('iss')).toBe('Independent special school');
    expect(settingLabel('bogus')).toBe('bogus');
    expect(isSettingCode('iss')).toBe(true);
    expect(isSettingCode('ISS')).toBe(false);
  });

  it.each([
    ['Academy converter', 'academy'],
    ['free school', 'academy'],
    ['LA maintained', 'la_maintained'],
    ['Voluntary aided', 'la_maintained'],
    ['la_maintained', 'la_maintained'],
    ['private', null],
  ])('governanceOf(%j) = %s', (label, g) => {
    expect(governanceOf(label)).toBe(g);
  });
});

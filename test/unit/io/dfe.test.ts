// DfE statistics readers on the real published files: totals per year against reference-figures.csv, the file
// quirks (BOM, quoted names with commas, x/z/c markers, levels, breakdowns) and the flow summary.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  readCaseload, readNeeds, readNewPlans, readCeasedPlans, caseloadBy, needsBy, newPlansBy, ceasedBy, yearFlows, ageBandOf,
  DfeFormatError, DFE_SETTINGS, DFE_NEEDS, CEASE_REASON_CODES,
} from '../../../models/io/dfe';
import { SETTINGS } from '../../../models/vocab/settings';
import { LAS } from '../../../models/vocab/las';
import { SHARED_DATA, readSharedCsv } from '../data/shared-data';

const text = (f: string) => readFileSync(path.join(SHARED_DATA, 'dfe-ehcp-2025', f), 'utf8');
const caseload = readCaseload(text('caseload.csv'));
const needs = readNeeds(text('sen_needs_all_plans.csv'));
const newPlans = readNewPlans(text('newplans.csv'));
const ceased = readCeasedPlans(text('ceased_plans.csv'));

/** reference-figures.csv rows for one metric, by year label ("Jan 2025", "calendar 2024"). */
function reference(metric: string, breakdown: string): Map<string, number> {
  const { records } = readSharedCsv('../reference/reference-figures.csv');
  return new Map(records.filter((r) => r.metric === metric && r.breakdown === breakdown).map((r) => [r.year, Number(r.value)]));
}

describe('national totals match reference-figures.csv', () => {
  it('active plans each January 2019–2025 (638,745 in 2025, 576,474 in 2024)', () => {
    const ref = reference('EHCP count (active plans, ages 0-25)', 'all placements');
    expect(ref.size).toBe(7);
    for (const [label, value] of ref) {
      const year = Number(label.slice(4));
      const rows = caseloadBy(caseload, { year, level: 'national', breakdown: 'total' });
      expect(rows.length, label).toBe(1);
      expect(rows[0].total, label).toBe(value);
    }
    expect(caseloadBy(caseload, { year: 2025, level: 'national', breakdown: 'total' })[0].total).toBe(638745);
    expect(caseloadBy(caseload, { period: '202324', level: 'national', breakdown: 'total' })[0].total).toBe(576474);
  });

  it('new plans each calendar year 2019–2024 (97,747 in 2024)', () => {
    const ref = reference('New EHC plans started', 'England');
    expect(ref.size).toBe(6);
    for (const [label, value] of ref) expect(newPlansBy(newPlans, { year: Number(label.slice(-4)), level: 'national', breakdown: 'total' })[0].total, label).toBe(value);
    expect(newPlansBy(newPlans, { year: 2024, level: 'national', breakdown: 'total' })[0].total).toBe(97747);
  });

  it('ceased plans 2022–2024 (44,862 in 2024), and the reasons as published', () => {
    const ref = reference('EHC plans ceased', 'England');
    expect(ref.size).toBe(3);
    for (const [label, value] of ref) {
      const row = ceasedBy(ceased, { year: Number(label.slice(-4)), level: 'national', breakdown: 'total' })[0];
      expect(row.total, label).toBe(value);
      // As published, the reasons fall a few plans short of the total (6 in 2023, 1 in 2024): read, not adjusted.
      const reasons = CEASE_REASON_CODES.reduce((a, k) => a + (row.byReason[k] ?? 0), 0);
      expect(value - reasons, label).toBeGreaterThanOrEqual(0);
      expect(value - reasons, label).toBeLessThanOrEqual(6);
    }
    expect(ceasedBy(ceased, { year: 2024, level: 'national', breakdown: 'total' })[0].total).toBe(44862);
  });
});

describe('caseload.csv', () => {
  it('maps placement columns to settings: January 2025 England matches the DESIGN §2 counts', () => {
    const row = caseloadBy(caseload, { year: 2025, level: 'national', breakdown: 'total' })[0];
    for (const s of SETTINGS) if (s.plansJan2025 !== null) expect(row.bySetting[s.code as (typeof DFE_SETTINGS)[number]], s.code).toBe(s.plansJan2025);
    expect(DFE_SETTINGS.reduce((a, s) => a + (row.bySetting[s] ?? 0), 0)).toBe(638745);
  });

  it('reads 153 LAs in 2025 with their 3-digit and ONS codes; quoted names with commas are whole', () => {
    const las = caseloadBy(caseload, { year: 2025, level: 'la', breakdown: 'total' });
    expect(las.length).toBe(153);
    for (const la of LAS) {
      const r = las.find((x) => x.la === la.code);
      expect(r?.ons, la.name).toBe(la.ons);
      expect(r?.total, la.name).toBe(la.plansJan2025);
    }
    expect(las.find((r) => r.la === '801')?.laName).toBe('Bristol, City of');
    expect(las.every((r) => r.level === 'la' && r.regionName !== null)).toBe(true);
  });

  it('keeps x as null with its marker: Cambridgeshire and North East Lincolnshire have no placement split in 2025', () => {
    for (const la of ['873', '812']) {
      const r = caseloadBy(caseload, { year: 2025, level: 'la', la, breakdown: 'total' })[0];
      expect(r.total).toBeGreaterThan(0);
      expect(r.columns.special_independent).toBeNull();
      expect(r.markers.special_independent).toBe('x');
      expect(DFE_SETTINGS.every((s) => r.bySetting[s] === null)).toBe(true);
    }
  });

  it('for the other 151 LAs the settings add up to the LA total', () => {
    const las = caseloadBy(caseload, { year: 2025, level: 'la', breakdown: 'total' }).filter((r) => r.la !== '873' && r.la !== '812');
    expect(las.length).toBe(151);
    for (const r of las) expect(DFE_SETTINGS.reduce((a, s) => a + (r.bySetting[s] as number), 0), r.laName!).toBe(r.total);
  });

  it('reads age rows: "under 3" covers 0–2, and ages add up to each LA total', () => {
    const rows = caseloadBy(caseload, { year: 2025, level: 'la', la: '202', breakdown: 'age' });
    // Zero cells are omitted (Camden has no 25-year-old): every row is an age, none twice.
    expect(rows.every((r) => r.age !== null)).toBe(true);
    expect(new Set(rows.map((r) => r.breakdown)).size).toBe(rows.length);
    expect(rows.reduce((a, r) => a + (r.total ?? 0), 0)).toBe(LAS.find((l) => l.code === '202')!.plansJan2025);
    const national = caseloadBy(caseload, { year: 2025, level: 'national', breakdown: 'age' });
    expect(national.length).toBe(24);
    expect(national.find((r) => r.breakdown === 'age 25')?.total).toBe(371);
  });

  it('regional rows add up to England', () => {
    const regions = caseloadBy(caseload, { year: 2025, level: 'regional', breakdown: 'total' });
    expect(regions.length).toBe(9);
    expect(regions.reduce((a, r) => a + (r.total ?? 0), 0)).toBe(638745);
    expect(caseloadBy(caseload, { year: 2025, level: 'regional', region: 'London', breakdown: 'total' })[0].regionCode).toBe('E12000007');
  });
});

describe('sen_needs_all_plans.csv', () => {
  it('England by need: ASD 201,183; the 13 needs add up to 638,745; DS is inside OTH', () => {
    const row = needsBy(needs, { year: 2025, level: 'national', breakdown: 'total' })[0];
    expect(row.byNeed.ASD).toBe(201183);
    expect(DFE_NEEDS).not.toContain('DS');
    expect(DFE_NEEDS.reduce((a, n) => a + (row.byNeed[n] ?? 0), 0)).toBe(638745);
  });

  it('placement rows name settings; totals are flagged and left out, so detail rows add up to England', () => {
    const rows = needsBy(needs, { year: 2025, level: 'national', breakdown: 'placement' });
    expect(rows.every((r) => r.setting !== null && !r.placementTotal)).toBe(true);
    expect(rows.reduce((a, r) => a + (r.total ?? 0), 0)).toBe(638745);
    expect(rows.find((r) => r.setting === 'iss')?.byNeed.SEMH).toBe(10927);
    expect(needs.some((r) => r.breakdown === 'Mainstream - total' && r.placementTotal && r.setting === null)).toBe(true);
  });

  it('Surrey\'s breakdowns are suppressed (null, marker x) but its totals are published', () => {
    const total = needsBy(needs, { year: 2025, level: 'la', la: '936', breakdown: 'total' })[0];
    expect(total.total).toBe(16069);
    expect(total.byNeed.ASD).toBe(5601);
    const ages = needsBy(needs, { year: 2025, level: 'la', la: '936', breakdown: 'age' });
    expect(ages.every((r) => r.byNeed.ASD === null && r.markers.number_asd === 'x' && r.total !== null)).toBe(true);
  });

  it('Cambridgeshire\'s placement split is here: all 8,007 "Placement not recorded"', () => {
    const rows = needsBy(needs, { year: 2025, level: 'la', la: '873', breakdown: 'placement' }).filter((r) => (r.total ?? 0) > 0);
    expect(rows.map((r) => [r.setting, r.total])).toEqual([['unknown', 8007]]);
  });
});

describe('newplans.csv and ceased_plans.csv', () => {
  it('new plans by age band ("age 2 and under" … "age 20 and over") add up to the total, and settings do too', () => {
    const bands = newPlansBy(newPlans, { year: 2024, level: 'national', breakdown: 'age' });
    expect(bands.map((r) => r.age)).toContainEqual({ label: 'age 20 and over', min: 20, max: 25 });
    expect(bands.reduce((a, r) => a + (r.total ?? 0), 0)).toBe(97747);
    const total = newPlansBy(newPlans, { year: 2024, level: 'national', breakdown: 'total' })[0];
    // online_provider, w_settings and other_schools are x in newplans.csv: DfE's ed_elsewhere subtotal is used.
    expect(total.markers.online_provider).toBe('x');
    expect(DFE_SETTINGS.reduce((a, s) => a + (total.bySetting[s] as number), 0)).toBe(97747);
  });

  it('ceased plans by last placement add up to the total (2024)', () => {
    const rows = ceasedBy(ceased, { year: 2024, level: 'national', breakdown: 'placement' });
    expect(rows.every((r) => r.setting !== null)).toBe(true);
    expect(rows.reduce((a, r) => a + (r.total ?? 0), 0)).toBe(44862);
  });

  it('yearFlows: 2024 starts, ceases, leaver rates by age and the net other change (DESIGN §3)', () => {
    const f = yearFlows({ caseload, newPlans, ceased }, { year: 2024 });
    expect([f.stockAtStart, f.stockAtEnd, f.started, f.ceased]).toEqual([576474, 638745, 97747, 44862]);
    expect(f.netOther).toBe(638745 - 576474 - 97747 + 44862);
    expect(f.netOtherRate).toBeGreaterThan(0.015);
    expect(f.netOtherRate).toBeLessThan(0.03);
    expect(f.byAge.reduce((a, b) => a + b.started, 0)).toBe(97747);
    expect(f.byAge.reduce((a, b) => a + b.ceased, 0) + f.ceasedAgeUnknown).toBe(44862);
    const over20 = f.byAge.find((b) => b.band.label === 'age 20 and over')!;
    expect(over20.band).toEqual({ label: 'age 20 and over', min: 20, max: 25 });
    expect(over20.ceaseRate).toBeGreaterThan(f.byAge.find((b) => b.band.label === 'age 10')!.ceaseRate);
    expect(Object.values(f.ceasedBySetting!).reduce((a, b) => a + b, 0)).toBe(44862);
  });

  it('yearFlows for one LA, and a clear error for a year that is not published', () => {
    const camden = yearFlows({ caseload, newPlans, ceased }, { year: 2024, la: '202' });
    expect(camden.stockAtEnd).toBe(1607);
    expect(() => yearFlows({ caseload, newPlans, ceased }, { year: 2025 })).toThrow(/not published/);
  });
});

describe('reading rules', () => {
  it('age labels', () => {
    expect(ageBandOf('under 3')).toEqual({ label: 'under 3', min: 0, max: 2 });
    expect(ageBandOf('age 2 and under')).toEqual({ label: 'age 2 and under', min: 0, max: 2 });
    expect(ageBandOf('age 7')).toEqual({ label: 'age 7', min: 7, max: 7 });
    expect(ageBandOf('Age unknown')).toBeNull();
    expect(ageBandOf('unknown')).toBeNull();
  });

  it('BOM, CRLF, quoted names, z and c markers on a small file', () => {
    const header = 'time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,new_la_code,old_la_code,la_name,breakdown_topic,breakdown,total_ceased,max_age,needs_met,he,employ,transfer,no_engage,moved_outside_eng,deceased,not_rec,other';
    const row = '2024,Calendar year,Local authority,E92000001,England,E12000009,South West,E06000023,801,"Bristol, City of",All ceased EHC plans,All ceased EHC plans,10,1,2,z,c,3,0,0,0,0,4';
    const [r] = readCeasedPlans(`\ufeff${header}\r\n${row}\r\n`);
    expect(r.laName).toBe('Bristol, City of');
    expect(r.byReason.he).toBeNull();
    expect(r.markers).toEqual({ he: 'z', employ: 'c' });
    expect(r.total).toBe(10);
    expect(r.year).toBe(2024);
  });

  it('names the file and the missing columns when given the wrong file, and the row and column of a bad value', () => {
    expect(() => readNeeds(text('newplans.csv').slice(0, 5000), { file: 'newplans.csv' })).toThrow(/newplans\.csv: not the DfE file expected: it has no column "ehc_plans"/);
    const bad = text('ceased_plans.csv').split('\n').slice(0, 3);
    bad[2] = bad[2].replace(/,\d+\r?$/, ',lots');
    expect(() => readCeasedPlans(bad.join('\n'))).toThrow(DfeFormatError);
    expect(() => readCeasedPlans(bad.join('\n'))).toThrow(/ceased_plans\.csv: row 3, column total_ceased: "lots"/);
  });
});

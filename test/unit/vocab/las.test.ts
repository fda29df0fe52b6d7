// The 153 LAs: the committed list equals DfE's January 2025 extract, and laOf reads codes, ONS codes and names.
import { describe, expect, it } from 'vitest';
import { LAS, LA_CODES, REGIONS, isLaCode, laName, laOf } from '../../../models/vocab/las';
import { readSharedCsv } from '../data/shared-data';

describe('the LA list', () => {
  it('is exactly the 153 LAs of ehcp_by_la_jan2024_jan2025.csv at January 2025 (rebuilds to the same list)', () => {
    const { records } = readSharedCsv('ehcp_by_la_jan2024_jan2025.csv');
    const expected = records
      .filter((r) => r.census_date === '2025-01')
      .map((r) => ({ code: r.old_la_code, name: r.la_name, ons: r.new_la_code, region: r.region_name, plansJan2025: Number(r.ehcplans) }))
      .sort((a, b) => Number(a.code) - Number(b.code));
    expect(LAS).toEqual(expected);
    expect(LAS).toHaveLength(153);
  });

  it('sums to 638,745 plans, has unique 3-digit codes and 9-character ONS codes, in known regions', () => {
    expect(LAS.reduce((s, la) => s + la.plansJan2025, 0)).toBe(638745);
    expect(new Set(LA_CODES).size).toBe(153);
    for (const la of LAS) {
      expect(la.code).toMatch(/^\d{3}$/);
      expect(la.ons).toMatch(/^E\d{8}$/);
      expect(REGIONS).toContain(la.region);
    }
  });
});

describe('laOf', () => {
  it.each([
    ['202', '202'],
    [' 202 ', '202'],
    [202, '202'],
    ['E09000007', '202'],
    ['e09000007', '202'],
    ['Camden', '202'],
    ['camden', '202'],
    ['Bristol, City of', '801'],
    ['Bristol', '801'],
    ['City of Bristol', '801'],
    ['Westmorland & Furness', '943'],
    ['Westmorland and Furness', '943'],
    ['Hull', '810'],
    ['909', null],
    ['Cumbria', null],
    [202.5, null],
    ['', null],
  ])('%j → %s', (label, code) => {
    expect(laOf(label)?.code ?? null).toBe(code);
  });

  it('names codes', () => {
    expect(laName('202')).toBe('Camden');
    expect(laName('909')).toBeNull();
    expect(isLaCode('936')).toBe(true);
    expect(isLaCode('909')).toBe(false);
  });
});

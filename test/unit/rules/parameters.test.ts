// Dated parameters: look-up at every effective-date boundary, keyed tables with "*", and indexation whose
// future-dated changes never freeze earlier uprating.
import { describe, expect, it } from 'vitest';
import { indexOn, lookupKeyed, valueOn } from '../../../models/rules/parameters';
import type { Parameter, Rulebook } from '../../../models/rules/rulebook';
import { financialYearOf, fyLabel, fyStartYear, parseDate } from '../../../models/projection/calendar';

const p: Parameter = {
  label: 'Place funding', unit: '£',
  values: [
    { from: '2024-04-01', value: 10000, source: 'a' },
    { from: '2026-09-01', value: 11000, source: 'b' },
    { from: '2025-04-01', value: 10500, source: 'c' }, // out of order on purpose: order in the file must not matter
  ],
};

describe('valueOn', () => {
  it.each([
    ['2024-03-31', null],
    ['2024-04-01', 10000],
    ['2025-03-31', 10000],
    ['2025-04-01', 10500],
    ['2026-08-31', 10500],
    ['2026-09-01', 11000],
    ['2040-01-01', 11000],
  ])('on %s the value is %s', (date, expected) => {
    expect(valueOn(p, date)?.value ?? null).toBe(expected);
  });
});

describe('lookupKeyed', () => {
  const table = { B1: { iss: 40000, mainstream: 1600, '*': 9000 }, '*': { '*': 1 } };
  it.each([
    [['B1', 'iss'], 40000],
    [['B1', 'mainstream'], 1600],
    [['B1', 'fe'], 9000], // falls back to the band's "*"
    [['B9', 'iss'], 1], // falls back to the outer "*"
  ] as const)('%j → %s', (keys, expected) => {
    expect(lookupKeyed(table, keys)).toBe(expected);
  });
  it('is undefined when nothing matches, and never reads inherited properties', () => {
    expect(lookupKeyed({ B1: { iss: 1 } }, ['B2', 'iss'])).toBeUndefined();
    expect(lookupKeyed({ B1: { iss: 1 } }, ['constructor', 'iss'])).toBeUndefined();
  });
});

function rulebookWithRates(values: Parameter['values']): Rulebook {
  return {
    schemaVersion: 1, id: 't', name: 't', description: '', illustrative: true,
    parameters: { uplift: { label: 'Uplift', unit: 'fraction', values } },
    indexation: { idx: { label: 'Index', baseYear: '2025-26', rate: 'uplift' } },
    bands: { method: 'rules', list: [] }, tariff: { formula: '1' }, exceptions: [],
  };
}

describe('indexOn', () => {
  const ix = { label: 'Index', baseYear: '2025-26', rate: 'uplift' };
  const rates = [
    { from: '2025-04-01', value: 0, source: 'base' },
    { from: '2026-04-01', value: 0.02, source: '2%' },
  ];

  it.each([
    // base year: 1; each later FY multiplies by 1.02 (hand: 1.02² = 1.0404, 1.02³ = 1.061208)
    ['2025-04-01', 1],
    ['2026-03-31', 1],
    ['2026-04-01', 1.02],
    ['2027-06-30', 1.0404],
    ['2028-04-01', 1.061208],
  ])('on %s the index is %s', (date, expected) => {
    expect(indexOn(rulebookWithRates(rates), ix, date).value).toBeCloseTo(expected, 12);
  });

  it('a future-dated rate change keeps all earlier uprating and applies only from its year', () => {
    const withChange = rulebookWithRates([...rates, { from: '2028-04-01', value: 0.05, source: 'from 2028-29' }]);
    // Years before the change are untouched.
    expect(indexOn(withChange, ix, '2027-06-30').value).toBeCloseTo(1.0404, 12);
    // 2028-29: 1.02 (2026-27) × 1.02 (2027-28) × 1.05 (2028-29) = 1.09242
    expect(indexOn(withChange, ix, '2028-06-30').value).toBeCloseTo(1.09242, 12);
    // 2029-30: × 1.05 again = 1.147041
    const r = indexOn(withChange, ix, '2029-04-01');
    expect(r.value).toBeCloseTo(1.147041, 12);
    expect(r.steps.map((s) => `${s.year}:${s.rate}`)).toEqual(['2026-27:0.02', '2027-28:0.02', '2028-29:0.05', '2029-30:0.05']);
  });

  it('deflates years before the base year', () => {
    const rb = rulebookWithRates([{ from: '2020-04-01', value: 0.04, source: 'x' }]);
    // 2024-25 is one year before the 2025-26 base: 1 / 1.04
    expect(indexOn(rb, ix, '2024-12-01').value).toBeCloseTo(1 / 1.04, 12);
  });
});

describe('calendar', () => {
  it.each([
    ['2026-03-31', '2025-26'],
    ['2026-04-01', '2026-27'],
    ['2027-01-15', '2026-27'],
    ['2000-04-01', '2000-01'],
    ['2099-12-31', '2099-00'],
  ])('%s is in financial year %s', (d, fy) => {
    expect(financialYearOf(d)).toBe(fy);
  });
  it('round-trips labels and refuses bad ones', () => {
    expect(fyLabel(fyStartYear('2029-30'))).toBe('2029-30');
    expect(() => fyStartYear('2029-31')).toThrow('not a financial year');
    expect(() => parseDate('2025-02-29')).toThrow('not a calendar date');
    expect(parseDate('2024-02-29')).toEqual([2024, 2, 29]);
  });
});

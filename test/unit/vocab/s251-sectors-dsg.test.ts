// S251 lines, sectors and DSG management plan categories.
import { describe, expect, it } from 'vitest';
import { S251_LINES, S251_LINE_CODES, s251LineInfo, s251LineOf } from '../../../models/vocab/s251';
import { SECTORS, SECTOR_CODES, sectorInfo, sectorOf } from '../../../models/vocab/sectors';
import { DSG_PLAN_CATEGORIES, dsgPlanCategoryOf } from '../../../models/vocab/dsg';
import { labelKey, labelLookup } from '../../../models/vocab/aliases';

describe('S251 lines', () => {
  it('lists 1.0.2, 1.2.1 … 1.2.13 and 1.9.3', () => {
    expect(S251_LINE_CODES).toEqual(['1.0.2', '1.2.1', '1.2.2', '1.2.3', '1.2.4', '1.2.5', '1.2.6', '1.2.7', '1.2.8', '1.2.9', '1.2.10', '1.2.11', '1.2.12', '1.2.13', '1.9.3']);
  });

  it.each([
    ['1.2.3', '1.2.3'],
    [' 1.2.1 ', '1.2.1'],
    ['1.2.11 Direct payments', '1.2.11'],
    ['line 1.2.13', '1.2.13'],
    ['1.2.1', '1.2.1'],
    ['1.2.10', '1.2.10'],
    ['12.1', null],
    ['1.2.14', null],
    ['Top-up funding: maintained schools', '1.2.1'],
    ['therapies and other health-related services', '1.2.13'],
    ['SEN support services', '1.2.5'],
  ])('%j → %s', (label, code) => {
    expect(s251LineOf(label)).toBe(code);
  });

  it('has a label and a source for every line; the top-up lines are 1.2.1–1.2.3', () => {
    for (const l of S251_LINES) {
      expect(l.label.length).toBeGreaterThan(5);
      expect(l.source.length).toBeGreaterThan(5);
    }
    expect(S251_LINES.filter((l) => l.kind === 'top_up').map((l) => l.code)).toEqual(['1.2.1', '1.2.2', '1.2.3']);
    expect(s251LineInfo('1.9.3').kind).toBe('balance');
  });
});

describe('sectors', () => {
  it('has the four sectors in reporting order', () => {
    expect(SECTOR_CODES).toEqual(['maintained', 'independent', 'ap', 'other']);
    expect(SECTORS.every((s) => s.description.length > 10)).toBe(true);
  });

  it.each([
    ['State-funded', 'maintained'],
    ['independent', 'independent'],
    ['Alternative provision', 'ap'],
    ['Other', 'other'],
    ['x', null],
  ])('%j → %s', (label, code) => {
    expect(sectorOf(label)).toBe(code);
  });

  it('describes each sector', () => {
    expect(sectorInfo('ap').label).toBe('Alternative provision');
  });
});

describe('DSG plan categories', () => {
  it('has the seven categories of the management plan template', () => {
    expect(DSG_PLAN_CATEGORIES.map((c) => c.label)).toEqual([
      'Mainstream',
      'Resourced provision / SEN units',
      'Maintained special & special academies',
      'NMSS / independent',
      'Hospital / AP',
      'Post-16 / FE',
      'Other',
    ]);
    expect(dsgPlanCategoryOf('NMSS / independent')).toBe('independent');
    expect(dsgPlanCategoryOf('maintained special and special academies')).toBe('special');
  });
});

describe('label matching', () => {
  it.each([
    ['Special - independent', 'specialindependent'],
    ['  SPECIAL   independent ', 'specialindependent'],
    ['Profound & multiple', 'profoundandmultiple'],
    ['Café', 'cafe'],
  ])('labelKey(%j) = %s', (label, key) => {
    expect(labelKey(label)).toBe(key);
  });

  it('refuses a vocabulary where one label means two codes', () => {
    expect(() => labelLookup([['a', ['Same']], ['b', ['same']]] as const)).toThrow(/both a and b/);
  });
});

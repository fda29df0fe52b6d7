// Ages, phases, DSG age groups and the NCY offset, at every boundary.
import { describe, expect, it } from 'vitest';
import {
  DSG_AGE_GROUPS,
  NCY_OFFSET,
  PHASES,
  ageFromNcy,
  dsgAgeGroupOfAge,
  ncyFromAge,
  phaseIndexOfAge,
  phaseOf,
  phaseOfAge,
} from '../../../models/vocab/phases';

describe('phaseOfAge', () => {
  it.each([
    [0, 'early_years'],
    [4, 'early_years'],
    [4.99, 'early_years'],
    [5, 'primary'],
    [10, 'primary'],
    [11, 'secondary'],
    [15, 'secondary'],
    [16, 'post16'],
    [19, 'post16'],
    [20, 'post19'],
    [25, 'post19'],
    [25.5, 'post19'],
    [26, null],
    [-1, null],
    [NaN, null],
    [Infinity, null],
  ])('age %s → %s', (age, phase) => {
    expect(phaseOfAge(age)).toBe(phase);
  });

  it('gives −1 for the index outside 0–25', () => {
    expect(phaseIndexOfAge(12)).toBe(2);
    expect(phaseIndexOfAge(NaN)).toBe(-1);
  });

  it('covers 0–25 without gaps or overlaps', () => {
    for (const groups of [PHASES, DSG_AGE_GROUPS]) {
      expect(groups[0].minAge).toBe(0);
      expect(groups[groups.length - 1].maxAge).toBe(25);
      for (let i = 1; i < groups.length; i++) expect(groups[i].minAge).toBe(groups[i - 1].maxAge + 1);
    }
  });
});

describe('dsgAgeGroupOfAge', () => {
  it.each([
    [0, 'under5'],
    [4, 'under5'],
    [5, '5-10'],
    [10, '5-10'],
    [11, '11-15'],
    [15, '11-15'],
    [16, '16-19'],
    [19, '16-19'],
    [20, '20-25'],
    [25, '20-25'],
    [26, null],
  ])('age %s → %s', (age, group) => {
    expect(dsgAgeGroupOfAge(age)).toBe(group);
  });
});

describe('NCY', () => {
  it('is a documented parameter: 4 years, with its source', () => {
    expect(NCY_OFFSET.value).toBe(4);
    expect(NCY_OFFSET.source).toMatch(/Reception = NCY 0/);
  });

  it.each([
    [-4, 0],
    [0, 4],
    [7, 11],
    [11, 15],
    [21, 25],
  ])('NCY %s ↔ age %s', (ncy, age) => {
    expect(ageFromNcy(ncy)).toBe(age);
    expect(ncyFromAge(age)).toBe(ncy);
  });

  it('takes another offset', () => {
    expect(ageFromNcy(7, 5)).toBe(12);
  });
});

describe('phaseOf', () => {
  it.each([
    ['KS3', 'secondary'],
    ['post 16', 'post16'],
    ['Post-19', 'post19'],
    ['Primary', 'primary'],
    ['Reception', 'early_years'],
    ['primary', 'primary'],
    ['Nonsense', null],
  ])('%j → %s', (label, phase) => {
    expect(phaseOf(label)).toBe(phase);
  });
});

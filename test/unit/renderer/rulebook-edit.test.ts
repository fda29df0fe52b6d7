// Pure edits of a rulebook (views/rulebook/edit.ts): values by financial year from 1 April, sources, bands, the
// formula and the diff, against the shipped illustrative rulebook; plus the number formats and the error mark.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Rulebook } from '../../../models/rules/rulebook';
import { loadRulebook } from '../../../models/rules/load';
import {
  areaCostParameter, diffRulebooks, effectiveAt, entryInYear, fyOfDate, fyStart, keyPaths, literalAt, missingSources, needsSource, setBandField, setFormula, setSource, setYearValue, SOURCE_NEEDED, tariffGridParameters,
} from '../../../renderer/src/views/rulebook/edit';
import { markedRange } from '../../../renderer/src/views/rulebook/FormulaField';
import { count, money, moneyChange, moneyExact, percentChange, readTypedNumber } from '../../../renderer/src/views/data/format';

const shipped = (file: string): Rulebook => JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../scenarios/rulebooks', file), 'utf8')) as Rulebook;
const bands = shipped('illustrative-national-bands.rulebook.json');

describe('financial years', () => {
  it.each([
    ['2025-26', '2025-04-01'],
    ['2027-28', '2027-04-01'],
    ['2029-30', '2029-04-01'],
  ])('%s starts on %s', (fy, date) => {
    expect(fyStart(fy)).toBe(date);
    expect(fyOfDate(date)).toBe(fy);
  });

  it.each([
    ['2026-03-31', '2025-26'],
    ['2026-04-01', '2026-27'],
    ['2027-01-16', '2026-27'],
  ])('%s falls in %s', (date, fy) => expect(fyOfDate(date)).toBe(fy));
});

describe('setYearValue: an edit in a year takes effect on 1 April of that year', () => {
  it('adds a dated value copied from the one in force, with a source still to give; later years follow, earlier do not', () => {
    const after = setYearValue(bands, 'base_price', ['B3', 'iss'], '2027-28', 50000);
    const p = after.parameters.base_price;
    expect(p.values.map((v) => v.from)).toEqual(['2025-04-01', '2027-04-01']);
    const added = p.values[1];
    expect(added.source.startsWith(SOURCE_NEEDED)).toBe(true);
    expect(needsSource(added.source)).toBe(true);
    expect(literalAt(added.value, ['B3', 'iss'])).toBe(50000);
    // Everything else is carried over unchanged.
    expect(literalAt(added.value, ['B3', 'nmss'])).toBe(45000);
    expect(literalAt(entryInYear(p, '2026-27')!.value, ['B3', 'iss'])).toBe(45000);
    expect(literalAt(entryInYear(p, '2029-30')!.value, ['B3', 'iss'])).toBe(50000);
    // The original is not mutated.
    expect(bands.parameters.base_price.values).toHaveLength(1);
  });

  it('changes the value already dated that day rather than adding another', () => {
    const once = setYearValue(bands, 'base_price', ['B3', 'iss'], '2027-28', 50000);
    const twice = setYearValue(once, 'base_price', ['B1', 'fe'], '2027-28', 9000);
    expect(twice.parameters.base_price.values).toHaveLength(2);
    expect(literalAt(twice.parameters.base_price.values[1].value, ['B3', 'iss'])).toBe(50000);
    expect(literalAt(twice.parameters.base_price.values[1].value, ['B1', 'fe'])).toBe(9000);
  });

  it('keeps dated values in date order when an earlier year is edited after a later one', () => {
    const later = setYearValue(bands, 'tariff_uplift', [], '2029-30', 0.03);
    const earlier = setYearValue(later, 'tariff_uplift', [], '2028-29', 0.025);
    expect(earlier.parameters.tariff_uplift.values.map((v) => v.from)).toEqual(['2025-04-01', '2026-04-01', '2027-04-01', '2028-04-01', '2029-04-01']);
  });

  it('the result is still a rulebook the engine loads (the placeholder source counts as a source)', () => {
    const edited = setYearValue(bands, 'base_price', ['B3', 'iss'], '2027-28', 50000);
    expect(loadRulebook(edited, { file: 'edited' }).rulebook).not.toBeNull();
  });
});

describe('keyed values', () => {
  it('lists every key path written, and reads "*" as the fallback', () => {
    expect(keyPaths(bands.parameters.base_price)).toHaveLength(6 * 13);
    expect(keyPaths(bands.parameters.tariff_uplift)).toEqual([[]]);
    const acf = bands.parameters.acf.values[0].value;
    expect(literalAt(acf, ['999'])).toBeUndefined();
    expect(effectiveAt(acf, ['999'])).toBe(1);
    expect(effectiveAt(acf, ['202'])).toBe(1.15);
  });

  it('finds the tariff grid and the area cost factor', () => {
    expect(tariffGridParameters(bands)).toEqual(['base_price']);
    expect(areaCostParameter(bands)).toBe('acf');
    const iss = shipped('iss-price-bands.rulebook.json');
    expect(tariffGridParameters(iss).sort()).toEqual(['day_price', 'residential_38_price', 'residential_52_price']);
  });
});

describe('sources, bands and the formula', () => {
  it('flags blank and placeholder sources only', () => {
    expect(needsSource('')).toBe(true);
    expect(needsSource('  ')).toBe(true);
    expect(needsSource(`${SOURCE_NEEDED} changed`)).toBe(true);
    expect(needsSource('DfE high needs operational guide')).toBe(false);
    expect(missingSources(bands)).toEqual([]);
    const edited = setSource(bands, 'acf', '2025-04-01', '');
    expect(missingSources(edited)).toEqual([{ name: 'acf', from: '2025-04-01' }]);
  });

  it('sets a band field and the formula without touching the rest', () => {
    const b = setBandField(bands, 1, 'when', 'true');
    expect(b.bands.list[1].when).toBe('true');
    expect(b.bands.list[0]).toBe(bands.bands.list[0]);
    expect(setFormula(bands, 'base_price').tariff).toEqual({ ...bands.tariff, formula: 'base_price' });
  });
});

describe('diffRulebooks', () => {
  it('finds nothing between a rulebook and itself', () => {
    expect(diffRulebooks(bands, bands).same).toBe(true);
  });

  it('shows a year-by-year change with the values before and after, and the new source', () => {
    const edited = setYearValue(bands, 'base_price', ['B3', 'iss'], '2027-28', 50000);
    const d = diffRulebooks(bands, edited);
    expect(d.same).toBe(false);
    expect(d.parameters).toHaveLength(1);
    const p = d.parameters[0];
    expect(p).toMatchObject({ name: 'base_price', kind: 'changed' });
    expect(p.changes).toEqual([
      {
        key: 'B3 × Independent special school',
        years: [
          { fy: '2027-28', before: 45000, after: 50000 },
          { fy: '2028-29', before: 45000, after: 50000 },
          { fy: '2029-30', before: 45000, after: 50000 },
        ],
      },
    ]);
    expect(p.sources).toEqual([{ from: '2027-04-01', before: undefined, after: expect.stringMatching(/^\[Source needed\]/) }]);
  });

  it('lists bands, the formula and parameters added or removed between different rulebooks', () => {
    const d = diffRulebooks(shipped('current-costs.rulebook.json'), bands);
    expect(d.formula).toEqual({ before: 'annual_cost * index', after: 'base_price * acf * index' });
    expect(d.bands.map((b) => [b.id, b.kind])).toContainEqual(['B6', 'added']);
    expect(d.parameters.find((p) => p.name === 'base_price')?.kind).toBe('added');
    expect(d.parameters.find((p) => p.name === 'cost_uplift')?.kind).toBe('removed');
    const rule = diffRulebooks(bands, setBandField(bands, 1, 'when', 'true')).bands;
    expect(rule).toEqual([{ id: 'B5', label: bands.bands.list[1].label, kind: 'changed', fields: [{ field: 'when', before: bands.bands.list[1].when, after: 'true' }] }]);
  });
});

describe('the error mark and number formats', () => {
  it.each([
    ['oneof(primary_need, "SLD") and foo > 3', 31, [31, 34]],
    ['age > ', 6, [6, 6]],
    ['age >> 3', 5, [5, 6]],
  ])('marks the token of %j at %i', (text, position, range) => expect(markedRange(text, position)).toEqual(range));

  it.each([
    [9739266671.4, '£9,739,266,671'],
    [-1200, '−£1,200'],
    [0, '£0'],
  ])('money(%d) is %s', (x, s) => expect(money(x)).toBe(s));

  it('writes pence only when there are any, changes with a sign, plans with separators', () => {
    expect(moneyExact(18250.5)).toBe('£18,250.50');
    expect(moneyExact(63500)).toBe('£63,500');
    expect(moneyChange(-324989043.66)).toBe('−£324,989,044');
    expect(moneyChange(5)).toBe('+£5');
    expect(percentChange(-0.0721)).toBe('−7.2%');
    expect(count(638745)).toBe('638,745');
  });

  it.each([
    ['46000', 46000],
    ['46,000', 46000],
    ['£46,000.50', 46000.5],
    [' 0.0211 ', 0.0211],
    ['−3', -3],
    ['12,34', null],
    ['forty', null],
    ['', null],
  ])('reads a typed %j as %s', (text, n) => expect(readTypedNumber(text)).toBe(n));
});

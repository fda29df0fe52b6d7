// The synthetic generator: reproducible, DfE's mix of settings, needs and ages, cited costs, and figures that match the DfE files.
import { describe, expect, it } from 'vitest';
import { generateSyntheticTable } from '../../../models/data/synthetic';
import {
  AGE_COUNTS_BY_SETTING,
  COST_MODELS,
  NEED_COUNTS_BY_SETTING,
  PROVIDER_POOLS,
  SETTING_AGE_RANGES,
  type DfeCountedSetting,
} from '../../../models/data/synthetic-figures';
import { buildTable, categoryColumn, categoryValue, numberColumn } from '../../../models/data/table';
import { summarise } from '../../../models/data/summary';
import { tableRows } from '../../../models/data/paged';
import { LA_CODES, LAS } from '../../../models/vocab/las';
import { NEEDS } from '../../../models/vocab/needs';
import { SETTINGS, SETTING_CODES, settingInfo } from '../../../models/vocab/settings';
import { readSharedCsv } from './shared-data';

const big = generateSyntheticTable({ rows: 200_000, seed: 7 });
const summary = summarise(big);

describe('reproducibility', () => {
  it('gives the identical table for the same seed, and a different one for another seed', () => {
    const a = generateSyntheticTable({ rows: 5000, seed: 42 });
    const b = generateSyntheticTable({ rows: 5000, seed: 42 });
    expect(b).toEqual(a);
    const c = generateSyntheticTable({ rows: 5000, seed: 43 });
    expect(numberColumn(c, 'annual_cost')).not.toEqual(numberColumn(a, 'annual_cost'));
  });

  it('makes the first k rows of a bigger table equal a k-row table (fixed draws per row)', () => {
    const small = generateSyntheticTable({ rows: 1000, seed: 9 });
    const larger = generateSyntheticTable({ rows: 3000, seed: 9 });
    for (const name of Object.keys(small.columns)) {
      const s = small.columns[name];
      const l = larger.columns[name];
      if (s.kind === 'number' && l.kind === 'number') expect([...l.values.slice(0, 1000)]).toEqual([...s.values]);
      if (s.kind === 'category' && l.kind === 'category') expect([...l.codes.slice(0, 1000)]).toEqual([...s.codes]);
    }
  });

  it('has unique ids and a count of 1 on every row', () => {
    expect(new Set(big.ids).size).toBe(big.rowCount);
    expect(numberColumn(big, 'count').every((c) => c === 1)).toBe(true);
    expect(generateSyntheticTable({ rows: 0, seed: 1 }).rowCount).toBe(0);
  });

  it.each([[-1], [1.5], [NaN]])('refuses %s rows', (rows) => {
    expect(() => generateSyntheticTable({ rows, seed: 1 })).toThrow(RangeError);
  });

  it('refuses an LA code that is not one of the 153', () => {
    expect(() => generateSyntheticTable({ rows: 10, seed: 1, las: ['909'] })).toThrow(/909/);
  });
});

describe('the mix at 200,000 rows', () => {
  it("follows DfE's January 2025 setting shares (within 5 standard errors)", () => {
    const n = big.rowCount;
    for (const s of SETTINGS) {
      const p = (s.plansJan2025 ?? 0) / 638745;
      const got = (summary.bySetting[s.code]?.plans ?? 0) / n;
      expect(Math.abs(got - p), s.code).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n) + 1e-4);
    }
    expect(summary.bySetting.ap_independent).toBeUndefined();
  });

  it('draws independent AP when asked, keeping the other shares in proportion', () => {
    const t = summarise(generateSyntheticTable({ rows: 50_000, seed: 3, apIndependentShare: 0.02 }));
    expect(t.bySetting.ap_independent.plans / t.plans).toBeCloseTo(0.02, 2);
  });

  it('follows the need mix: ASD 31.5%, SLCN 21.3%, SEMH 20.7% overall; ASD 38% and SEMH 37% in ISS', () => {
    const n = big.rowCount;
    expect(summary.byNeed.ASD.plans / n).toBeCloseTo(0.315, 2);
    expect(summary.byNeed.SLCN.plans / n).toBeCloseTo(0.213, 2);
    expect(summary.byNeed.SEMH.plans / n).toBeCloseTo(0.207, 2);
    const setting = categoryColumn(big, 'setting');
    const need = categoryColumn(big, 'primary_need');
    let iss = 0;
    let issAsd = 0;
    let issSemh = 0;
    for (let i = 0; i < n; i++) {
      if (categoryValue(setting, i) !== 'iss') continue;
      iss++;
      const v = categoryValue(need, i);
      if (v === 'ASD') issAsd++;
      if (v === 'SEMH') issSemh++;
    }
    expect(issAsd / iss).toBeGreaterThan(0.36);
    expect(issAsd / iss).toBeLessThan(0.4);
    expect(issSemh / iss).toBeGreaterThan(0.35);
    expect(issSemh / iss).toBeLessThan(0.39);
  });

  it("keeps every age inside its setting's range, peaking at 11–14", () => {
    const setting = categoryColumn(big, 'setting');
    const age = numberColumn(big, 'age');
    for (let i = 0; i < big.rowCount; i++) {
      const [lo, hi] = SETTING_AGE_RANGES[setting.dictionary[setting.codes[i]] as keyof typeof SETTING_AGE_RANGES];
      if (age[i] < lo || age[i] > hi || !Number.isInteger(age[i])) throw new Error(`row ${i}: age ${age[i]} in ${setting.dictionary[setting.codes[i]]}`);
    }
    const byAge = Object.entries(summary.byAge).map(([a, g]) => [Number(a), g.plans] as const);
    const peak = byAge.reduce((best, x) => (x[1] > best[1] ? x : best));
    expect(peak[0]).toBeGreaterThanOrEqual(11);
    expect(peak[0]).toBeLessThanOrEqual(14);
    expect(summary.byAge['17'].plans).toBeLessThan(summary.byAge['15'].plans);
    expect(summary.byAge['21'].plans).toBeLessThan(summary.byAge['19'].plans / 1.5);
  });

  it('draws LAs from the 153 codes, weighted by their January 2025 totals', () => {
    for (const code of Object.keys(summary.byLa)) expect(LA_CODES).toContain(code);
    const surrey = LAS.find((la) => la.code === '936');
    expect(summary.byLa['936'].plans / big.rowCount).toBeCloseTo((surrey?.plansJan2025 ?? 0) / 638745, 2);
    const two = summarise(generateSyntheticTable({ rows: 2000, seed: 1, las: ['202', '936'] }));
    expect(Object.keys(two.byLa).sort()).toEqual(['202', '936']);
  });
});

describe('costs', () => {
  const setting = categoryColumn(big, 'setting');
  const cost = numberColumn(big, 'annual_cost');
  const meanOf = (code: string) => {
    let s = 0;
    let n = 0;
    for (let i = 0; i < big.rowCount; i++) if (setting.dictionary[setting.codes[i]] === code) (s += cost[i]), n++;
    return s / n;
  };

  it('gives ISS a mean fee of £60,000–£68,000, from about £30,000 to £150,000+', () => {
    expect(meanOf('iss')).toBeGreaterThan(60000);
    expect(meanOf('iss')).toBeLessThan(68000);
    const iss: number[] = [];
    for (let i = 0; i < big.rowCount; i++) if (setting.dictionary[setting.codes[i]] === 'iss') iss.push(cost[i]);
    iss.sort((a, b) => a - b);
    expect(iss[Math.floor(iss.length * 0.05)]).toBeGreaterThan(25000);
    expect(iss[Math.floor(iss.length * 0.05)]).toBeLessThan(40000);
    expect(iss[iss.length - 1]).toBeGreaterThan(150000);
  });

  it.each([
    ['special_maintained', 24000, 28000],
    ['special_academy', 24000, 28000],
    ['spi', 33000, 39000],
    ['mainstream', 2500, 5000],
    ['ap', 20000, 27000],
  ])('gives %s a mean cost between £%s and £%s', (code, lo, hi) => {
    expect(meanOf(code)).toBeGreaterThan(lo);
    expect(meanOf(code)).toBeLessThan(hi);
  });

  it('splits place funding and top-up where they apply, summing to the annual cost', () => {
    const place = numberColumn(big, 'place_funding');
    const top = numberColumn(big, 'top_up');
    for (let i = 0; i < big.rowCount; i++) {
      const code = setting.dictionary[setting.codes[i]];
      if (code === 'elsewhere' || code === 'unknown') {
        expect(Number.isNaN(place[i]) && Number.isNaN(top[i])).toBe(true);
        continue;
      }
      if (Math.abs(place[i] + top[i] - cost[i]) > 1e-6) throw new Error(`row ${i}: ${place[i]} + ${top[i]} ≠ ${cost[i]}`);
      if (code === 'special_maintained' && place[i] !== 10000) throw new Error(`row ${i}: place funding ${place[i]}`);
      if (code === 'iss' && place[i] !== 0) throw new Error(`row ${i}: ISS place funding ${place[i]}`);
    }
  });

  it('marks residential weeks (38 or 52) only for ISS and NMSS', () => {
    const res = numberColumn(big, 'residential');
    let residential = 0;
    for (let i = 0; i < big.rowCount; i++) {
      if (Number.isNaN(res[i])) continue;
      residential++;
      expect([38, 52]).toContain(res[i]);
      expect(['iss', 'nmss']).toContain(setting.dictionary[setting.codes[i]]);
    }
    expect(residential).toBeGreaterThan(0);
  });

  it('gives ISS a few large groups and many small providers', () => {
    const provider = categoryColumn(big, 'provider_id');
    const counts = new Map<string, number>();
    let iss = 0;
    for (let i = 0; i < big.rowCount; i++) {
      if (setting.dictionary[setting.codes[i]] !== 'iss') continue;
      iss++;
      const p = provider.dictionary[provider.codes[i]];
      counts.set(p, (counts.get(p) ?? 0) + 1);
    }
    const groups = [...counts].filter(([p]) => p.startsWith('iss-g'));
    expect(groups).toHaveLength(5);
    expect(groups.reduce((s, [, c]) => s + c, 0) / iss).toBeCloseTo(0.3, 1);
    expect(counts.size).toBeGreaterThan(300);
  });

  it('sets governance where the S251 line depends on it', () => {
    const gov = categoryColumn(big, 'governance');
    for (let i = 0; i < 2000; i++) {
      const code = setting.dictionary[setting.codes[i]];
      const g = categoryValue(gov, i);
      if (code === 'special_maintained') expect(g).toBe('la_maintained');
      else if (code === 'special_academy') expect(g).toBe('academy');
      else if (code === 'mainstream' || code === 'resourced' || code === 'ap') expect(g).not.toBeNull();
      else expect(g).toBeNull();
    }
  });
});

describe('the synthetic table is valid placement data', () => {
  it('rebuilds through buildTable without a rejected row, giving the same summary', () => {
    const t = generateSyntheticTable({ rows: 3000, seed: 5 });
    const rebuilt = buildTable(tableRows(t), { file: 'synthetic.csv' });
    expect(rebuilt.rejected).toEqual([]);
    expect(rebuilt.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(rebuilt.issues.every((i) => i.rule === 'zero-cost')).toBe(true);
    expect(summarise(rebuilt.table)).toEqual(summarise(t));
  });
});

describe('the figures behind it', () => {
  const counted = SETTING_CODES.filter((c): c is DfeCountedSetting => c !== 'ap_independent');

  it("sum, per setting, to the setting's January 2025 count (needs and ages)", () => {
    for (const code of counted) {
      const plans = settingInfo(code).plansJan2025;
      expect(NEED_COUNTS_BY_SETTING[code].reduce((a, b) => a + b, 0), code).toBe(plans);
      expect(AGE_COUNTS_BY_SETTING[code].reduce((a, b) => a + b, 0), code).toBe(plans);
    }
  });

  it('match ehcp_need_by_placement_england_jan2025.csv', () => {
    const { records } = readSharedCsv('ehcp_need_by_placement_england_jan2025.csv');
    const byLabel = new Map(records.map((r) => [r.placement_type, r]));
    for (const code of counted) {
      const labels = code === 'ap' ? ['AP/PRU - total'] : code === 'elsewhere' ? ['Educated elsewhere - total'] : settingInfo(code).dfeLabels;
      NEEDS.forEach((need, k) => {
        const expected = need.extractColumn ? labels.reduce((s, l) => s + Number(byLabel.get(l)?.[need.extractColumn as string]), 0) : 0;
        expect(NEED_COUNTS_BY_SETTING[code][k], `${code} ${need.code}`).toBe(expected);
      });
    }
  });

  it('match caseload.csv ages by setting (England, January 2025)', () => {
    const { records } = readSharedCsv('dfe-ehcp-2025/caseload.csv');
    const ages = records.filter((r) => r.time_period === '202425' && r.geographic_level === 'National' && r.breakdown_topic === 'Child or young persons age');
    const bucket = (label: string) => (label === 'under 3' ? 0 : Number(label.replace('age ', '')) - 2);
    for (const code of counted) {
      const expected = new Array(24).fill(0);
      for (const r of ages) expected[bucket(r.breakdown)] += settingInfo(code).dfeColumns.reduce((s, c) => s + Number(r[c]), 0);
      expect([...AGE_COUNTS_BY_SETTING[code]], code).toEqual(expected);
    }
  });

  it('give every cost figure a unit and a source, and shares that sum to 1', () => {
    for (const code of SETTING_CODES) {
      const model = COST_MODELS[code];
      expect(model.placeFunding.source.length).toBeGreaterThan(10);
      for (const b of model.branches) for (const f of [b.share, b.topUpMean, b.topUpCv]) expect(f.source.length * f.unit.length).toBeGreaterThan(0);
      for (let age = 0; age <= 25; age++) {
        const applies = model.branches.filter((b) => !b.ages || (age >= b.ages[0] && age <= b.ages[1]));
        expect(applies.reduce((s, b) => s + b.share.value, 0), `${code} at ${age}`).toBeCloseTo(1, 10);
      }
    }
    for (const pool of Object.values(PROVIDER_POOLS)) expect(pool?.count.source.length).toBeGreaterThan(10);
  });
});

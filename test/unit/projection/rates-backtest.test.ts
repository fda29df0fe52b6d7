// Estimating demand rates (age shifts, movers as net flows) and the back-tests' mechanics on small inputs whose
// answers are known; then the committed back-test inputs run end to end (errors reported, not judged).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGES, ceasesToCensusAges, estimateMovers, estimateNationalRates, laFactor, loadRates, spreadBands, startsToCensusAges } from '../../../models/projection/rates';
import { backtestOneYear, backtestTotals, stockTable, type OneYearInputs, type TotalsInputs } from '../../../models/projection/backtest';
import { quietRates } from './helpers';

const zeros = () => new Array<number>(AGES).fill(0);

describe('estimating rates', () => {
  it('spreads an age band by the stock profile, and shifts events to census ages', () => {
    const w = zeros();
    w[20] = 1;
    w[21] = 3;
    const s = spreadBands([{ min: 20, max: 21, count: 40 }], w);
    expect([s[20], s[21]]).toEqual([10, 30]);
    const starts = zeros();
    starts[10] = 100;
    const j = startsToCensusAges(starts, 0.5);
    expect([j[10], j[11]]).toEqual([50, 50]);
    const ceases = zeros();
    ceases[19] = 100;
    const l = ceasesToCensusAges(ceases, 0.5);
    expect([l[18], l[19]]).toEqual([50, 50]);
  });

  it('joiners and leavers add up to the published totals, everyone aged 25 leaves, and the net other change closes the year', () => {
    const stock = zeros().map((_, a) => (a >= 4 && a <= 25 ? 100 : 0));
    const r = estimateNationalRates(
      {
        stockByAge: stock, stockTotal: 2200, nextStockTotal: 2400,
        started: [{ min: 5, max: 5, count: 300, bySetting: { mainstream: 300 } }],
        ceased: [{ min: 20, max: 25, count: 250 }, { min: 15, max: 15, count: 40 }],
        ceasedUnknownAge: 0, startedTotal: 300, ceasedTotal: 290,
      },
      { sameAge: 0.5, settings: ['mainstream'] },
    );
    expect(r.leaverRateByAge[25]).toBe(1);
    expect(r.modelJoiners).toBeCloseTo(300, 9);
    expect(r.modelLeavers).toBeCloseTo(290, 9);
    expect(r.netOtherRate).toBeCloseTo(2400 / (2200 - 290 + 300) - 1, 12);
    expect(r.joinerRateByAge[5] + r.joinerRateByAge[6]).toBeCloseTo(300 / 2200, 12);
  });

  it('reads moves as net flows: the settings that come out short send to those that come out long', () => {
    // Age 10 → 11 with no joiners or leavers: mainstream 100 → 70, special 0 → 30.
    const from = Array.from({ length: AGES }, () => [0, 0]);
    const to = Array.from({ length: AGES }, () => [0, 0]);
    from[10] = [100, 0];
    to[11] = [70, 30];
    const joiners = Array.from({ length: AGES }, () => [0, 0]);
    const m = estimateMovers({ from, to, joiners, leaverRateByAge: zeros(), settings: ['mainstream', 'special_maintained'] });
    expect(m).toEqual([{ atAge: 11, out: { mainstream: expect.closeTo(0.3, 12) }, to: { special_maintained: 1 } }]);
  });

  it('an LA factor is its rate over England\'s', () => {
    expect(laFactor(20, 100, 1000, 10000)).toBeCloseTo(2, 12);
    expect(laFactor(null, 100, 1000, 10000)).toBeNull();
  });

  it('the shipped rates file is valid, and says where every figure comes from', () => {
    const json = JSON.parse(readFileSync(join(process.cwd(), 'scenarios/derived/flows-2024.json'), 'utf8'));
    const { rates, issues } = loadRates(json, { file: 'flows-2024.json' });
    expect(issues).toEqual([]);
    expect(rates?.leavers.rateByAge[25]).toBe(1);
    for (const k of ['joiners', 'leavers', 'laFactors', 'joinerSettingMix', 'movers', 'netOtherChange'] as const) expect(rates?.[k].source).toMatch(/DfE|calendar|caseload/);
    // Moves are concentrated at phase transfer: the largest share of mainstream stayers moving is at 11 or 16.
    const out = (rates?.movers.byAge ?? []).map((m) => ({ age: m.atAge, share: m.out.mainstream ?? 0 })).filter((m) => m.age > 5);
    expect([11, 16]).toContain(out.sort((a, b) => b.share - a.share)[0].age);
  });
});

describe('back-test mechanics', () => {
  it('(a) projects a stock one year with the engine: a known toy gives known numbers', () => {
    const stock = { '202': [zeros(), zeros()] };
    stock['202'][0][10] = 100; // mainstream aged 10
    stock['202'][1][25] = 7; // special aged 25: all leave
    const rates = quietRates((r) => {
      r.joiners.rateByAge[5] = 0.1;
      r.movers.byAge = [{ atAge: 11, out: { mainstream: 0.2 }, to: { special_maintained: 1 } }];
    });
    const input: OneYearInputs = {
      rates, settings: ['mainstream', 'special_maintained'],
      stock2024: { byLa: stock, imputed: [], source: 'toy' },
      actual2025: { byLa: { '202': [zeros(), zeros()] }, imputed: [], totals: { '202': 100 }, national: { total: 100, bySetting: { mainstream: 90, special_maintained: 10 } }, source: 'toy' },
    };
    const r = backtestOneYear(input);
    // 107 − 7 leavers + 10.7 joiners = 110.7; mainstream 80 + 10.7 = 90.7, special 20.
    expect(r.national.projected).toBeCloseTo(110.7, 9);
    expect(r.national.error).toBeCloseTo(0.107, 9);
    expect(r.bySetting.find((l) => l.key === 'mainstream')?.projected).toBeCloseTo(90.7, 9);
    expect(r.bySetting.find((l) => l.key === 'special_maintained')?.projected).toBeCloseTo(20, 9);
    expect(r.mapeLa).toBeCloseTo(0.107, 9);
    expect(stockTable(stock, input.settings).rowCount).toBe(2);
  });

  it('(b) grows January 2022 totals three years at the 2019–2022 rates and compares a split LA with its successors', () => {
    const input: TotalsInputs = {
      caseload: {
        byYear: { '2019': { '909': 100, '202': 100 }, '2020': { '909': 110, '202': 100 }, '2021': { '909': 121, '202': 100 }, '2022': { '909': 133.1, '202': 100 }, '2025': { '942': 100, '943': 77.1561, '202': 110 } },
        national: { '2019': 200, '2020': 210, '2021': 221, '2022': 233.1, '2025': 287.1561 },
      },
      newPlans: { byYear: { '2019': { '909': 20, '202': 10 }, '2020': { '909': 22, '202': 10 }, '2021': { '909': 24.2, '202': 10 } }, national: { '2019': 30, '2020': 32, '2021': 34.2 } },
      successors: { '909': ['942', '943'], source: 'toy' },
    };
    const r = backtestTotals(input);
    // 909 grows 10% a year (20% new, −10% other): 133.1 × 1.1³ = 177.1561 vs 942 + 943 = 177.1561.
    expect(r.cumbria?.projected).toBeCloseTo(177.1561, 9);
    expect(r.cumbria?.error).toBeCloseTo(0, 9);
    expect(r.byLa.find((l) => l.key === '202')?.error).toBeCloseTo(100 / 110 - 1, 9);
  });

  it('runs on the committed inputs and reports national, setting and LA errors', () => {
    const read = (f: string) => JSON.parse(readFileSync(join(process.cwd(), 'scenarios/derived', f), 'utf8'));
    const a = backtestOneYear(read('backtest-2024.json'));
    expect(a.national.actual).toBe(638745);
    expect(a.bySetting).toHaveLength(14);
    expect(a.byLa.length).toBe(153);
    expect(Number.isFinite(a.mapeLa)).toBe(true);
    const b = backtestTotals(read('backtest-totals.json'));
    expect(b.cumbria?.key).toBe('909 (vs 942 + 943)');
    expect(b.cumbria?.actual).toBe(2893 + 2377);
    expect(b.national.actual).toBe(638745);
  });
});

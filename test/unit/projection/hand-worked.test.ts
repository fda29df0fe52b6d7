// Twenty placements projected three financial years, every figure worked by hand below (independent of the engine).
//
// Inputs. One LA (202), one need (ASD). Rulebook: band I (ISS) £45,000, S (maintained special) £20,000, M (all else)
// £5,000, × a tariff index of 1 in 2025-26 and 1.1 from 2026-27. Current costs uplifted 0%, 2%, 2% (index 1, 1.02,
// 1.0404). Rates: joiners 10% of the whole caseload at the previous census, all arriving at age 5 in mainstream;
// leavers 25% at age 19 and everyone at 25; movers: half of mainstream stayers aged 10 move to maintained special at
// 11; no net other change. Tariff adopted for all placements from 2026-04-01 (so the scenario basis is today's costs
// in 2025-26 and the tariff after).
//
// January 2025 (N0), cost each:  ms9 ×4 £6,000 · ms10 ×4 £6,000 · ms15 ×2 £7,000 · sp10 ×2 £22,000 · sp15 ×2 £24,000 ·
//   sp24 ×1 £25,000 · sp25 ×1 £26,000 · iss12 ×2 £60,000 · iss19 ×2 £50,000                              (20 plans)
// Cells nobody is in today borrow the LA × setting × band average: mainstream (4·6000+4·6000+2·7000)/10 = £6,200;
//   special (2·22000+2·24000+25000+26000)/6 = £23,833.33…; ISS (2·60000+2·50000)/4 = £55,000.
//
// Step to January 2026 (N1): iss19 loses 25% (1.5 stay) and ages to iss20; sp25 leaves; of ms10's 4, 2 move to sp11 and
//   2 age to ms11; joiners 10% × 20 = 2 → ms5.  N1 = ms5 2 · ms10 4 · ms11 2 · ms16 2 · sp11 4 · sp16 2 · sp25 1 ·
//   iss13 2 · iss20 1.5 = 20.5.
// Step to January 2027 (N2): sp25 leaves; ms10's 4 → 2 to sp11, 2 to ms11; joiners 10% × 20.5 = 2.05.
//   N2 = ms5 2.05 · ms6 2 · ms11 2 · ms12 2 · ms17 2 · sp11 2 · sp12 4 · sp17 2 · iss14 2 · iss21 1.5 = 21.55.
// Step to January 2028 (N3): nobody leaves or moves; joiners 10% × 21.55 = 2.155.
//   N3 = ms5 2.155 · ms6 2.05 · ms7 2 · ms12 2 · ms13 2 · ms18 2 · sp12 2 · sp13 4 · sp18 2 · iss15 2 · iss22 1.5 = 23.705.
//
// Current cost of each census at base prices: N0 = 425,000; N1 = 6200·(2+2+2) + 6000·4 + 23833.33·(4+2) + 26000 +
//   55000·3.5 = 422,700; N2 = 6200·10.05 + 23833.33·8 + 55000·3.5 = 445,476.67; N3 = 6200·12.205 + 23833.33·8 +
//   55000·3.5 = 458,837.67.
// Financial years (5/12 of the academic year ending in it + 7/12 of the one starting in it, at the year's prices):
//   current 2025-26 = 5/12·425,000 + 7/12·422,700 = 423,658.33
//   current 2026-27 = 1.02 × (5/12·422,700 + 7/12·445,476.67) = 444,706.12
//   current 2027-28 = 1.0404 × (5/12·445,476.67 + 7/12·458,837.67) = 471,582.72
// Tariff (band counts M/S/I): N0 10/6/4 → 350,000; N1 10/7/3.5 → 347,500; N2 10.05/8/3.5 → 367,750;
//   N3 12.205/8/3.5 → 378,525.  tariff 2025-26 = 5/12·350,000 + 7/12·347,500 = 348,541.67;
//   2026-27 = 1.1 × (5/12·347,500 + 7/12·367,750) = 395,243.75; 2027-28 = 1.1 × (5/12·367,750 + 7/12·378,525) = 411,438.96.
// Scenario: current in 2025-26, tariff in 2026-27 and 2027-28. Funding: £500,000 a year, non-placement £10,000,
//   opening balance −£50,000: in-year = 500,000 − scenario − 10,000.
import { describe, expect, it } from 'vitest';
import { centralRun, quietRates, scenarioOf, tableOf } from './helpers';

const sp = 143000 / 6;
const N0 = 425000;
const N1 = 6200 * 6 + 6000 * 4 + sp * 6 + 26000 + 55000 * 3.5;
const N2 = 6200 * 10.05 + sp * 8 + 55000 * 3.5;
const N3 = 6200 * 12.205 + sp * 8 + 55000 * 3.5;
const fy = (a: number, b: number) => (5 / 12) * a + (7 / 12) * b;
const current = [fy(N0, N1), 1.02 * fy(N1, N2), 1.02 * 1.02 * fy(N2, N3)];
const T = [350000, 347500, 367750, 378525];
const tariff = [fy(T[0], T[1]), 1.1 * fy(T[1], T[2]), 1.1 * fy(T[2], T[3])];
const scenarioSpend = [current[0], tariff[1], tariff[2]];

describe('twenty placements, three years, worked by hand', () => {
  const table = tableOf([
    [4, 'mainstream', 9, 6000], [4, 'mainstream', 10, 6000], [2, 'mainstream', 15, 7000],
    [2, 'special_maintained', 10, 22000], [2, 'special_maintained', 15, 24000], [1, 'special_maintained', 24, 25000], [1, 'special_maintained', 25, 26000],
    [2, 'iss', 12, 60000], [2, 'iss', 19, 50000],
  ]);
  const rates = quietRates((r) => {
    r.joiners.rateByAge[5] = 0.1;
    r.leavers.rateByAge[19] = 0.25;
    r.movers.byAge = [{ atAge: 11, out: { mainstream: 0.5 }, to: { special_maintained: 1 } }];
  });
  const scenario = scenarioOf((s) => {
    s.costs.uplift = [{ from: '2025-26', rate: 0, source: 't' }, { from: '2026-27', rate: 0.02, source: 't' }];
    s.levers.tariff = { adoption: 'all', from: '2026-04-01', scale: 1, protection: 'none' };
  });
  const { outcome, cells } = centralRun(scenario, table, rates);

  it('worked the hand example itself right (hand figures add up)', () => {
    expect(N1).toBeCloseTo(422700, 6);
    expect(current[1]).toBeCloseTo(444706.1167, 3);
    expect(tariff[2]).toBeCloseTo(411438.9583, 3);
  });

  it('counts plans at each January census', () => {
    expect(outcome.plans[0]).toBeCloseTo(20.5, 10);
    expect(outcome.plans[1]).toBeCloseTo(21.55, 10);
    expect(outcome.plans[2]).toBeCloseTo(23.705, 10);
  });

  it('puts each cohort where the hand working does at January 2028', () => {
    expect(cells('mainstream', 5)).toBeCloseTo(2.155, 10);
    expect(cells('mainstream', 6)).toBeCloseTo(2.05, 10);
    expect(cells('mainstream', 13)).toBeCloseTo(2, 10);
    expect(cells('special_maintained', 12)).toBeCloseTo(2, 10);
    expect(cells('special_maintained', 13)).toBeCloseTo(4, 10);
    expect(cells('iss', 22)).toBeCloseTo(1.5, 10);
    expect(cells('special_maintained', 25) + cells('special_maintained', 26)).toBe(0);
  });

  it('costs every financial year on the three bases exactly as worked', () => {
    outcome.spend.current.total.forEach((v, i) => expect(v).toBeCloseTo(current[i], 6));
    outcome.spend.tariff.total.forEach((v, i) => expect(v).toBeCloseTo(tariff[i], 6));
    outcome.spend.scenario.total.forEach((v, i) => expect(v).toBeCloseTo(scenarioSpend[i], 6));
  });

  it('splits spend by sector (ISS is independent) and each total is the sum of its sectors', () => {
    // ISS current 2025-26: N0 2·60000 + 2·50000 = 220,000; N1 55000·3.5 = 192,500.
    expect(outcome.spend.current.bySector.independent[0]).toBeCloseTo(fy(220000, 192500), 6);
    for (const b of ['current', 'tariff', 'scenario'] as const)
      outcome.spend[b].total.forEach((t, i) => expect(t).toBe(['maintained', 'independent', 'ap', 'other'].reduce((s, k) => s + outcome.spend[b].bySector[k as 'ap'][i], 0)));
  });

  it('balances the DSG: in-year = allocation − scenario − non-placement; cumulative carries the opening balance', () => {
    outcome.funding.inYear.forEach((v, i) => expect(v).toBeCloseTo(500000 - scenarioSpend[i] - 10000, 6));
    let balance = -50000;
    outcome.funding.cumulative.forEach((v, i) => {
      balance += 500000 - scenarioSpend[i] - 10000;
      expect(v).toBeCloseTo(balance, 6);
    });
  });

  it('shows the flows of each step in the waterfall, net other change included', () => {
    const f = outcome.flows[0];
    expect(f.opening).toBe(20);
    expect(f.joiners).toBeCloseTo(2, 12);
    expect(f.leavers).toBeCloseTo(1.5, 12);
    expect(f.moved).toBeCloseTo(2, 12);
    expect(f.netOther).toBe(0);
    expect(f.closing).toBeCloseTo(20.5, 12);
  });
});

// The projection's mechanics one at a time: the 5/12 + 7/12 financial-year split, ageing across every phase
// boundary, everyone leaving after 25, joiners relative to the caseload, the levers that move placements or change
// prices, and the funding side (allocation roll-forward, write-off, override marker).
import { describe, expect, it } from 'vitest';
import { financialYearCost, FY_SHARE_OF_ENDING_AY, FY_SHARE_OF_STARTING_AY } from '../../../models/projection/project';
import { DSG_AGE_GROUPS, PHASES } from '../../../models/vocab/phases';
import { centralRun, quietRates, scenarioOf, tableOf } from './helpers';

describe('financial year = 5/12 of the academic year ending in it + 7/12 of the one starting in it', () => {
  it('weights the two academic years 5:7', () => {
    expect(FY_SHARE_OF_ENDING_AY).toBe(5 / 12);
    expect(FY_SHARE_OF_STARTING_AY).toBe(7 / 12);
    expect(financialYearCost(1200, 2400)).toBe(1900);
    expect(financialYearCost(12, 0)).toBe(5);
  });

  it('costs a growing caseload in 2025-26 from the January 2025 and January 2026 censuses', () => {
    // 12 placements at £1,000 in January 2025; 24 joiners arrive (rate 2 × caseload) at age 5: 36 in January 2026.
    const table = tableOf([[12, 'mainstream', 8, 1000]]);
    const rates = quietRates((r) => (r.joiners.rateByAge[5] = 2));
    const { outcome } = centralRun(scenarioOf((s) => (s.horizon.years = 1)), table, rates);
    expect(outcome.plans[0]).toBe(36);
    // Joiners' cells borrow the LA's mainstream average (£1,000): 5/12 × 12,000 + 7/12 × 36,000 = 26,000.
    expect(outcome.spend.current.total[0]).toBeCloseTo(26000, 9);
  });
});

describe('ageing', () => {
  const boundaries = PHASES.slice(0, -1).map((p, k) => ({ from: p.code, to: PHASES[k + 1].code, age: p.maxAge }));
  it.each(boundaries)('a placement aged $age ($from) is in $to a year later', ({ age, to }) => {
    const table = tableOf([[3, 'special_maintained', age, 20000]]);
    const { outcome, cells } = centralRun(scenarioOf((s) => (s.horizon.years = 1)), table, quietRates());
    expect(cells('special_maintained', age)).toBe(0);
    expect(cells('special_maintained', age + 1)).toBe(3);
    const group = DSG_AGE_GROUPS.find((g) => age + 1 >= g.minAge && age + 1 <= g.maxAge)!;
    expect(outcome.plansByAgeGroup[group.code][0]).toBe(3);
    expect(PHASES.find((p) => p.code === to)!.minAge).toBe(age + 1);
  });

  it('moves every age one year on, 0 to 24', () => {
    const table = tableOf(Array.from({ length: 25 }, (_, a) => [1, 'elsewhere', a, 1000] as [number, string, number, number]));
    const { cells } = centralRun(scenarioOf((s) => (s.horizon.years = 1)), table, quietRates());
    for (let a = 1; a <= 25; a++) expect(cells('elsewhere', a)).toBe(1);
    expect(cells('elsewhere', 0)).toBe(0);
  });
});

describe('leavers', () => {
  it('everyone aged 25 leaves (plans end after 25), even with every leaver rate 0', () => {
    const table = tableOf([[5, 'fe', 25, 9000], [4, 'fe', 24, 9000]]);
    const rates = quietRates((r) => (r.leavers.rateByAge[25] = 0));
    const { outcome, cells } = centralRun(scenarioOf((s) => (s.horizon.years = 2)), table, rates);
    expect(outcome.plans[0]).toBe(4);
    expect(cells('fe', 25)).toBe(0);
    expect(outcome.plans[1]).toBe(0);
    expect(outcome.flows[0].leavers).toBe(5);
  });

  it('applies the leaver rate of the age at the census, scaled by the multiplier, never above 1', () => {
    const table = tableOf([[10, 'fe', 18, 9000]]);
    const rates = quietRates((r) => (r.leavers.rateByAge[18] = 0.3));
    expect(centralRun(scenarioOf((s) => (s.horizon.years = 1)), table, rates).outcome.plans[0]).toBeCloseTo(7, 12);
    expect(centralRun(scenarioOf((s) => ((s.horizon.years = 1), (s.demand.leavers.multiplier = 2))), table, rates).outcome.plans[0]).toBeCloseTo(4, 12);
    expect(centralRun(scenarioOf((s) => ((s.horizon.years = 1), (s.demand.leavers.multiplier = 5))), table, rates).outcome.plans[0]).toBe(0);
  });
});

describe('joiners, movers and net other change', () => {
  it('joiners scale with the caseload, its LA factor and the multiplier', () => {
    const table = tableOf([[100, 'mainstream', 8, 1000]]);
    const rates = quietRates((r) => {
      r.joiners.rateByAge[6] = 0.1;
      r.laFactors.joiners['202'] = 1.5;
    });
    const { outcome } = centralRun(scenarioOf((s) => ((s.horizon.years = 1), (s.demand.joiners.multiplier = 2))), table, rates);
    expect(outcome.flows[0].joiners).toBeCloseTo(100 * 0.1 * 1.5 * 2, 10);
  });

  it('net other change applies to the stock after flows', () => {
    const table = tableOf([[100, 'mainstream', 8, 1000]]);
    const { outcome } = centralRun(scenarioOf((s) => ((s.horizon.years = 2), (s.demand.netOtherChange.rate = 0.05))), table, quietRates());
    expect(outcome.plans[0]).toBeCloseTo(105, 10);
    expect(outcome.plans[1]).toBeCloseTo(110.25, 10);
    expect(outcome.flows[0].netOther).toBeCloseTo(5, 10);
  });

  it('a growth override grows only its need or setting', () => {
    const table = tableOf([[100, 'mainstream', 8, 1000], [50, 'iss', 12, 60000]]);
    const { cells } = centralRun(scenarioOf((s) => ((s.horizon.years = 1), (s.demand.growthOverrides = [{ setting: 'iss', rate: 0.1, source: 't' }]))), table, quietRates());
    expect(cells('iss', 13)).toBeCloseTo(55, 10);
    expect(cells('mainstream', 9)).toBe(100);
  });

  it('movers change setting at the age the table says, keeping the total', () => {
    const table = tableOf([[100, 'mainstream', 15, 7000]]);
    const rates = quietRates((r) => (r.movers.byAge = [{ atAge: 16, out: { mainstream: 0.8 }, to: { fe: 0.75, spi: 0.25 } }]));
    const { outcome, cells } = centralRun(scenarioOf((s) => (s.horizon.years = 1)), table, rates);
    expect(cells('fe', 16)).toBeCloseTo(60, 10);
    expect(cells('spi', 16)).toBeCloseTo(20, 10);
    expect(cells('mainstream', 16)).toBeCloseTo(20, 10);
    expect(outcome.plans[0]).toBeCloseTo(100, 10);
  });
});

describe('levers', () => {
  const table = tableOf([[100, 'iss', 12, 60000], [200, 'mainstream', 8, 6000], [20, 'ap', 13, 20000]]);

  it('new capacity moves up to the places opened each year from the source settings', () => {
    const s = scenarioOf((x) => {
      x.horizon.years = 2;
      x.levers.capacity = [{ to: 'special_maintained', from: '2025-26', placesPerYear: 30, sources: { iss: 0.5, mainstream: 0.5 }, ages: [5, 15], source: 't' }];
    });
    const { outcome, cells } = centralRun(s, table, quietRates());
    // Year 1: 15 ISS placements (aged 13 by then) and 15 mainstream (aged 9) move; year 2: 15 more of each, a year
    // older, joining the first movers as they age.
    expect(cells('special_maintained', 14)).toBeCloseTo(30, 9);
    expect(cells('special_maintained', 10)).toBeCloseTo(30, 9);
    expect(cells('iss', 14)).toBeCloseTo(70, 9);
    expect(outcome.flows[0].capacityMoved).toBeCloseTo(30, 9);
    expect(outcome.flows[1].capacityMoved).toBeCloseTo(30, 9);
    expect(outcome.plans[1]).toBeCloseTo(320, 9);
  });

  it('the AP reform diverts its share of new AP placements to mainstream', () => {
    const t = tableOf([[100, 'mainstream', 12, 6000], [10, 'ap', 13, 20000]]);
    const rates = quietRates((r) => {
      r.joiners.rateByAge[14] = 0.1;
      r.joinerSettingMix = { settings: ['ap'], byAge: r.joinerSettingMix.byAge.map(() => [1]), source: 't' };
    });
    const s = scenarioOf((x) => ((x.horizon.years = 1), (x.levers.apReform = { from: '2025-26', tier1Share: 0.3, tier2Share: 0.2, tier2Months: 6, source: 't' })));
    const { outcome, cells } = centralRun(s, t, rates);
    // 11 joiners to AP; keep 1 − 0.3 − 0.2 × (1 − 6/12) = 0.6 → 6.6 in AP, 4.4 to mainstream (ages 14).
    expect(cells('ap', 14)).toBeCloseTo(10 + 6.6, 9);
    expect(cells('mainstream', 14)).toBeCloseTo(4.4, 9);
    expect(outcome.flows[0].apDiverted).toBeCloseTo(4.4, 9);
  });

  it('the ISS fee cap caps each fee at band price × (1 + premium) on the scenario basis only', () => {
    const t = tableOf([[1, 'iss', 12, 40000], [1, 'iss', 12, 80000]]);
    const s = scenarioOf((x) => ((x.horizon.years = 1), (x.levers.issFeeCap = { from: '2025-26', premium: 0.2, source: 't' })));
    const { outcome } = centralRun(s, t, quietRates());
    // Band I £45,000 × 1.2 = £54,000: 40,000 stays, 80,000 is capped to 54,000. A year on, the two are in the age-13
    // cell, whose price is borrowed from the same two fees, capped fee by fee: 94,000 again.
    expect(outcome.spend.scenario.total[0]).toBeCloseTo(94000, 6);
    expect(outcome.spend.current.total[0]).toBeCloseTo(120000, 6);
  });

  it('adoption for new placements only prices joiners at tariff and the rest at today\'s cost', () => {
    const t = tableOf([[10, 'mainstream', 8, 6000]]);
    const rates = quietRates((r) => (r.joiners.rateByAge[5] = 1));
    const s = scenarioOf((x) => ((x.horizon.years = 1), (x.levers.tariff = { adoption: 'new', from: '2025-04-01', scale: 1, protection: 'none' })));
    const { outcome } = centralRun(s, t, rates);
    // January 2026: 10 old (£6,000) + 10 joiners at tariff M £5,000 (index 1 in 2025-26).
    expect(outcome.spend.scenario.total[0]).toBeCloseTo((5 / 12) * 60000 + (7 / 12) * (60000 + 50000), 6);
    expect(outcome.plans[0]).toBe(20);
  });

  it('phased adoption moves a third of the way to the tariff each year, within transitional protection', () => {
    const t = tableOf([[1, 'iss', 12, 90000]]);
    const s = scenarioOf((x) => ((x.horizon.years = 3), (x.levers.tariff = { adoption: 'phased', from: '2025-04-01', years: 3, scale: 1, protection: { cap: null, floor: -0.1 } })));
    const { outcome } = centralRun(s, t, quietRates((r) => (r.leavers.rateByAge[25] = 1)), undefined);
    // Target 2025-26: 90,000 + (45,000 − 90,000)/3 = 75,000, but a fall is limited to 10%: 81,000. 2026-27: target
    // 90,000 + 2/3 × (49,500 − 90,000) = 63,000 → floor 72,900. 2027-28: 49,500 → 65,610.
    expect(outcome.spend.scenario.total).toEqual([81000, 72900, 65610].map((x) => expect.closeTo(x, 6)));
  });

  it('the tariff scale multiplies tariff prices', () => {
    const t = tableOf([[4, 'iss', 12, 60000]]);
    const { outcome } = centralRun(scenarioOf((x) => ((x.horizon.years = 1), (x.levers.tariff.scale = 0.8))), t, quietRates());
    expect(outcome.spend.tariff.total[0]).toBeCloseTo(4 * 45000 * 0.8, 6);
  });

  it('ISS fees can rise faster than state top-ups (indexation per setting)', () => {
    const t = tableOf([[1, 'iss', 12, 60000], [1, 'special_maintained', 12, 20000]]);
    const s = scenarioOf((x) => {
      x.horizon.years = 2;
      x.costs.uplift = [{ from: '2025-26', rate: 0, source: 't' }, { from: '2026-27', rate: 0.02, source: 't' }];
      x.costs.settingUplift = { iss: [{ from: '2026-27', rate: 0.05, source: 't' }] };
    });
    const { outcome } = centralRun(s, t, quietRates());
    expect(outcome.bySetting.iss.current[1]).toBeCloseTo(63000, 6);
    expect(outcome.bySetting.special_maintained.current[1]).toBeCloseTo(20400, 6);
  });
});

describe('funding', () => {
  const table = tableOf([[10, 'mainstream', 8, 10000]]);
  it('rolls allocations forward with growth where a year has none', () => {
    const s = scenarioOf((x) => ((x.funding.allocation.growth = 0.1), (x.funding.allocation.amounts['2026-27'] = { value: 600000, source: 't' })));
    expect(centralRun(s, table, quietRates()).outcome.funding.allocation).toEqual([500000, 600000, expect.closeTo(660000, 6)]);
  });

  it('writes off 90% of the deficit accrued to 31 March 2026 as a grant in 2026-27', () => {
    const s = scenarioOf((x) => (x.funding.writeOff.enabled = true));
    const f = centralRun(s, table, quietRates()).outcome.funding;
    // Spend 100,000 a year; in-year 500,000 − 100,000 − 10,000 = 390,000: no deficit at March 2026 → no grant.
    expect(f.writeOff).toEqual([0, 0, 0]);
    const deficit = scenarioOf((x) => ((x.funding.writeOff.enabled = true), (x.funding.allocation.amounts['2025-26'].value = 50000)));
    const g = centralRun(deficit, table, quietRates()).outcome.funding;
    // March 2026: −50,000 + (50,000 − 100,000 − 10,000) = −110,000; grant 99,000 in 2026-27.
    expect(g.cumulative[0]).toBeCloseTo(-110000, 6);
    expect(g.writeOff[1]).toBeCloseTo(99000, 6);
    expect(g.cumulative[1]).toBeCloseTo(-110000 + g.inYear[1] + 99000, 6);
  });
});

// The DSG management plan's category × age-group breakdown adds up to the run's totals for every FY (plans and spend
// on each basis), on a small hand-made projection under every pricing path and on the example council scenario.
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { centralDsgPlan, dsgPlan, nonPlacementLines, type DsgPlan } from '../../../models/projection/dsg-plan';
import { prepareProjection } from '../../../models/projection/prepare';
import { Projector, assumptionsOf, type DrawDetail } from '../../../models/projection/project';
import { runOnce, type RunOutcome } from '../../../models/uncertainty/simulate';
import { scenarioOfDraw } from '../../../models/uncertainty/inputs';
import { loadRunInputs, loadScenarioFile } from '../../../cli/commands/run';
import { DSG_PLAN_CATEGORY_CODES } from '../../../models/vocab/dsg';
import { quietRates, scenarioOf, tableOf, threeBandRulebook } from './helpers';
import type { Scenario } from '../../../models/projection/scenario';

/** Within a penny (sums in a different order differ in the last bits only). */
const PENNY = 0.005;

function expectTotalsMatch(plan: DsgPlan, outcome: RunOutcome): void {
  plan.years.forEach((_, i) => {
    let plans = 0, scen = 0, cur = 0, tar = 0;
    for (const b of plan.blocks)
      for (const r of b.rows) {
        plans += r.plans[i];
        scen += r.scenario[i];
        cur += r.current[i];
        tar += r.tariff[i];
      }
    expect(Math.abs(plans - outcome.plans[i])).toBeLessThan(1e-6);
    expect(Math.abs(scen - outcome.spend.scenario.total[i])).toBeLessThan(PENNY);
    expect(Math.abs(cur - outcome.spend.current.total[i])).toBeLessThan(PENNY);
    expect(Math.abs(tar - outcome.spend.tariff.total[i])).toBeLessThan(PENNY);
    expect(Math.abs(plan.placements.scenario[i] - outcome.spend.scenario.total[i])).toBeLessThan(PENNY);
    expect(Math.abs(plan.inYear[i] - outcome.funding.inYear[i])).toBeLessThan(PENNY);
    expect(Math.abs(plan.cumulative[i] - outcome.funding.cumulative[i])).toBeLessThan(PENNY);
  });
}

function planOf(scenario: Scenario, table = smallTable(), rates = quietRates((r) => ((r.joiners.rateByAge[5] = 0.2), (r.leavers.rateByAge[17] = 0.3)))) {
  const prep = prepareProjection({ scenario, table, rulebook: threeBandRulebook(), rates }, { minShare: 0 });
  const resolved = scenarioOfDraw(scenario, scenario.uncertainty.seed, 0);
  const projector = new Projector(prep);
  const detail = projector.run(assumptionsOf(prep, resolved), { detail: true }).detail as DrawDetail;
  const outcome = runOnce(prep, projector, resolved, { detail: true });
  const plan = dsgPlan({ scenario: scenario.name, years: prep.years, outcome, detail, overrideEnds: scenario.funding.overrideEnds, nonPlacementByLine: nonPlacementLines(resolved, prep.las, prep.years) });
  return { plan, outcome, prep };
}

/** Placements in five categories and every age group: ISS pupils at 9 and 14, special at 4 and 19, FE at 17 and 22. */
function smallTable() {
  return tableOf([
    [4, 'mainstream', 8, 1000],
    [2, 'resourced', 10, 6000],
    [3, 'special_maintained', 4, 20000],
    [2, 'special_maintained', 19, 22000],
    [2, 'iss', 9, 60000],
    [3, 'iss', 14, 52000],
    [2, 'fe', 17, 9000],
    [1, 'fe', 22, 9000],
    [1, 'elsewhere', 12, 3000],
  ]);
}

describe('dsgPlan on a small hand-made projection', () => {
  it('puts each setting in its DESIGN §2 category and each age in its group', () => {
    // No flows but ageing and leavers at 25: January 2026 has everyone one year older.
    const { plan } = planOf(scenarioOf((s) => (s.horizon.years = 1)), smallTable(), quietRates());
    expect(plan.blocks.map((b) => b.category)).toEqual([...DSG_PLAN_CATEGORY_CODES]);
    const cell = (cat: string, group: string) => plan.blocks.find((b) => b.category === cat)!.rows.find((r) => r.ageGroup === group)!.plans[0];
    expect(cell('mainstream', '5-10')).toBe(4);
    expect(cell('resourced', '11-15')).toBe(2); // 10 → 11
    expect(cell('special', '5-10')).toBe(3); // 4 → 5
    expect(cell('special', '20-25')).toBe(2); // 19 → 20
    expect(cell('independent', '5-10')).toBe(2);
    expect(cell('independent', '11-15')).toBe(3);
    expect(cell('post16', '16-19')).toBe(2);
    expect(cell('post16', '20-25')).toBe(1);
    expect(cell('other', '11-15')).toBe(1);
    expect(plan.blocks.find((b) => b.category === 'independent')!.settings).toEqual(['iss', 'nmss', 'mainstream_independent']);
    // ISS spend in 2025-26, no uplift: 5/12 × (2 × 60,000 + 3 × 52,000) + 7/12 × the same = 276,000.
    expect(plan.blocks.find((b) => b.category === 'independent')!.total.scenario[0]).toBeCloseTo(276000, 6);
    // Non-placement line 1.2.5 £10,000; allocation £500,000; opening −£50,000.
    expect(plan.nonPlacement.byLine).toEqual([{ line: '1.2.5', label: 'SEN support services', values: [10000] }]);
    expect(plan.totalSpend[0]).toBeCloseTo(plan.placements.scenario[0] + 10000, 6);
    expect(plan.inYear[0]).toBeCloseTo(500000 - plan.totalSpend[0], 6);
    expect(plan.cumulative[0]).toBeCloseTo(-50000 + plan.inYear[0], 6);
    expect(plan.overrideEnds).toBe('2027-28');
    expect(plan.overrideEndsIndex).toBe(2);
  });

  it.each([
    ['today\'s costs', (s: Record<string, any>) => s],
    ['tariff adopted for all', (s: Record<string, any>) => (s.levers.tariff = { adoption: 'all', from: '2026-04-01', scale: 1.1, protection: 'none' })],
    ['tariff for new placements', (s: Record<string, any>) => (s.levers.tariff = { adoption: 'new', from: '2026-04-01', scale: 1, protection: 'none' })],
    ['tariff phased in with protection', (s: Record<string, any>) => (s.levers.tariff = { adoption: 'phased', from: '2026-04-01', years: 2, scale: 1, protection: { cap: 0.05, floor: -0.03 } })],
    ['ISS fee cap', (s: Record<string, any>) => (s.levers.issFeeCap = { from: '2025-26', premium: 0.1, source: 't' })],
    ['write-off and uplifts', (s: Record<string, any>) => ((s.funding.writeOff.enabled = true), (s.costs.uplift = [{ from: '2025-26', rate: 0, source: 't' }, { from: '2026-27', rate: 0.03, source: 't' }]), (s.funding.nonPlacement.uplift = 0.02))],
  ])('category × age totals equal the run\'s totals for every FY: %s', (_name, patch) => {
    const { plan, outcome } = planOf(scenarioOf((s) => ((s.horizon.years = 4), patch(s))));
    expectTotalsMatch(plan, outcome);
    expect(plan.years).toHaveLength(4);
  });

  it('carries the write-off grant when the run has one', () => {
    const { plan, outcome } = planOf(scenarioOf((s) => ((s.horizon.years = 3), (s.funding.writeOff.enabled = true), (s.funding.allocation.amounts['2025-26'].value = 100000))));
    expect(outcome.funding.cumulative[0]).toBeLessThan(0);
    expect(plan.writeOff).toEqual(outcome.funding.writeOff);
    expect(plan.writeOff![1]).toBeCloseTo(0.9 * -Math.min(0, outcome.funding.cumulative[0]), 6);
  });
});

describe('dsgPlan on the example council scenario', () => {
  it('category × age totals equal the run\'s totals for every FY', () => {
    const path = resolve('scenarios/example-council.scenario.json');
    const { scenario } = loadScenarioFile(path);
    const inputs = loadRunInputs(scenario!, path);
    const prep = prepareProjection({ scenario: scenario!, ...inputs });
    const plan = centralDsgPlan(prep, scenario!, scenario!.uncertainty.seed);
    const outcome = runOnce(prep, new Projector(prep), scenarioOfDraw(scenario!, scenario!.uncertainty.seed, 0));
    expect(plan.scenario).toBe('Example council');
    expect(plan.years).toEqual(['2025-26', '2026-27', '2027-28', '2028-29', '2029-30']);
    expectTotalsMatch(plan, outcome);
    // Every category holds someone; the non-placement lines add up to the run's non-placement spend.
    for (const b of plan.blocks.filter((x) => x.category !== 'resourced')) expect(b.total.plans[0]).toBeGreaterThan(0);
    plan.years.forEach((_, i) => expect(plan.nonPlacement.byLine.reduce((s, l) => s + l.values[i], 0)).toBeCloseTo(outcome.nonPlacement[i], 4));
  });
});
